package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of bf7c053 (the list-decoding regime pins its codeword by an out-of-domain value and an
 * opening goes through the line from the claimed point to the out-of-domain point).
 *
 * <p>The security figures are recomputed here from the argument's formulas, independently of
 * {@link ListDecodingSoundness}'s code for the pinning terms: the exact Johnson list bound
 * (a − ρ')/(a² − ρ') with ρ' = (2^n − 1)/2^(n+β), E1 = C(L, 2)·n/p², E2 = L·n/p² over p² (the field
 * of z_ood and t*, not p⁴), and m chosen on Theorem 1's grid with both terms included (not Theorem 1's
 * own best m). The protocol tests are edge cases an attacker would try: a table whose out-of-domain
 * value is 0, a claim at the out-of-domain point itself, hypercube points, lines forged to start at
 * a false value (a degree-1 and a single-node change, and one that would vanish at t* if the prover
 * knew t* before sending the line), lines of n and n + 2 values, and proofs of one regime checked
 * against a commitment of the other.
 */
class PinningReviewTest {
    static final String PROTOCOL = BasefoldPcsTest.PROTOCOL;
    static final HashFunction HASH = Sha256.INSTANCE;
    static final double LOG_P = Math.log(18446744069414584321.0) / Math.log(2);
    static final int[] GRID = {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 32, 64, 128, 256, 512, 1024};

    // ---- the figures ----

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** The Johnson bound as the argument states it, in exact rationals where it matters (floor of (a − ρ')/(a² − ρ')). */
    static long johnson(int n, int logBlowup, int m) {
        double a = (1 + 1.0 / (2 * m)) * Math.sqrt(Math.pow(2, -logBlowup));
        double rhoPrime = (Math.pow(2, n) - 1) / Math.pow(2, n + logBlowup);
        assertTrue(a * a > rhoPrime);
        return (long) Math.floor((a - rhoPrime) / (a * a - rhoPrime));
    }

    /** E1 + E2 over p²: (C(L, 2) + L)·n/p². */
    static double pinningError(int n, int logBlowup, int m) {
        double l = johnson(n, logBlowup, m);
        return (l * (l - 1) / 2 + l) * n * Math.pow(2, -2 * LOG_P);
    }

    /** max over the grid of −log2(ε_T1(m) + E1(m) + E2(m)), Theorem 1 with challenges from p⁴. */
    static double pinnedBits(int n, int logBlowup, int queries, int grinding) {
        double best = Double.NEGATIVE_INFINITY;
        for (int m : GRID) {
            double t1 = Math.pow(2, -ListDecodingSoundness.securityBits(n, logBlowup, 0, queries, grinding, 4 * LOG_P, m));
            best = Math.max(best, -log2(t1 + pinningError(n, logBlowup, m)));
        }
        return best;
    }

    @Test
    void theListSizeIsTheExactJohnsonBound() {
        // The review's table (ρ = 1/16): 25 at m = 8, 49 at 16, 193 at 64, 385 at 128, 769 at 256, 3073 at 1024 (2^26 values).
        assertEquals(25, ListDecodingSoundness.listSize(20, 4, 8));
        long[][] review = {{8, 25}, {16, 49}, {64, 193}, {128, 385}, {256, 769}, {1024, 3073}};
        for (long[] r : review) {
            assertEquals(r[1], ListDecodingSoundness.listSize(26, 4, (int) r[0]), "m = " + r[0]);
        }
        // Small tables: two distinct polynomials of 2^n coefficients agree on 2^n − 1 points, far below ρ at n = 1.
        assertEquals(6, ListDecodingSoundness.listSize(1, 4, 256));
        for (int logBlowup = 1; logBlowup <= 6; logBlowup++) {
            double rho = Math.pow(2, -logBlowup);
            for (int n = 1; n <= 30 - logBlowup; n++) {
                for (int m : GRID) {
                    double list = ListDecodingSoundness.listSize(n, logBlowup, m);
                    assertEquals(johnson(n, logBlowup, m), list, "n = " + n + ", β = " + logBlowup + ", m = " + m);
                    // at most Haböck's (m + ½)/√ρ, and at least 1 (the word's own decoding)
                    assertTrue(list <= (m + 0.5) / Math.sqrt(rho) && list >= 1, list + " at n = " + n + ", β = " + logBlowup + ", m = " + m);
                }
            }
        }
    }

