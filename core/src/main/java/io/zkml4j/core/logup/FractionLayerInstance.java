package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.util.Parallel;

import java.util.Arrays;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * The sumcheck of one fraction-tree layer:
 * Σ_x eq(ρ, x)·[p_L q_R + p_R q_L + μ·q_L q_R](x), where L and R are the two halves of the child
 * layer. Specialised from {@link io.zkml4j.core.sumcheck.EqProductInstance} because LogUp spends
 * most of its time here: the eq factor is split off (Gruen), t(1) comes from the claim, and for
 * leaves with all-one numerators the products with p vanish (p_L = p_R = 1 at every binding).
 * Per pair that is 6 extension multiplications (ones) or 10 (general) instead of 22.
 */
final class FractionLayerInstance implements SumcheckProverInstance {
    private final Ext2[] rho;
    private final Ext2 mu;
    private final int numVars;
    private long[] pL;
    private long[] pR;
    private long[] qL;
    private long[] qR;
    private long[] eqRest;
    private Ext2 eqPrefix;
    private int round;

    /** Halves of the child layer (interleaved extension tables); null numerators mean all ones. */
    FractionLayerInstance(Ext2[] rho, Ext2 mu, long[] pL, long[] pR, long[] qL, long[] qR) {
        this(rho, mu, pL, pR, qL, qR, Ext2.ONE);
    }

    /** The same times {@code scale}: the eq factors of variables already bound (a masked round 0's). */
    FractionLayerInstance(Ext2[] rho, Ext2 mu, long[] pL, long[] pR, long[] qL, long[] qR, Ext2 scale) {
        this.eqPrefix = scale;
        this.rho = rho.clone();
        this.mu = mu;
        this.numVars = rho.length;
        this.pL = pL;
        this.pR = pR;
        this.qL = qL;
        this.qR = qR;
        this.eqRest = numVars == 0 ? new long[] {1, 0} : Multilinear.eqTable(Arrays.copyOfRange(rho, 1, numVars));
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return 3;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        // acc: [A(0), B(0), A(2), B(2)] with t(X) = A(X) + μ·B(X),
        // A = Σ eq·(p_L q_R + p_R q_L) (or Σ eq·(q_L + q_R) for unit numerators), B = Σ eq·q_L q_R.
        int pairs = qL.length >>> 2;
        int chunks = Parallel.chunks(pairs);
        long[] acc = Parallel.sumChunks(pairs, 8, c -> pL == null
                ? accumulateUnit(Parallel.chunkStart(pairs, chunks, c), Parallel.chunkStart(pairs, chunks, c + 1))
                : accumulate(Parallel.chunkStart(pairs, chunks, c), Parallel.chunkStart(pairs, chunks, c + 1)));
        Ext2 t0 = Ext2.of(acc[0], acc[1]).add(mu.mul(Ext2.of(acc[2], acc[3])));
        Ext2 t2 = Ext2.of(acc[4], acc[5]).add(mu.mul(Ext2.of(acc[6], acc[7])));
        Ext2 z = rho[round];
        // t(1) from the claim, or summed directly where the claim says nothing of it
        Ext2 derived = MaskedInstance.valueAtOne(claim, eqPrefix, z, t0);
        Ext2 t1 = derived != null ? derived : valueAtOne();
        // t has degree 2: t(3) = t(0) − 3t(1) + 3t(2)
        Ext2 t3 = t0.sub(t1.mul(3)).add(t2.mul(3));
        Ext2[] t = {t0, t1, t2, t3};
        Ext2[] s = new Ext2[4];
        for (int x = 0; x < 4; x++) {
            Ext2 X = Ext2.fromBase(x);
            s[x] = eqPrefix.mul(Ext2.ONE.sub(z).mul(Ext2.ONE.sub(X)).add(z.mul(X))).mul(t[x]);
        }
        return s;
    }

    private long[] accumulateUnit(int from, int to) {
        long a00 = 0, a01 = 0, b00 = 0, b01 = 0, a20 = 0, a21 = 0, b20 = 0, b21 = 0;
        for (int i = from; i < to; i++) {
            long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
            int o = 4 * i;
            long l0 = qL[o], l1 = qL[o + 1], r0 = qR[o], r1 = qR[o + 1];
            // X = 0
            long s0 = addCanonical(l0, r0), s1 = addCanonical(l1, r1);
            long m0 = Ext2.mul0(l0, l1, r0, r1), m1 = Ext2.mul1(l0, l1, r0, r1);
            a00 = addCanonical(a00, Ext2.mul0(w0, w1, s0, s1));
            a01 = addCanonical(a01, Ext2.mul1(w0, w1, s0, s1));
            b00 = addCanonical(b00, Ext2.mul0(w0, w1, m0, m1));
            b01 = addCanonical(b01, Ext2.mul1(w0, w1, m0, m1));
            // X = 2: value 2·hi − lo
            long L0 = twice(qL[o + 2], l0), L1 = twice(qL[o + 3], l1), R0 = twice(qR[o + 2], r0), R1 = twice(qR[o + 3], r1);
            s0 = addCanonical(L0, R0);
            s1 = addCanonical(L1, R1);
            m0 = Ext2.mul0(L0, L1, R0, R1);
            m1 = Ext2.mul1(L0, L1, R0, R1);
            a20 = addCanonical(a20, Ext2.mul0(w0, w1, s0, s1));
            a21 = addCanonical(a21, Ext2.mul1(w0, w1, s0, s1));
            b20 = addCanonical(b20, Ext2.mul0(w0, w1, m0, m1));
            b21 = addCanonical(b21, Ext2.mul1(w0, w1, m0, m1));
        }
        return new long[] {a00, a01, b00, b01, a20, a21, b20, b21};
    }

