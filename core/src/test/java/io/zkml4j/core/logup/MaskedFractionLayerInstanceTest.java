package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fraction layer's specialised masked instance against the generic one
 * ({@link MaskedInstance} with the terms p_L·q_R + p_R·q_L + μ·q_L·q_R and the eq factor): every
 * round polynomial the same as a function (at a random point and beyond its degree), the same final
 * values, for general and all-one numerators, masked and unmasked tables.
 */
class MaskedFractionLayerInstanceTest {
    @Test
    void matchesTheGenericInstanceRoundByRound() {
        for (boolean unit : new boolean[] {false, true}) {
            for (boolean maskP : new boolean[] {false, true}) {
                for (boolean maskQ : new boolean[] {false, true}) {
                    assertSameRounds(TrueSum.run(unit, maskP, maskQ, 11 + (unit ? 1 : 0) + (maskP ? 2 : 0) + (maskQ ? 4 : 0), -1, -1));
                }
            }
        }
    }

    /**
     * Regression (review): a live verifier may fold the trees at τ = 0, which puts a zero coordinate
     * into the next layer's eq point, or pick a challenge that zeroes an eq factor already bound; the
     * later rounds divided by both to take t(1) from the claim and the honest prover threw. Every
     * round must still match the generic instance.
     */
    @Test
    void aZeroCoordinateOrAVanishingEqFactorStillProves() {
        for (boolean unit : new boolean[] {false, true}) {
            for (int zero : new int[] {0, 3, 6}) {
                assertSameRounds(TrueSum.run(unit, true, true, 31 + zero + (unit ? 100 : 0), zero, zero == 3 ? 1 : -1));
            }
        }
    }

    /** Each round's polynomial of the two instances alike (at a random point and beyond its degree), then their final values. */
    private static void assertSameRounds(Ext2[][] out) {
        for (int i = 0; i < out.length - 1; i += 2) {
            assertEquals(out[i][0], out[i][1], "round " + i / 2 + " at a random point");
            assertEquals(out[i][2], out[i][3], "round " + i / 2 + " beyond its degree");
        }
        Ext2[] f = out[out.length - 1];
        for (int k = 0; k < 8; k += 2) {
            assertEquals(f[k], f[k + 1], "final value " + k / 2);
        }
    }