    @Test
    void thePinningTermsAreBothOverP2WithDegreeNumVars() {
        for (int logBlowup = 1; logBlowup <= 6; logBlowup++) {
            for (int n : new int[] {1, 2, 7, 13, 20, 30 - logBlowup}) {
                for (int m : GRID) {
                    double want = -log2(pinningError(n, logBlowup, m));
                    assertEquals(want, ListDecodingSoundness.pinningBits(n, logBlowup, m, BasefoldParameters.LOG_QUADRATIC_FIELD), 1e-9,
                            "n = " + n + ", β = " + logBlowup + ", m = " + m);
                }
            }
        }
        // By hand: at the defaults' m = 256, 2^26 values: (C(769, 2) + 769)·26/p² = 296,065·26/2^127.99999 = 2^-105.12.
        assertEquals(128 - log2((769.0 * 768 / 2 + 769) * 26), ListDecodingSoundness.pinningBits(26, 4, 256, BasefoldParameters.LOG_QUADRATIC_FIELD),
                1e-6);
    }

    @Test
    void theOpeningsBoundTakesMWithThePinningTerms() {
        for (int n : new int[] {1, 5, 10, 20, 26}) {
            assertEquals(pinnedBits(n, 4, 43, 16), BasefoldParameters.listDecodingDefaults().securityBits(n), 1e-9, "2^" + n);
        }
        assertEquals(101.734, BasefoldParameters.listDecodingDefaults().securityBits(26), 0.001);
        assertEquals(101.842, BasefoldParameters.listDecodingDefaults().securityBits(10), 0.001);
        assertEquals(99.844, new BasefoldParameters(4, 3, 42, 16, true).securityBits(26), 0.001);
        // Theorem 1's own best m (1024) would leave 100.49 bits with its list of 3073: the pinned figure is not taken there.
        int theoremsM = ListDecodingSoundness.bestM(26, 4, 0, 43, 16, BasefoldParameters.LOG_FIELD);
        assertEquals(1024, theoremsM);
        double atTheoremsM = -log2(Math.pow(2, -ListDecodingSoundness.securityBits(26, 4, 0, 43, 16, BasefoldParameters.LOG_FIELD, theoremsM))
                + pinningError(26, 4, theoremsM));
        assertEquals(100.49, atTheoremsM, 0.01);
        assertTrue(BasefoldParameters.listDecodingDefaults().securityBits(26) > atTheoremsM + 1);
        // and binding is that figure, never more than the opening's own
        assertEquals(BasefoldParameters.listDecodingDefaults().securityBits(26), BasefoldParameters.listDecodingDefaults().bindingBits(26));
    }

    /** forSecurity evaluates the largest table only: the pinned bound must fall with n, so every smaller table has at least as many bits. */
    @Test
    void listDecodingParametersReachTheirBitsAtEverySize() {
        BasefoldParameters d = BasefoldParameters.listDecodingDefaults();
        assertEquals(43, d.queries());
        for (int n = 1; n <= BasefoldPcs.MAX_LOG_CODEWORD - d.logBlowup(); n++) {
            assertTrue(d.securityBits(n) >= 100, "2^" + n + ": " + d.securityBits(n));
            assertTrue(n == 1 || d.securityBits(n) <= d.securityBits(n - 1), "not falling at 2^" + n);
        }
        for (int logBlowup : new int[] {2, 3, 5}) {
            int max = BasefoldPcs.MAX_LOG_CODEWORD - logBlowup;
            BasefoldParameters p = BasefoldParameters.forSecurity(100, logBlowup, 3, 16, max, true);
            for (int n = 1; n <= max; n++) {
                assertTrue(p.securityBits(n) >= 100, "β = " + logBlowup + ", 2^" + n + ": " + p.securityBits(n));
                assertEquals(pinnedBits(n, logBlowup, p.queries(), 16), p.securityBits(n), 1e-9);
            }
            assertTrue(new BasefoldParameters(logBlowup, 3, p.queries() - 1, 16, true).securityBits(max) < 100, "the fewest queries");
        }
    }

