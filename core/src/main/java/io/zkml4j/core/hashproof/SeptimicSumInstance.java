package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;

import java.util.Arrays;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * The sumcheck of the permutation steps, Σ_x eq(τ, x)·(L'(x) + Σ_k b_k·T'_k(x)^7), written for its
 * shape: one linear table and many septic ones, the septic tables in the base field until x_0 is
 * bound.
 *
 * <p>Each table carries its zero-knowledge mask on the <em>last</em> variable:
 * T'(x) = T̃(x) + x_{n−1}(1 − x_{n−1})·R(x_0..x_3), with R extension-valued as in
 * {@link MaskedInstance}. While x_{n−1} is still summed over {0, 1} the mask vanishes, so every round
 * but the last is the plain degree-8 round, and only the last one (two values per table) has degree
 * 15. The revealed value T'(r) = T̃(r) + r_{n−1}(1 − r_{n−1})·R(r_0..r_3) is uniform for r_{n−1} ∉ {0, 1}.
 */
final class SeptimicSumInstance implements SumcheckProverInstance {
    static final int DEGREE = 8;
    static final int LAST_DEGREE = 15;
    /** Points at which a plain round sums t (degree 7): 0..7, with t(8) extended. */
    private static final int SUMMED_POINTS = DEGREE;

    private final int numVars;
    private final Ext2[] tau;
    private final long[] septic; // b_k interleaved
    private long[] linear;       // interleaved extension
    private long[][] base;       // septic tables in the base field, until round 0 is bound
    private long[][] ext;        // septic tables after round 0, interleaved
    private final long[] linearMask;   // R of L, interleaved, 16 values
    private final long[][] septicMasks; // R of each septic table
    private final Ext2[] point;
    private Ext2 prefix = Ext2.ONE; // eq(τ_<j, r_<j)
    private int round;

    SeptimicSumInstance(Ext2[] tau, long[] linear, long[][] septicTables, Ext2[] septicCoefficients, long[] linearMask, long[][] septicMasks) {
        this.numVars = tau.length;
        if (numVars < MaskedInstance.MIN_MASKED_VARS || linear.length != 2 << numVars) {
            throw new IllegalArgumentException("tables need " + MaskedInstance.MIN_MASKED_VARS + " or more variables, matching the point");
        }
        this.tau = tau.clone();
        this.linear = linear;
        this.base = septicTables;
        this.septic = new long[2 * septicCoefficients.length];
        for (int k = 0; k < septicCoefficients.length; k++) {
            septicCoefficients[k].store(septic, k);
        }
        this.linearMask = linearMask;
        this.septicMasks = septicMasks;
        this.point = new Ext2[numVars];
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return LAST_DEGREE;
    }

    @Override
    public int degree(int r) {
        return r == numVars - 1 ? LAST_DEGREE : DEGREE;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        Ext2[] t = round == numVars - 1 ? lastRound() : plainRound(claim);
        int points = t.length;
        Ext2[] s = new Ext2[points];
        Ext2 z = tau[round];
        for (int x = 0; x < points; x++) {
            Ext2 X = Ext2.fromBase(x);
            Ext2 eqX = Ext2.ONE.sub(z).mul(Ext2.ONE.sub(X)).add(z.mul(X));
            s[x] = prefix.mul(eqX).mul(t[x]);
        }
        return s;
    }