    /** Tables and their direct sum Σ_x eq(ρ, x)·[p_L q_R + p_R q_L + μ q_L q_R](x). */
    private static final class TrueSum {
        /** {@code zero}: a coordinate of ρ set to 0 (−1: none); {@code vanish}: the round whose challenge zeroes its eq factor (−1: none). */
        static Ext2[][] run(boolean unit, boolean maskP, boolean maskQ, long seed, int zero, int vanish) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 7;
            Ext2[] rho = Rand.point(n, r);
            if (zero >= 0) {
                rho[zero] = Ext2.ZERO;
            }
            Ext2 mu = Rand.ext(r);
            long[] pL = unit ? null : Rand.extTable(1 << n, r), pR = unit ? null : Rand.extTable(1 << n, r);
            long[] qL = Rand.extTable(1 << n, r), qR = Rand.extTable(1 << n, r);
            long[][] masks = new long[4][];
            for (int k = 0; k < 4; k++) {
                boolean masked = k < 2 ? maskP && !unit : maskQ;
                masks[k] = masked ? Rand.extTable(MaskedInstance.MASK_SIZE, r) : null;
            }
            long[] eq = io.zkml4j.core.poly.Multilinear.eqTable(rho);
            Ext2 claim = Ext2.ZERO;
            for (int x = 0; x < 1 << n; x++) {
                Ext2 a = unit ? Ext2.ONE : Ext2.at(pL, x), b = unit ? Ext2.ONE : Ext2.at(pR, x);
                Ext2 c = Ext2.at(qL, x), d = Ext2.at(qR, x);
                claim = claim.add(Ext2.at(eq, x).mul(a.mul(d).add(b.mul(c)).add(mu.mul(c.mul(d)))));
            }
            long[] ones = new long[2 << n];
            for (int i = 0; i < ones.length; i += 2) {
                ones[i] = 1;
            }
            long[][] tables = {unit ? ones : pL.clone(), unit ? ones : pR.clone(), qL.clone(), qR.clone()};
            List<ProductSumInstance.Term> terms = List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 3), new ProductSumInstance.Term(Ext2.ONE, 1, 2),
                    new ProductSumInstance.Term(mu, 2, 3));
            MaskedInstance generic = new MaskedInstance(tables, masks.clone(), terms, rho);
            MaskedFractionLayerInstance special = new MaskedFractionLayerInstance(rho, mu, pL, pR, qL, qR, masks);
            Ext2 gc = claim, sc = claim;
            Ext2[][] out = new Ext2[2 * n + 1][];
            for (int round = 0; round < n; round++) {
                Ext2[] g = generic.roundValues(gc);
                Ext2[] s = special.roundValues(sc);
                assertEquals(gc, g[0].add(g[1]), "the generic round sums to the claim");
                assertEquals(sc, s[0].add(s[1]), "the special round sums to the claim");
                Ext2 x = Rand.ext(r);
                out[2 * round] = new Ext2[] {Univariate.evaluate(g, x), Univariate.evaluate(s, x), Univariate.evaluate(g, Ext2.fromBase(7)),
                        Univariate.evaluate(s, Ext2.fromBase(7))};
                out[2 * round + 1] = new Ext2[] {g[0].add(g[1]), s[0].add(s[1])};
                Ext2 ch = Rand.ext(r);
                if (round == vanish) { // (1 − z)(1 − c) + z·c = 0
                    Ext2 z = rho[round];
                    ch = Ext2.ONE.sub(z).mul(Ext2.ONE.sub(z.add(z)).inverse());
                }
                gc = Univariate.evaluate(g, ch);
                sc = Univariate.evaluate(s, ch);
                generic.bind(ch);
                special.bind(ch);
            }
            Ext2[] gf = generic.finalTableValues();
            Ext2[] sf = special.finalValues();
            out[2 * n] = new Ext2[] {gf[0], sf[0], gf[1], sf[1], gf[2], sf[2], gf[3], sf[3]};
            return out;
        }
    }

    /** Children read in place as the two halves of one layer's arrays: the same rounds and final values as from copies. */
    @Test
    void halvesReadInPlaceProveAsCopiesDo() {
        for (boolean unit : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(unit ? 71 : 72);
            int n = 6, len = 2 << n;
            Ext2[] rho = Rand.point(n, r);
            Ext2 mu = Rand.ext(r);
            long[] p = unit ? null : Rand.extTable(2 << n, r), q = Rand.extTable(2 << n, r); // a layer of 2^(n+1): its halves are the children
            long[][] masks = {unit ? null : Rand.extTable(MaskedInstance.MASK_SIZE, r), null, Rand.extTable(MaskedInstance.MASK_SIZE, r),
                    Rand.extTable(MaskedInstance.MASK_SIZE, r)};
            MaskedFractionLayerInstance copied = new MaskedFractionLayerInstance(rho, mu, unit ? null : java.util.Arrays.copyOf(p, len),
                    unit ? null : java.util.Arrays.copyOfRange(p, len, 2 * len), java.util.Arrays.copyOf(q, len),
                    java.util.Arrays.copyOfRange(q, len, 2 * len), masks);
            MaskedFractionLayerInstance inPlace = new MaskedFractionLayerInstance(rho, mu, new long[][] {p, p, q, q}, new int[] {0, len, 0, len},
                    masks);
            Ext2 claim = Rand.ext(r); // the rounds are functions of the tables; any running claim exercises them alike
            for (int round = 0; round < n; round++) {
                Ext2[] a = copied.roundValues(claim), b = inPlace.roundValues(claim);
                assertEquals(java.util.Arrays.asList(a), java.util.Arrays.asList(b), "round " + round);
                Ext2 ch = Rand.ext(r);
                claim = Univariate.evaluate(a, ch);
                copied.bind(ch);
                inPlace.bind(ch);
            }
            assertEquals(java.util.Arrays.asList(copied.finalValues()), java.util.Arrays.asList(inPlace.finalValues()));
            assertThrows(IllegalArgumentException.class, () -> new MaskedFractionLayerInstance(rho, mu, new long[][] {null, null, q, q},
                    new int[] {0, 0, len + 2, 0}, new long[4][]), "a child running past its array");
        }
    }

    @Test
    void childrenOfTheWrongSizeOrMaskedOnesAreRefused() {
        SplittableRandom r = new SplittableRandom(3);
        Ext2[] rho = Rand.point(6, r);
        long[] q = Rand.extTable(64, r);
        assertThrows(IllegalArgumentException.class, () -> new MaskedFractionLayerInstance(rho, Ext2.ONE, null, null, q, Rand.extTable(32, r),
                new long[4][]));
        assertThrows(IllegalArgumentException.class, () -> new MaskedFractionLayerInstance(rho, Ext2.ONE, null, null, q, q,
                new long[][] {Rand.extTable(16, r), null, null, null}));
        assertThrows(IllegalArgumentException.class, () -> new MaskedFractionLayerInstance(Rand.point(4, r), Ext2.ONE, null, null,
                Rand.extTable(16, r), Rand.extTable(16, r), new long[4][]));
    }
}
