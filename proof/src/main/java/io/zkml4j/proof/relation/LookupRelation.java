package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;

/**
 * The zero-check of one lookup: its committed inverses h must satisfy, at every position,
 * h(x)·Π_i A_i(x) = Σ_i Π_{j≠i} A_j(x) with A_i = α − v_i, where v_i = Σ_c β^c·column_c is operand i's
 * compressed tuple; so h = Σ_i 1/A_i. At a random point τ: Σ_x eq(τ, x)·[h·Π A_i − Σ_i Π_{j≠i} A_j] = 0.
 * Together with Σ h = Σ m/(α − table) (a commitment claim, see {@link Relations#sumClaims}) this is
 * LogUp with committed inverses; every committed factor is masked, so unlike the GKR variant nothing
 * about the looked-up values is revealed.
 *
 * <p>With one operand this is h·(α − v) = 1. With two, a position where A_i = 0 satisfies the check
 * only if another A_j is 0 too, whatever h holds; that needs α to equal a tuple committed before α
 * was drawn, which happens with probability at most (positions)/|E|, the term LogUp's own analysis
 * already carries for a vanishing denominator.
 */
public final class LookupRelation implements Relation {
    private final LookupPlan plan;
    private final String label;

    public LookupRelation(LookupPlan plan) {
        this.plan = plan;
        // Named after its first operand: operand labels are the compiler's own names, unique, while a
        // join of them need not be (a layer name may hold "+": "fc.r0+fc" makes an operand "fc.r0+fc.r0.top").
        this.label = "lookup." + plan.operands().get(0).label();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int numVars() {
        return plan.numVars();
    }

    /** In x_0: eq, h (masked, 2) and each A_i (2 if it holds a masked column, else 1). */
    @Override
    public int round0Degree() {
        int d = 3;
        for (LookupPlan.Operand o : plan.operands()) {
            d += o.anyCommitted() ? 2 : 1;
        }
        return d;
    }

    @Override
    public int laterDegree() {
        return 2 + plan.operands().size();
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".tau", plan.numVars()));
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        return null;
    }

    /**
     * Operand i's A_i = α − Σ_c β^c·(scale_c·column_c + offset_c) as constant + Σ_c coefficient_c·column_c:
     * the one definition the prover's tables and the verifier's final value both use.
     */
    private record Compressed(Ext2 constant, Ext2[] coefficients) {
        Ext2 at(Ext2[] columnValues) {
            Ext2 v = constant;
            for (int col = 0; col < coefficients.length; col++) {
                v = v.add(coefficients[col].mul(columnValues[col]));
            }
            return v;
        }
    }

    private Compressed compressed(Challenges c, LookupPlan.Operand operand) {
        Ext2 beta = c.beta(plan.table());
        Ext2 constant = c.alpha(plan.table());
        Ext2[] coefficients = new Ext2[operand.columns().size()];
        Ext2 power = Ext2.ONE;
        for (int col = 0; col < coefficients.length; col++) {
            LookupPlan.Column column = operand.columns().get(col);
            coefficients[col] = power.mul(Goldilocks.fromSigned(column.scale())).neg();
            constant = constant.sub(power.mul(Goldilocks.fromSigned(column.offset())));
            power = power.mul(beta);
        }
        return new Compressed(constant, coefficients);
    }

    /**
     * A revealed column's masked value: table {@code table}'s final value, or, for an operand's sole
     * column (whose table is A_i itself), (A_i'(r) − constant)/coefficient.
     */
    private record Reveal(int table, Ext2 constant, Ext2 inverseCoefficient) {
        Ext2 from(Ext2[] finalValues) {
            Ext2 t = finalValues[table];
            return constant == null ? t : t.sub(constant).mul(inverseCoefficient);
        }
    }

    /**
     * The prover's instance over the tables h, A_1, ..., A_k, ones, then the reveal-only column tables:
     * each A_i is one compressed table whose mask is the same combination of its columns' masks, so
     * A_i'(r) is exactly α − v_i computed from the columns' masked values. A column's own masked
     * value, which is revealed, is read back from A_i'(r) when it is its operand's only column, else
     * from a table of its own that no term uses.
     */
    private static final class LookupInstance implements SumcheckProverInstance {
        private final MaskedInstance inner;
        private final List<Reveal> reveals;

        private LookupInstance(MaskedInstance inner, List<Reveal> reveals) {
            this.inner = inner;
            this.reveals = reveals;
        }

        @Override
        public int numVars() {
            return inner.numVars();
        }

        @Override
        public int degree() {
            return inner.degree();
        }

        @Override
        public int degree(int round) {
            return inner.degree(round);
        }

        @Override
        public Ext2[] roundValues(Ext2 claim) {
            return inner.roundValues(claim);
        }

        @Override
        public void bind(Ext2 r) {
            inner.bind(r);
        }

        /** h'(r), then every committed column's masked value in the operands' order. */
        Ext2[] revealed() {
            Ext2[] v = inner.finalTableValues();
            Ext2[] out = new Ext2[1 + reveals.size()];
            out[0] = v[0];
            for (int i = 0; i < reveals.size(); i++) {
                out[1 + i] = reveals.get(i).from(v);
            }
            return out;
        }
    }

    // ---- prover ----

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        int size = 1 << plan.numVars();
        int k = plan.operands().size();
        int ones = 1 + k; // tables: h, A_1..A_k, ones, then the reveal-only columns
        List<long[]> tables = new ArrayList<>();
        List<long[]> masks = new ArrayList<>();
        tables.add(interleave(w.vector(plan.inverse().c0()), w.vector(plan.inverse().c1())));
        masks.add(extensionMask(w, plan.inverse()));
        List<long[]> extra = new ArrayList<>();
        List<long[]> extraMasks = new ArrayList<>();
        List<Reveal> reveals = new ArrayList<>();
        for (LookupPlan.Operand operand : plan.operands()) {
            Compressed a = compressed(c, operand);
            long[] table = new long[2 * size];
            for (int x = 0; x < size; x++) {
                a.constant().store(table, x);
            }
            long[] mask = null;
            boolean sole = operand.columns().size() == 1;
            for (int col = 0; col < operand.columns().size(); col++) {
                LookupPlan.Column column = operand.columns().get(col);
                long[] values = w.tensor(column.tensor().name());
                ExtVectors.addScaledBase(table, a.coefficients()[col], values);
                if (column.tensor().isPublic()) {
                    continue;
                }
                long[] columnMask = w.mask(column.tensor().vector());
                if (mask == null) {
                    mask = new long[columnMask.length];
                }
                ExtVectors.addScaled(mask, a.coefficients()[col], columnMask);
                if (sole) {
                    reveals.add(new Reveal(tables.size(), a.constant(), a.coefficients()[col].inverse()));
                } else {
                    reveals.add(new Reveal(ones + 1 + extra.size(), null, null));
                    extra.add(ExtVectors.fromBase(values));
                    extraMasks.add(columnMask);
                }
            }
            tables.add(table);
            masks.add(mask);
        }
        long[] onesTable = new long[2 * size];
        for (int i = 0; i < onesTable.length; i += 2) {
            onesTable[i] = 1;
        }
        tables.add(onesTable);
        masks.add(null);
        tables.addAll(extra);
        masks.addAll(extraMasks);
        // h·Π A_i − Σ_i Π_{j≠i} A_j (with one operand: h·A − 1)
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        terms.add(new ProductSumInstance.Term(Ext2.ONE, java.util.stream.IntStream.rangeClosed(0, k).toArray()));
        for (int i = 1; i <= k; i++) {
            int left = i;
            int[] others = java.util.stream.IntStream.rangeClosed(1, k).filter(j -> j != left).toArray();
            terms.add(new ProductSumInstance.Term(Ext2.ONE.neg(), others.length == 0 ? new int[] {ones} : others));
        }
        return new LookupInstance(new MaskedInstance(tables.toArray(new long[0][]), masks.toArray(new long[0][]), terms, c.point(label)),
                reveals);
    }

    /** The mask of h = c0 + φ·c1 when each part carries its own mask: R_c0 + φ·R_c1. */
    static long[] extensionMask(Witness w, io.zkml4j.proof.circuit.ExtVectorRef h) {
        long[] mask = w.mask(h.c0());
        ExtVectors.addScaled(mask, Ext2.of(0, 1), w.mask(h.c1()));
        return mask;
    }

    static long[] interleave(long[] c0, long[] c1) {
        long[] out = new long[2 * c0.length];
        for (int i = 0; i < c0.length; i++) {
            out[2 * i] = c0[i];
            out[2 * i + 1] = c1[i];
        }
        return out;
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        return Ext2.ZERO;
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        return ((LookupInstance) instance).revealed();
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return 1 + (int) plan.operands().stream().flatMap(o -> o.columns().stream()).filter(col -> !col.tensor().isPublic()).count();
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        int k = plan.operands().size();
        Ext2[] a = new Ext2[k];
        int next = 1;
        for (int i = 0; i < k; i++) {
            LookupPlan.Operand operand = plan.operands().get(i);
            Ext2[] values = new Ext2[operand.columns().size()];
            for (int col = 0; col < values.length; col++) {
                LookupPlan.Column column = operand.columns().get(col);
                values[col] = column.tensor().isPublic() ? pub.evaluate(column.tensor(), point) : revealed[next++];
            }
            a[i] = compressed(c, operand).at(values);
        }
        Ext2 inner = revealed[0];
        for (Ext2 ai : a) {
            inner = inner.mul(ai);
        }
        for (int i = 0; i < k; i++) {
            Ext2 others = Ext2.ONE;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    others = others.mul(a[j]);
                }
            }
            inner = inner.sub(others);
        }
        return Multilinear.eq(c.point(label), point).mul(inner);
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        claims.add(ClaimTerms.maskedClaim(plan.inverse(), point, revealed[0]));
        int next = 1;
        for (LookupPlan.Operand operand : plan.operands()) {
            for (LookupPlan.Column column : operand.columns()) {
                if (!column.tensor().isPublic()) {
                    claims.add(ClaimTerms.maskedClaim(column.tensor().vector(), point, revealed[next++]));
                }
            }
        }
        return claims;
    }
}