    private long[] accumulate(int from, int to) {
        long a00 = 0, a01 = 0, b00 = 0, b01 = 0, a20 = 0, a21 = 0, b20 = 0, b21 = 0;
        for (int i = from; i < to; i++) {
            long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
            int o = 4 * i;
            for (int x = 0; x <= 2; x += 2) {
                long pl0, pl1, pr0, pr1, l0, l1, r0, r1;
                if (x == 0) {
                    pl0 = pL[o]; pl1 = pL[o + 1]; pr0 = pR[o]; pr1 = pR[o + 1];
                    l0 = qL[o]; l1 = qL[o + 1]; r0 = qR[o]; r1 = qR[o + 1];
                } else {
                    pl0 = twice(pL[o + 2], pL[o]); pl1 = twice(pL[o + 3], pL[o + 1]);
                    pr0 = twice(pR[o + 2], pR[o]); pr1 = twice(pR[o + 3], pR[o + 1]);
                    l0 = twice(qL[o + 2], qL[o]); l1 = twice(qL[o + 3], qL[o + 1]);
                    r0 = twice(qR[o + 2], qR[o]); r1 = twice(qR[o + 3], qR[o + 1]);
                }
                long c0 = addCanonical(Ext2.mul0(pl0, pl1, r0, r1), Ext2.mul0(pr0, pr1, l0, l1));
                long c1 = addCanonical(Ext2.mul1(pl0, pl1, r0, r1), Ext2.mul1(pr0, pr1, l0, l1));
                long m0 = Ext2.mul0(l0, l1, r0, r1), m1 = Ext2.mul1(l0, l1, r0, r1);
                long ca0 = Ext2.mul0(w0, w1, c0, c1), ca1 = Ext2.mul1(w0, w1, c0, c1);
                long cb0 = Ext2.mul0(w0, w1, m0, m1), cb1 = Ext2.mul1(w0, w1, m0, m1);
                if (x == 0) {
                    a00 = addCanonical(a00, ca0); a01 = addCanonical(a01, ca1);
                    b00 = addCanonical(b00, cb0); b01 = addCanonical(b01, cb1);
                } else {
                    a20 = addCanonical(a20, ca0); a21 = addCanonical(a21, ca1);
                    b20 = addCanonical(b20, cb0); b21 = addCanonical(b21, cb1);
                }
            }
        }
        return new long[] {a00, a01, b00, b01, a20, a21, b20, b21};
    }

    /** t(1) = Σ_i eq(ρ_rest, i)·[p_L q_R + p_R q_L + μ·q_L q_R](1, i), from the tables' values at X = 1. */
    private Ext2 valueAtOne() {
        Ext2 a = Ext2.ZERO, b = Ext2.ZERO;
        for (int i = 0; i < qL.length >>> 2; i++) {
            Ext2 w = Ext2.at(eqRest, i), l = Ext2.at(qL, 2 * i + 1), r = Ext2.at(qR, 2 * i + 1);
            Ext2 numerator = pL == null ? l.add(r) : Ext2.at(pL, 2 * i + 1).mul(r).add(Ext2.at(pR, 2 * i + 1).mul(l));
            a = a.add(w.mul(numerator));
            b = b.add(w.mul(l.mul(r)));
        }
        return a.add(mu.mul(b));
    }

    /** 2·hi − lo: a table's value at X = 2 from its values at 0 and 1. */
    private static long twice(long hi, long lo) {
        return subCanonical(addCanonical(hi, hi), lo);
    }

    @Override
    public void bind(Ext2 r) {
        Ext2 z = rho[round];
        eqPrefix = eqPrefix.mul(Ext2.ONE.sub(z).mul(Ext2.ONE.sub(r)).add(z.mul(r)));
        qL = Multilinear.bindExt(qL, r);
        qR = Multilinear.bindExt(qR, r);
        if (pL != null) {
            pL = Multilinear.bindExt(pL, r);
            pR = Multilinear.bindExt(pR, r);
        }
        round++;
        if (eqRest.length > 2) {
            eqRest = Multilinear.sumAdjacentPairs(eqRest);
        }
    }

    /** p_L, p_R, q_L, q_R at the final point. */
    Ext2[] finalValues() {
        Ext2 one = Ext2.ONE;
        return new Ext2[] {pL == null ? one : Ext2.at(pL, 0), pR == null ? one : Ext2.at(pR, 0), Ext2.at(qL, 0), Ext2.at(qR, 0)};
    }
}
