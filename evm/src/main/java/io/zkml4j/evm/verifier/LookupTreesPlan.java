package io.zkml4j.evm.verifier;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.ExtVectorRef;
import io.zkml4j.proof.circuit.FractionTreePlan;
import io.zkml4j.proof.circuit.LogUpPlan;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.VectorRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the Solidity statement that builds a circuit's {@code LookupTrees.Plan} (LookupTrees.sol):
 * what the lookups' verifier needs of the circuit (tables, trees, the sumchecks' masks), with the
 * Java verifier's symbolic commitment and polynomial numbers, as one {@code hex"..."} constant of
 * LEB128 numbers that {@code LookupTrees.decode} reads: statements filling the structs field by field
 * took ~5 KB of code for the MLP's plan (8-byte words ~3 KB), more than a contract's 24 KB left beside
 * the verifier; this takes ~0.5 KB.
 */
public final class LookupTreesPlan {
    /** Explicit tables up to this many variables (their extension costs ~2^n multiplications per point). */
    public static final int MAX_EXPLICIT_VARS = 12;

    private static final int RANGE = 0;
    private static final int SIGN = 1;
    private static final int EXPLICIT = 2;
    private static final long NO_MASK = -1; // 2^64 − 1: a top part without a mask

    private LookupTreesPlan() {}

    /** The statement declaring {@code LookupTrees.Plan memory <variable>} from the plan's words. */
    public static String build(Circuit circuit, String variable) {
        return build(circuit, variable, false);
    }

    /**
     * The same; with {@code explicitTables} every table is written out, none evaluated by its
     * structure (for tests of the explicit evaluation, and tables no structure covers).
     */
    public static String build(Circuit circuit, String variable, boolean explicitTables) {
        return "LookupTrees.Plan memory " + variable + " = LookupTrees.decode(hex\"" + java.util.HexFormat.of().formatHex(bytes(circuit, explicitTables))
                + "\");\n";
    }

