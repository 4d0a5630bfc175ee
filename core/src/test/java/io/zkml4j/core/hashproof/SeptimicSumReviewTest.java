package io.zkml4j.core.hashproof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of the plain rounds' t(1) from the claim and t(8) by extension: every plain round's values
 * against s_j(X) = Σ_y eq(τ, (r_<j, X, y))·(L̃ + Σ b_k·T̃_k^7)(r_<j, X, y), with τ_j = 0 in some
 * rounds and a challenge that makes the prefix eq(τ_<j, r_<j) zero.
 */
class SeptimicSumReviewTest {
    private static Ext2 p(long[] linear, long[][] lifted, Ext2[] b, Ext2[] point) {
        Ext2 v = Multilinear.evaluateExt(linear, point);
        for (int k = 0; k < lifted.length; k++) {
            Ext2 t = Multilinear.evaluateExt(lifted[k], point);
            Ext2 t3 = t.square().mul(t);
            v = v.add(b[k].mul(t3.square().mul(t)));
        }
        return v;
    }

    @Test
    void plainRoundsAreTheDefinition() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 5;
        for (int trial = 0; trial < 6; trial++) {
            Ext2[] tau = Rand.point(n, r);
            tau[0] = trial % 2 == 0 ? Ext2.ZERO : tau[0];
            tau[2] = Ext2.ZERO;
            long[] linear = Rand.extTable(1 << n, r);
            int tables = 3;
            long[][] base = new long[tables][];
            long[][] lifted = new long[tables][];
            long[][] masks = new long[tables][];
            Ext2[] b = new Ext2[tables];
            for (int k = 0; k < tables; k++) {
                base[k] = Rand.base(1 << n, r);
                lifted[k] = new long[2 << n];
                for (int i = 0; i < 1 << n; i++) {
                    lifted[k][2 * i] = base[k][i];
                }
                masks[k] = Rand.extTable(16, r);
                b[k] = Rand.ext(r);
            }
            SeptimicSumInstance inst = new SeptimicSumInstance(tau, linear, base, b, Rand.extTable(16, r), masks);
            Ext2[] point = new Ext2[n];
            Ext2 claim = Ext2.ZERO;
            for (int i = 0; i < 1 << n; i++) {
                Ext2[] x = new Ext2[n];
                for (int j = 0; j < n; j++) {
                    x[j] = ((i >>> j) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
                }
                claim = claim.add(Multilinear.eq(tau, x).mul(p(linear, lifted, b, x)));
            }
            for (int round = 0; round < n - 1; round++) {
                Ext2[] s = inst.roundValues(claim);
                assertEquals(SeptimicSumInstance.DEGREE + 1, s.length);
                assertEquals(claim, s[0].add(s[1]), "trial " + trial + ", round " + round);
                for (int xv = 0; xv < s.length; xv++) {
                    Ext2 want = Ext2.ZERO;
                    int rest = n - round - 1;
                    for (int y = 0; y < 1 << rest; y++) {
                        Ext2[] pt = new Ext2[n];
                        System.arraycopy(point, 0, pt, 0, round);
                        pt[round] = Ext2.fromBase(xv);
                        for (int j = 0; j < rest; j++) {
                            pt[round + 1 + j] = ((y >>> j) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
                        }
                        want = want.add(Multilinear.eq(tau, pt).mul(p(linear, lifted, b, pt)));
                    }
                    assertEquals(want, s[xv], "trial " + trial + ", round " + round + ", X = " + xv);
                }
                Ext2 c = Rand.ext(r);
                if (trial >= 4 && round == 1) { // eq(τ_1, c) = 0: the prefix is zero from here on
                    c = Ext2.ONE.sub(tau[1]).mul(Ext2.ONE.sub(tau[1].add(tau[1])).inverse());
                }
                point[round] = c;
                claim = Univariate.evaluate(s, c);
                inst.bind(c);
            }
        }
    }
}