    // ---- the protocol ----

    static final BasefoldParameters PINNED = new BasefoldParameters(2, 2, 8, 0, true);

    static boolean accepted(BasefoldPcs.Commitment c, Ext2[] z, Ext2 value, byte[] proof) {
        try {
            BasefoldPcsTest.verify(c, z, value, proof, HASH);
            return true;
        } catch (InvalidProofException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A proof whose bound value is the honest one plus delta, and whose line message is rewritten by {@code line} (given the t* drawn so far, or null). */
    static byte[] forged(BasefoldPcs.Committed c, Ext2[] z, Ext2 delta, BiFunction<Ext2[], Ext2, Ext2[]> line) {
        FiatShamirProver inner = new FiatShamirProver(HASH, PROTOCOL);
        BasefoldPcs.open(c, z, new io.zkml4j.core.testing.LineRewritingChannel(inner, line), "pcs", new FoldedEvaluation.Deviation() {
            @Override
            public Ext2 value(Ext2 honest) {
                return honest.add(delta);
            }
        });
        return inner.proof();
    }

    @Test
    void aTableWhoseOutOfDomainValueIsZeroOpens() {
        int n = 5;
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, new long[1 << n], HASH);
        assertEquals(Ext2.ZERO, c.commitment().outOfDomainValue(), "the zero table is 0 everywhere");
        Random rnd = new Random(1);
        Ext2[] z = BasefoldPcsTest.point(rnd, n);
        assertTrue(accepted(c.commitment(), z, Ext2.ZERO, BasefoldPcsTest.prove(c, z, HASH)));
        assertFalse(accepted(c.commitment(), z, Ext2.ONE, forged(c, z, Ext2.ONE, (l, t) -> l)));
        assertFalse(accepted(c.commitment(), z, Ext2.ONE, forged(c, z, Ext2.ONE, (l, t) -> shifted(l, Ext2.ONE, oneMinusT(l.length)))));
    }

    /**
     * 0 is a value like any other, not "no pinning": a commitment stating y = 0 for a table whose
     * value there is not 0 is refused (a verifier that skipped the line for y = 0 would take a prover's
     * 0 as leave to open the word as any codeword of its list).
     */
    @Test
    void aStatedZeroIsCheckedLikeAnyOtherValue() {
        int n = 5;
        Random rnd = new Random(8);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, BasefoldPcsTest.table(rnd, n), HASH);
        assertFalse(c.commitment().outOfDomainValue().isZero());
        BasefoldPcs.Committed statingZero = c.stating(Ext2.ZERO);
        BasefoldPcs.Commitment zero = new BasefoldPcs.Commitment(PINNED, n, c.commitment().root(), Ext2.ZERO);
        for (int trial = 0; trial < 4; trial++) {
            Ext2[] z = BasefoldPcsTest.point(rnd, n);
            assertTrue(accepted(c.commitment(), z, c.evaluate(z), BasefoldPcsTest.prove(c, z, HASH)));
            assertFalse(accepted(zero, z, c.evaluate(z), BasefoldPcsTest.prove(statingZero, z, HASH)));
            assertFalse(accepted(zero, z, c.evaluate(z), BasefoldPcsTest.prove(c, z, HASH)));
        }
    }