    /**
     * t(X) = Σ_y eq(τ_>j, y)·P(X, y) at X = 0..8 (P has degree 7 in X; with eq(τ_j, X), s has degree 8).
     * Only X = 0, 2..7 are summed: t(1) follows from the claim, s(0) + s(1) = prefix·((1 − τ_j)·t(0) +
     * τ_j·t(1)), and t(8) from the degree. Work is split over the septic tables, which are many,
     * rather than over the pairs, which are few.
     */
    private Ext2[] plainRound(Ext2 claim) {
        int points = SUMMED_POINTS;
        Ext2 z = tau[round];
        boolean derive = !z.isZero() && !prefix.isZero();
        int pairs = linear.length >>> 2;
        long[] eqRest = Multilinear.eqTable(Arrays.copyOfRange(tau, round + 1, numVars));
        int tables = base != null ? base.length : ext.length;
        long[][] perTable = new long[tables][];
        java.util.stream.IntStream.range(0, tables).parallel().forEach(k -> {
            long[] a = base != null ? septicSumBase(base[k], eqRest, pairs, derive) : septicSumExt(ext[k], eqRest, pairs, derive);
            long b0 = septic[2 * k], b1 = septic[2 * k + 1];
            for (int x = 0; x < points; x++) {
                long a0 = a[2 * x], a1 = a[2 * x + 1];
                a[2 * x] = Ext2.mul0(a0, a1, b0, b1);
                a[2 * x + 1] = Ext2.mul1(a0, a1, b0, b1);
            }
            perTable[k] = a;
        });
        long[] acc = new long[2 * points];
        for (int i = 0; i < pairs; i++) {
            long l0 = linear[4 * i], l1 = linear[4 * i + 1];
            long d0 = subCanonical(linear[4 * i + 2], l0), d1 = subCanonical(linear[4 * i + 3], l1);
            long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
            for (int x = 0; x < points; x++) {
                if (x != 1 || !derive) {
                    acc[2 * x] = addCanonical(acc[2 * x], Ext2.mul0(l0, l1, w0, w1));
                    acc[2 * x + 1] = addCanonical(acc[2 * x + 1], Ext2.mul1(l0, l1, w0, w1));
                }
                l0 = addCanonical(l0, d0);
                l1 = addCanonical(l1, d1);
            }
        }
        for (long[] a : perTable) {
            for (int j = 0; j < acc.length; j++) {
                acc[j] = addCanonical(acc[j], a[j]);
            }
        }
        Ext2[] t = new Ext2[points];
        for (int x = 0; x < points; x++) {
            t[x] = Ext2.of(acc[2 * x], acc[2 * x + 1]);
        }
        if (derive) {
            t[1] = MaskedInstance.valueAtOne(claim, prefix, z, t[0]);
        }
        return Univariate.extendTo(t, DEGREE);
    }

    /** Σ_i w_i·T(X, i)^7 at X = 0..7 (not X = 1 when it is derived), for a base-field table (round 0). */
    private static long[] septicSumBase(long[] t, long[] w, int pairs, boolean skipOne) {
        long[] a = new long[2 * SUMMED_POINTS];
        for (int i = 0; i < pairs; i++) {
            long v = t[2 * i];
            long d = subCanonical(t[2 * i + 1], v);
            long w0 = w[2 * i], w1 = w[2 * i + 1];
            for (int x = 0; x < SUMMED_POINTS; x++) {
                if (x != 1 || !skipOne) {
                    long v7 = seventh(v);
                    a[2 * x] = addCanonical(a[2 * x], mul(w0, v7));
                    a[2 * x + 1] = addCanonical(a[2 * x + 1], mul(w1, v7));
                }
                v = addCanonical(v, d);
            }
        }
        return a;
    }

    /** Σ_i w_i·T(X, i)^7 at X = 0..7 (not X = 1 when it is derived), for an extension table. */
    private static long[] septicSumExt(long[] t, long[] w, int pairs, boolean skipOne) {
        long[] a = new long[2 * SUMMED_POINTS];
        for (int i = 0; i < pairs; i++) {
            long v0 = t[4 * i], v1 = t[4 * i + 1];
            long d0 = subCanonical(t[4 * i + 2], v0), d1 = subCanonical(t[4 * i + 3], v1);
            long w0 = w[2 * i], w1 = w[2 * i + 1];
            for (int x = 0; x < SUMMED_POINTS; x++) {
                if (x != 1 || !skipOne) {
                    // v^7 = ((v^2·v)^2)·v, then times the weight; a square's φ part is 2·v0·v1, one product
                    long s0 = Ext2.mul0(v0, v1, v0, v1), s1 = twice(mul(v0, v1));
                    long c0 = Ext2.mul0(s0, s1, v0, v1), c1 = Ext2.mul1(s0, s1, v0, v1);
                    long q0 = Ext2.mul0(c0, c1, c0, c1), q1 = twice(mul(c0, c1));
                    long e0 = Ext2.mul0(q0, q1, v0, v1), e1 = Ext2.mul1(q0, q1, v0, v1);
                    a[2 * x] = addCanonical(a[2 * x], Ext2.mul0(e0, e1, w0, w1));
                    a[2 * x + 1] = addCanonical(a[2 * x + 1], Ext2.mul1(e0, e1, w0, w1));
                }
                v0 = addCanonical(v0, d0);
                v1 = addCanonical(v1, d1);
            }
        }
        return a;
    }