    /** The plan as LookupTrees.decode reads it: {@link #words} in unsigned LEB128 (7 bits a byte, low groups first). */
    public static byte[] bytes(Circuit circuit, boolean explicitTables) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long w : words(circuit, explicitTables)) {
            while (Long.compareUnsigned(w, 0x80) >= 0) {
                out.write((int) (w & 0x7f) | 0x80);
                w >>>= 7;
            }
            out.write((int) w);
        }
        return out.toByteArray();
    }

    /** The numbers LookupTrees.decode reads, in order; a vector ref is two: commitment, polynomial. */
    public static long[] words(Circuit circuit, boolean explicitTables) {
        LogUpPlan logUp = circuit.logUp();
        List<TablePlan> tables = circuit.tables();
        Words w = new Words();
        w.add(logUp.depth());
        w.add(tables.size());
        for (TablePlan t : tables) {
            table(w, t, explicitTables);
        }
        List<FractionTreePlan> trees = logUp.trees();
        w.add(trees.size());
        for (FractionTreePlan t : trees) {
            tree(w, t, tables);
        }
        List<LogUpPlan.MaskedSumcheckPlan> sumchecks = logUp.sumchecks();
        if (!trees.isEmpty() && sumchecks.size() != 1 + logUp.depth() - FractionTreePlan.TOP_VARS) {
            throw new IllegalArgumentException("the lookups' plan has " + sumchecks.size() + " masked sumchecks for depth " + logUp.depth());
        }
        w.add(sumchecks.size());
        for (LogUpPlan.MaskedSumcheckPlan m : sumchecks) {
            w.add(m.degrees().length);
            for (int d : m.degrees()) {
                w.add(d);
            }
            w.refs(m.chunks());
        }
        return w.toArray();
    }

    /** A growing list of words. */
    private static final class Words {
        private long[] a = new long[256];
        private int n;

        void add(long x) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = x;
        }

        void ref(VectorRef v) {
            if (v.commitment() < 0 || v.poly() < 0) {
                throw new IllegalArgumentException("vector " + v.name() + " has no commitment and polynomial numbers");
            }
            add(v.commitment());
            add(v.poly());
        }

        void refs(List<VectorRef> vs) {
            add(vs.size());
            vs.forEach(this::ref);
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static void table(Words w, TablePlan plan, boolean explicit) {
        LookupTable t = plan.table();
        int n = t.numVars();
        int kind = explicit ? EXPLICIT : t instanceof LookupTable.Range ? RANGE : isSign(t) ? SIGN : EXPLICIT;
        if (kind == EXPLICIT && n > MAX_EXPLICIT_VARS) {
            throw new UnsupportedOperationException("table " + plan.label() + " (" + plan.kind() + ", 2^" + n
                    + " rows): no structured evaluation, and too large to write out (at most 2^" + MAX_EXPLICIT_VARS + " rows)");
        }
        w.add(kind);
        w.add(n);
        w.add(t.columns());
        w.ref(plan.multiplicities());
        if (kind == EXPLICIT) {
            for (int c = 0; c < t.columns(); c++) {
                for (int row = 0; row < 1 << n; row++) {
                    w.add(t.value(row, c));
                }
            }
        }
    }

    /** Whether row j holds (j − 2^(n−1), [j ≥ 2^(n−1)]) (the sign table), checked row by row. */
    private static boolean isSign(LookupTable t) {
        int n = t.numVars();
        if (t.columns() != 2 || n < 1) {
            return false;
        }
        long half = 1L << (n - 1);
        for (int j = 0; j < 1 << n; j++) {
            if (t.value(j, 0) != Goldilocks.fromSigned(j - half) || t.value(j, 1) != (j >= half ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }

    private static void tree(Words w, FractionTreePlan t, List<TablePlan> tables) {
        if (t.isTable() && !t.tablePlan().equals(tables.get(t.table()))) {
            throw new UnsupportedOperationException("tree " + t.label() + " proves a table other than the circuit's table " + t.table());
        }
        ExtVectorRef top = t.top();
        if (top.c0().numVars() != FractionTreePlan.TOP_VARS || top.c1().numVars() != FractionTreePlan.TOP_VARS) {
            throw new IllegalArgumentException("tree " + t.label() + ": a committed top of " + top.numVars() + " variables");
        }
        if (t.layerMasks().size() != Math.max(0, t.numVars() - 1 - FractionTreePlan.TOP_VARS)) {
            throw new IllegalArgumentException("tree " + t.label() + ": fold masks for " + t.layerMasks().size() + " layers");
        }
        w.add(t.table());
        w.add(t.isTable() ? 1 : 0);
        w.add(t.numVars());
        w.ref(top.c0());
        w.ref(top.c1());
        w.add(top.c0().masked() ? top.c0().mask() : NO_MASK);
        w.add(top.c1().masked() ? top.c1().mask() : NO_MASK);
        for (int k = 0; k < 2; k++) { // none where the top is the leaves
            if (t.numVars() > FractionTreePlan.TOP_VARS) {
                w.ref(t.topMasks().get(k));
            } else {
                w.add(0);
                w.add(0);
            }
        }
        List<VectorRef> layerMasks = new ArrayList<>();
        for (List<VectorRef> m : t.layerMasks()) {
            if (m.size() != 4) {
                throw new IllegalArgumentException("tree " + t.label() + ": a layer has 4 fold masks, not " + m.size());
            }
            layerMasks.addAll(m);
        }
        w.refs(layerMasks);
        for (int s = 0; s < 2; s++) { // one slice where the top is the leaves
            if (s < t.leafMasks().size()) {
                w.ref(t.leafMasks().get(s));
            } else {
                w.add(0);
                w.add(0);
            }
        }
        List<LookupPlan.Operand> ops = t.isTable() ? List.of() : t.lookup().operands();
        w.add(ops.size());
        for (LookupPlan.Operand op : ops) {
            w.add(op.columns().size());
            for (LookupPlan.Column col : op.columns()) {
                if (col.tensor().isPublic()) {
                    throw new UnsupportedOperationException("lookup " + t.label() + " reads the public tensor " + col.tensor().name()
                            + ": public columns of a lookup are not supported yet");
                }
                w.ref(col.tensor().vector());
                w.add(Goldilocks.fromSigned(col.scale()));
                w.add(Goldilocks.fromSigned(col.offset()));
            }
        }
    }
}
