package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * The LogUp lookup argument (Haböck 2022) with GKR fractional sums: every row of every lookup
 * (a tuple of column values) appears in a public table. With a random α and β, each row becomes
 * a_i = Σ_c β^c·col_c[i], each table row t_j likewise, and the claim is
 * Σ_i 1/(α − a_i) − Σ_j m_j/(α − t_j) = 0 with every denominator non-zero, where m_j counts how
 * often table row j is looked up. Any number of lookups, of any power-of-two sizes, share one
 * table and one multiplicity vector.
 *
 * <p><b>Not zero-knowledge.</b> The fractional-sum messages (roots and every layer's values) are
 * unmasked functions of the looked-up values: a verifier can recover, for example, the pair of
 * values under a 4-leaf tree. Use this protocol for public or non-sensitive data; private data
 * needs a lookup whose messages are masked (the inference prover uses committed inverses).
 *
 * <p>Soundness needs the multiplicities fixed before α and β: the caller commits to them (see
 * {@link #multiplicities}) and binds the commitment into the transcript before calling
 * {@link #prove}. What remains after verification are claims on the lookups' columns and on the
 * multiplicities, each at a point, for the caller to discharge.
 */
public final class LogUp {
    private LogUp() {}

    /** After the protocol: each lookup's columns at its point, and the multiplicities at the table's point. */
    public record Claims(List<Ext2[]> lookupPoints, List<Ext2[]> lookupColumnValues, Ext2[] tablePoint, Ext2 multiplicityValue) {}

    /**
     * The multiplicity of each table row among all lookups. Fails, naming the lookup and row, if a
     * looked-up tuple is not in the table.
     */
    public static long[] multiplicities(List<long[][]> lookups, LookupTable table) {
        int rows = 1 << table.numVars();
        long[] counts = new long[rows];
        if (table instanceof LookupTable.Range) {
            for (int l = 0; l < lookups.size(); l++) {
                long[] col = lookups.get(l)[0];
                for (int i = 0; i < col.length; i++) {
                    long v = Goldilocks.canonical(col[i]);
                    if (Long.compareUnsigned(v, rows) >= 0) {
                        throw new IllegalArgumentException("lookup " + l + ", row " + i + ": value " + Goldilocks.toSigned(v)
                                + " is outside " + table);
                    }
                    counts[(int) v]++;
                }
            }
            return counts;
        }
        Map<TupleKey, Integer> index = new HashMap<>();
        for (int j = rows - 1; j >= 0; j--) {
            index.put(TupleKey.ofTable(table, j), j);
        }
        for (int l = 0; l < lookups.size(); l++) {
            long[][] cols = lookups.get(l);
            for (int i = 0; i < cols[0].length; i++) {
                Integer j = index.get(TupleKey.ofLookup(cols, i));
                if (j == null) {
                    throw new IllegalArgumentException("lookup " + l + ", row " + i + ": the tuple is not in the table");
                }
                counts[j]++;
            }
        }
        return counts;
    }

    private record TupleKey(long[] values) {
        static TupleKey ofTable(LookupTable t, int row) {
            long[] v = new long[t.columns()];
            for (int c = 0; c < v.length; c++) {
                v[c] = t.value(row, c);
            }
            return new TupleKey(v);
        }

        static TupleKey ofLookup(long[][] cols, int row) {
            long[] v = new long[cols.length];
            for (int c = 0; c < v.length; c++) {
                v[c] = Goldilocks.canonical(cols[c][row]);
            }
            return new TupleKey(v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TupleKey k && java.util.Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(values);
        }
    }

    /**
     * Proves the lookups. {@code lookups.get(l)[c]} is column c of lookup l (power-of-two length).
     * The multiplicities must already be committed and bound in the transcript.
     */
    public static Claims prove(List<long[][]> lookups, LookupTable table, long[] multiplicities, ProverChannel ch, String label) {
        bindStatement(ch, lookups.stream().mapToInt(l -> Integer.numberOfTrailingZeros(l[0].length)).toArray(), table, label);
        Ext2 alpha = ch.challengeExt(label + ".alpha");
        Ext2 beta = table.columns() > 1 ? ch.challengeExt(label + ".beta") : Ext2.ZERO;
        List<long[]> numerators = new ArrayList<>();
        List<long[]> denominators = new ArrayList<>();
        for (long[][] cols : lookups) {
            numerators.add(null);
            denominators.add(denominators(cols, cols[0].length, alpha, beta));
        }
        int rows = 1 << table.numVars();
        long[][] tableCols = new long[table.columns()][rows];
        for (int c = 0; c < table.columns(); c++) {
            for (int j = 0; j < rows; j++) {
                tableCols[c][j] = table.value(j, c);
            }
        }
        long[] negM = new long[2 * rows];
        for (int j = 0; j < rows; j++) {
            negM[2 * j] = Goldilocks.neg(multiplicities[j]);
        }
        numerators.add(negM);
        denominators.add(denominators(tableCols, rows, alpha, beta));
        List<FractionalSum.LeafClaim> leaves = FractionalSum.prove(numerators, denominators, ch, label);

        List<Ext2[]> points = new ArrayList<>();
        List<Ext2[]> values = new ArrayList<>();
        for (int l = 0; l < lookups.size(); l++) {
            Ext2[] point = leaves.get(l).point();
            Ext2[] v = new Ext2[lookups.get(l).length];
            for (int c = 0; c < v.length; c++) {
                v[c] = io.zkml4j.core.poly.Multilinear.evaluateBase(lookups.get(l)[c], point);
            }
            ch.sendExt(label + ".columns", ExtVectors.of(v));
            points.add(point);
            values.add(v);
        }
        Ext2[] tablePoint = leaves.get(lookups.size()).point();
        Ext2 m = io.zkml4j.core.poly.Multilinear.evaluateBase(multiplicities, tablePoint);
        ch.sendExt(label + ".multiplicity", ExtVectors.of(m));
        return new Claims(points, values, tablePoint, m);
    }

    /**
     * Verifies lookups of the given sizes (log2 of rows) and column count against the table;
     * returns the claims the caller must still check (lookup columns, multiplicities).
     */
    public static Claims verify(int[] lookupVars, LookupTable table, VerifierChannel ch, String label) throws InvalidProofException {
        bindStatement(ch, lookupVars, table, label);
        Ext2 alpha = ch.challengeExt(label + ".alpha");
        Ext2 beta = table.columns() > 1 ? ch.challengeExt(label + ".beta") : Ext2.ZERO;
        int[] treeVars = java.util.Arrays.copyOf(lookupVars, lookupVars.length + 1);
        treeVars[lookupVars.length] = table.numVars();
        List<FractionalSum.LeafClaim> leaves = FractionalSum.verify(treeVars, ch, label);
        List<Ext2[]> points = new ArrayList<>();
        List<Ext2[]> values = new ArrayList<>();
        for (int l = 0; l < lookupVars.length; l++) {
            FractionalSum.LeafClaim leaf = leaves.get(l);
            Ext2[] v = ExtVectors.toArray(ch.receiveExt(label + ".columns", table.columns()));
            InvalidProofException.check(leaf.numerator().equals(Ext2.ONE), "%s: lookup %d's numerators are not all one", label, l);
            InvalidProofException.check(leaf.denominator().equals(alpha.sub(compress(v, beta))),
                    "%s: lookup %d's denominators do not match its columns", label, l);
            points.add(leaf.point());
            values.add(v);
        }
        FractionalSum.LeafClaim tableLeaf = leaves.get(lookupVars.length);
        Ext2 m = Ext2.at(ch.receiveExt(label + ".multiplicity", 1), 0);
        InvalidProofException.check(tableLeaf.numerator().equals(m.neg()), "%s: the table's numerators do not match the multiplicities", label);
        Ext2[] t = new Ext2[table.columns()];
        for (int c = 0; c < t.length; c++) {
            t[c] = table.evaluate(c, tableLeaf.point());
        }
        InvalidProofException.check(tableLeaf.denominator().equals(alpha.sub(compress(t, beta))),
                "%s: the table's denominators do not match the table", label);
        return new Claims(points, values, tableLeaf.point(), m);
    }

    /** The lookup sizes and the whole table are part of the statement: bind them before α. */
    private static void bindStatement(io.zkml4j.core.transcript.ChallengeSource ch, int[] lookupVars, LookupTable table, String label) {
        long[] sizes = new long[lookupVars.length + 2];
        for (int l = 0; l < lookupVars.length; l++) {
            sizes[l] = lookupVars[l];
        }
        sizes[lookupVars.length] = table.numVars();
        sizes[lookupVars.length + 1] = table.columns();
        ch.absorbPublic(label + ".sizes", sizes);
        if (table instanceof LookupTable.Range r) {
            ch.absorbPublic(label + ".table", new long[] {r.bits()});
        } else {
            long[] values = new long[table.columns() << table.numVars()];
            for (int c = 0; c < table.columns(); c++) {
                for (int j = 0; j < 1 << table.numVars(); j++) {
                    values[(c << table.numVars()) + j] = table.value(j, c);
                }
            }
            ch.absorbPublic(label + ".table", values);
        }
    }

    /** Σ_c β^c·v_c. */
    static Ext2 compress(Ext2[] v, Ext2 beta) {
        Ext2 acc = Ext2.ZERO;
        for (int c = v.length - 1; c >= 0; c--) {
            acc = acc.mul(beta).add(v[c]);
        }
        return acc;
    }

    /** α − Σ_c β^c·col_c[i] for each row, as interleaved extension leaves. */
    private static long[] denominators(long[][] cols, int rows, Ext2 alpha, Ext2 beta) {
        long[] q = new long[2 * rows];
        IntStream range = IntStream.range(0, rows);
        if (rows >= 1 << 12) {
            range = range.parallel();
        }
        range.forEach(i -> {
            long a0 = 0, a1 = 0;
            for (int c = cols.length - 1; c >= 0; c--) {
                long n0 = addCanonical(Ext2.mul0(a0, a1, beta.c0, beta.c1), Goldilocks.canonical(cols[c][i]));
                a1 = Ext2.mul1(a0, a1, beta.c0, beta.c1);
                a0 = n0;
            }
            q[2 * i] = subCanonical(alpha.c0, a0);
            q[2 * i + 1] = subCanonical(alpha.c1, a1);
        });
        return q;
    }
}