    private static long twice(long v) {
        return addCanonical(v, v);
    }

    private static long seventh(long v) {
        long v3 = mul(mul(v, v), v);
        return mul(mul(v3, v3), v);
    }

    /** The last variable, with every mask: P(X) = L'(X) + Σ b_k·T'_k(X)^7 at X = 0..15. */
    private Ext2[] lastRound() {
        int points = LAST_DEGREE + 1;
        Ext2[] maskPoint = Arrays.copyOf(point, MaskedInstance.MASK_VARS);
        Ext2[] t = new Ext2[points];
        Ext2 ml = Multilinear.evaluateExt(linearMask, maskPoint);
        Ext2[] mk = new Ext2[ext.length];
        for (int k = 0; k < ext.length; k++) {
            mk[k] = Multilinear.evaluateExt(septicMasks[k], maskPoint);
        }
        for (int x = 0; x < points; x++) {
            Ext2 v = masked(linear, ml, x);
            for (int k = 0; k < ext.length; k++) {
                Ext2 f = masked(ext[k], mk[k], x);
                Ext2 f3 = f.square().mul(f);
                v = v.add(Ext2.at(septic, k).mul(f3.square().mul(f)));
            }
            t[x] = v;
        }
        return t;
    }

    /** lo + X·(hi − lo) + X(1 − X)·mask for a two-entry table. */
    private static Ext2 masked(long[] pair, Ext2 mask, long x) {
        Ext2 lo = Ext2.at(pair, 0);
        Ext2 X = Ext2.fromBase(x);
        return lo.add(X.mul(Ext2.at(pair, 1).sub(lo))).add(X.mul(Ext2.ONE.sub(X)).mul(mask));
    }

    @Override
    public void bind(Ext2 r) {
        point[round] = r;
        Ext2 z = tau[round];
        prefix = prefix.mul(Ext2.ONE.sub(z).mul(Ext2.ONE.sub(r)).add(z.mul(r)));
        if (round == numVars - 1) {
            Ext2[] maskPoint = Arrays.copyOf(point, MaskedInstance.MASK_VARS);
            Ext2 c = r.mul(Ext2.ONE.sub(r));
            finalLinear = Ext2.at(linear, 0).add(r.mul(Ext2.at(linear, 1).sub(Ext2.at(linear, 0))))
                    .add(c.mul(Multilinear.evaluateExt(linearMask, maskPoint)));
            finalSeptic = new Ext2[ext.length];
            for (int k = 0; k < ext.length; k++) {
                Ext2 lo = Ext2.at(ext[k], 0);
                finalSeptic[k] = lo.add(r.mul(Ext2.at(ext[k], 1).sub(lo))).add(c.mul(Multilinear.evaluateExt(septicMasks[k], maskPoint)));
            }
        } else {
            linear = Multilinear.bindExt(linear, r);
            long[][] next = new long[base != null ? base.length : ext.length][];
            for (int k = 0; k < next.length; k++) {
                next[k] = base != null ? Multilinear.bindBase(base[k], r) : Multilinear.bindExt(ext[k], r);
            }
            base = null;
            ext = next;
        }
        round++;
    }

    private Ext2 finalLinear;
    private Ext2[] finalSeptic;

    /** The masked values at the final point: L' first, then each septic table. */
    Ext2[] finalValues() {
        if (finalSeptic == null) {
            throw new IllegalStateException("not all variables are bound yet");
        }
        Ext2[] out = new Ext2[1 + finalSeptic.length];
        out[0] = finalLinear;
        System.arraycopy(finalSeptic, 0, out, 1, finalSeptic.length);
        return out;
    }
}