    @Test
    void aClaimAtTheOutOfDomainPointItself() {
        int n = 5;
        Random rnd = new Random(2);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, BasefoldPcsTest.table(rnd, n), HASH);
        Ext2[] outside = BasefoldPcs.outOfDomainPoint(c.commitment().root(), n, HASH);
        Ext2 y = c.commitment().outOfDomainValue();
        assertEquals(c.evaluate(outside), y);
        // ℓ is constant: the honest line is y at every node
        assertTrue(accepted(c.commitment(), outside, y, BasefoldPcsTest.prove(c, outside, HASH)));
        for (Ext2 delta : new Ext2[] {Ext2.ONE, Ext2.of(3, 9)}) {
            assertFalse(accepted(c.commitment(), outside, y.add(delta), forged(c, outside, delta, (l, t) -> l)));
            assertFalse(accepted(c.commitment(), outside, y.add(delta), forged(c, outside, delta, (l, t) -> shifted(l, delta, oneMinusT(l.length)))));
            assertFalse(accepted(c.commitment(), outside, y.add(delta), forged(c, outside, delta, (l, t) -> shifted(l, delta, nodeZero(l.length)))));
        }
    }

    @Test
    void hypercubeAndZeroPointsOpen() {
        int n = 4;
        Random rnd = new Random(3);
        long[] t = BasefoldPcsTest.table(rnd, n);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, t, HASH);
        for (int i : new int[] {0, 5, 15}) {
            Ext2[] z = new Ext2[n];
            for (int j = 0; j < n; j++) {
                z[j] = Ext2.fromBase((i >> j) & 1);
            }
            assertEquals(Ext2.fromBase(t[i]), c.evaluate(z));
            assertTrue(accepted(c.commitment(), z, Ext2.fromBase(t[i]), BasefoldPcsTest.prove(c, z, HASH)), "vertex " + i);
            assertFalse(accepted(c.commitment(), z, Ext2.fromBase(t[i] + 1), forged(c, z, Ext2.ONE, (l, s) -> shifted(l, Ext2.ONE, oneMinusT(l.length)))));
        }
    }

    /**
     * A false value v' = v + δ with a line forged to start at it and reach y: δ·(1 − t), δ at node 0
     * only, and δ·(1 − t)(g − t)/g, which vanishes at g: if the prover could see t* before sending the
     * line (g = t*), its value at t* would be the true one and the folds would pass. Here g is the t*
     * of a line already drawn, or a guess when none has been; each is refused.
     */
    @Test
    void forgedLinesAreRefused() {
        int n = 6;
        Random rnd = new Random(4);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, BasefoldPcsTest.table(rnd, n), HASH);
        Ext2 guess = Ext2.of(5, 7);
        for (int trial = 0; trial < 8; trial++) {
            Ext2[] z = BasefoldPcsTest.point(rnd, n);
            Ext2 delta = BasefoldPcsTest.point(rnd, 1)[0];
            Ext2 v = c.evaluate(z);
            assertTrue(accepted(c.commitment(), z, v, BasefoldPcsTest.prove(c, z, HASH)));
            assertFalse(accepted(c.commitment(), z, v.add(delta), forged(c, z, delta, (l, t) -> shifted(l, delta, oneMinusT(l.length)))));
            assertFalse(accepted(c.commitment(), z, v.add(delta), forged(c, z, delta, (l, t) -> shifted(l, delta, nodeZero(l.length)))));
            assertFalse(accepted(c.commitment(), z, v.add(delta), forged(c, z, delta, (l, t) -> shifted(l, delta, vanishingAt(l.length, t == null ? guess : t)))),
                    "a line made to vanish at t*: t* must be drawn after the line");
        }
    }

    /** A line message of n or n + 2 values, or with its last value changed (the degree-n term), is refused. */
    @Test
    void theLineHasExactlyNPlusOneValues() {
        int n = 5;
        Random rnd = new Random(5);
        BasefoldPcs.Committed c = BasefoldPcs.commit(PINNED, BasefoldPcsTest.table(rnd, n), HASH);
        Ext2[] z = BasefoldPcsTest.point(rnd, n);
        Ext2 v = c.evaluate(z);
        assertFalse(accepted(c.commitment(), z, v, forged(c, z, Ext2.ZERO, (l, t) -> Arrays.copyOf(l, l.length - 1))));
        assertFalse(accepted(c.commitment(), z, v, forged(c, z, Ext2.ZERO, (l, t) -> {
            Ext2[] longer = Arrays.copyOf(l, l.length + 1);
            longer[l.length] = Univariate.evaluate(l, Ext2.fromBase(l.length)); // the true continuation
            return longer;
        })));
        assertFalse(accepted(c.commitment(), z, v, forged(c, z, Ext2.ZERO, (l, t) -> {
            Ext2[] bent = l.clone();
            bent[n] = bent[n].add(Ext2.ONE);
            return bent;
        })));
        assertTrue(accepted(c.commitment(), z, v, forged(c, z, Ext2.ZERO, (l, t) -> l)), "the rewriting channel itself is honest");
    }

    /** Each regime's proof against the same root committed in the other regime is refused; the point's transcript is the root's alone. */
    @Test
    void regimesAndOutOfDomainPointsDoNotMix() {
        int n = 5;
        Random rnd = new Random(7);
        long[] t = BasefoldPcsTest.table(rnd, n);
        BasefoldParameters unique = new BasefoldParameters(PINNED.logBlowup(), PINNED.logArity(), PINNED.queries(), PINNED.grindingBits());
        BasefoldPcs.Committed pinned = BasefoldPcs.commit(PINNED, t, HASH);
        BasefoldPcs.Committed plain = BasefoldPcs.commit(unique, t, HASH);
        assertArrayEquals(pinned.commitment().root(), plain.commitment().root(), "one codeword");
        Ext2[] z = BasefoldPcsTest.point(rnd, n);
        Ext2 v = pinned.evaluate(z);
        byte[] pinnedProof = BasefoldPcsTest.prove(pinned, z, HASH), plainProof = BasefoldPcsTest.prove(plain, z, HASH);
        assertTrue(accepted(pinned.commitment(), z, v, pinnedProof));
        assertTrue(accepted(plain.commitment(), z, v, plainProof));
        assertFalse(accepted(plain.commitment(), z, v, pinnedProof));
        assertFalse(accepted(pinned.commitment(), z, v, plainProof));
        // z_ood: the transcript of its own protocol absorbing the root alone, n challenges in a row (Solidity's Basefold.outOfDomainPoint)
        FiatShamirProver own = new FiatShamirProver(HASH, "zkml4j/basefold/out-of-domain/v1");
        own.absorbPublic("basefold.root", pinned.commitment().root());
        assertArrayEquals(own.challengeExts("basefold.point", n), BasefoldPcs.outOfDomainPoint(pinned.commitment().root(), n, HASH));
        Ext2[] more = BasefoldPcs.outOfDomainPoint(pinned.commitment().root(), n + 1, HASH);
        assertArrayEquals(BasefoldPcs.outOfDomainPoint(pinned.commitment().root(), n, HASH), Arrays.copyOf(more, n));
        assertDoesNotThrow(() -> new BasefoldPcs.Commitment(PINNED, n, pinned.commitment().root(), Ext2.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BasefoldPcs.Commitment(unique, n, plain.commitment().root(), Ext2.ZERO));
    }

    // ---- line corrections ----

    /** l[t] + delta·shape[t]. */
    static Ext2[] shifted(Ext2[] l, Ext2 delta, Ext2[] shape) {
        Ext2[] out = new Ext2[l.length];
        for (int t = 0; t < l.length; t++) {
            out[t] = l[t].add(delta.mul(shape[t]));
        }
        return out;
    }

    static Ext2[] oneMinusT(int length) {
        Ext2[] s = new Ext2[length];
        for (int t = 0; t < length; t++) {
            s[t] = Ext2.ONE.sub(Ext2.fromBase(t));
        }
        return s;
    }

    static Ext2[] nodeZero(int length) {
        Ext2[] s = new Ext2[length];
        Arrays.fill(s, Ext2.ZERO);
        s[0] = Ext2.ONE;
        return s;
    }

    /** (1 − t)(g − t)/g at t = 0..length − 1: 1 at 0, 0 at 1 and at g. */
    static Ext2[] vanishingAt(int length, Ext2 g) {
        Ext2[] s = new Ext2[length];
        Ext2 inv = g.inverse();
        for (int t = 0; t < length; t++) {
            Ext2 x = Ext2.fromBase(t);
            s[t] = Ext2.ONE.sub(x).mul(g.sub(x)).mul(inv);
        }
        return s;
    }
}
