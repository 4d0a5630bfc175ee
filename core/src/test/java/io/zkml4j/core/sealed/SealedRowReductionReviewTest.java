package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.zkml4j.core.sealed.SealedEvaluationReductionTest.FRESH;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the block-sparse claim reduction (commit 691c4d7): for inputs chosen to break it, the
 * reduction with {@code fewRows} (BlockSparseInnerProduct where {@link SealedEvaluationReduction.RowWeights}
 * applies) sends the same transcript, byte for byte, and hands on the same claims, as the reduction
 * over every whole table; and each case asserts that the sparse path was actually taken for the
 * polynomial it is about. A few cases are proven end to end (sealed opening, Ligero) and verified.
 */
class SealedRowReductionReviewTest {
    private static final String DS = "sealed-row-review/v1";

    /** One term on the sealed commitment (index 0): polynomial p at a point, with a coefficient. */
    private record Named(int polynomial, Ext2[] point, Ext2 coefficient) {}

    /**
     * A point on n variables: coordinates below {@code bitsFrom} random (except those listed in
     * {@code lowBits}, set to the given 0/1), from {@code bitsFrom} up the bits of {@code row}.
     */
    private static Ext2[] point(int n, int bitsFrom, long row, SplittableRandom r) {
        Ext2[] p = Rand.point(n, r);
        for (int v = bitsFrom; v < n; v++) {
            p[v] = ((row >>> (v - bitsFrom)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
        }
        return p;
    }

    private static SealedCommitment seal(List<long[]> tables, long seed) {
        return SealedCommitment.commit(SealedEvaluationReductionTest.SEALED, tables, new java.util.Random(seed));
    }

    /** Claims of true values, grouped: claim j holds the terms of group j (Σ c·D_p(point)). */
    private static List<LinearClaim> claims(List<long[]> tables, List<List<Named>> groups) {
        List<LinearClaim> out = new ArrayList<>();
        for (List<Named> g : groups) {
            List<LinearClaim.Term> terms = new ArrayList<>();
            Ext2 value = Ext2.ZERO;
            for (Named t : g) {
                terms.add(new LinearClaim.Term(0, t.polynomial(), new Weights.Eq(t.point()), t.coefficient()));
                value = value.add(t.coefficient().mul(Multilinear.evaluateBase(tables.get(t.polynomial()), t.point())));
            }
            out.add(new LinearClaim(terms, value));
        }
        return out;
    }

    /** Whether polynomial p's terms (as the claims name them) take the block-sparse path. */
    private static boolean sparse(SealedCommitment sealed, List<LinearClaim> claims, int p) {
        List<LinearClaim.Term> terms = new ArrayList<>();
        claims.forEach(c -> c.terms().stream().filter(t -> t.commitment() == 0 && t.polynomial() == p).forEach(terms::add));
        return !terms.isEmpty() && SealedEvaluationReduction.RowWeights.of(terms, sealed.commitment().numVars(p)) != null;
    }

    private record Reduced(byte[] transcript, List<LinearClaim> claims) {}

    private static Reduced reduce(SealedCommitment sealed, List<LinearClaim> claims, boolean fewRows, long seed) {
        FiatShamirProver ch = new FiatShamirProver(Sha256.INSTANCE, DS);
        SealedEvaluationReduction.ProverResult res = SealedEvaluationReduction.prove(sealed, 0, claims, FRESH, 3, ch,
                new java.util.Random(seed), fewRows);
        return new Reduced(ch.proof(), res.claims());
    }

    /** The reduction's transcript and outgoing claims are the same on both paths. */
    private static void assertSamePaths(SealedCommitment sealed, List<LinearClaim> claims, long seed, String what) {
        Reduced fast = reduce(sealed, claims, true, seed);
        Reduced whole = reduce(sealed, claims, false, seed);
        assertArrayEquals(whole.transcript(), fast.transcript(), what + ": the transcripts differ");
        assertSameClaims(whole.claims(), fast.claims(), what);
    }

    private static void assertSameClaims(List<LinearClaim> want, List<LinearClaim> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            LinearClaim a = want.get(i), b = got.get(i);
            assertEquals(a.value(), b.value(), what + ": claim " + i + "'s value");
            assertEquals(a.terms().size(), b.terms().size(), what + ": claim " + i);
            for (int k = 0; k < a.terms().size(); k++) {
                LinearClaim.Term s = a.terms().get(k), t = b.terms().get(k);
                String at = what + ": claim " + i + " term " + k;
                assertEquals(s.commitment(), t.commitment(), at);
                assertEquals(s.polynomial(), t.polynomial(), at);
                assertEquals(s.coefficient(), t.coefficient(), at);
                assertEquals(s.weights().getClass(), t.weights().getClass(), at);
                if (s.weights() instanceof Weights.Eq e) {
                    assertArrayEquals(e.point(), ((Weights.Eq) t.weights()).point(), at);
                } else if (s.weights() instanceof Weights.Explicit e) {
                    assertArrayEquals(e.interleaved(), ((Weights.Explicit) t.weights()).interleaved(), at);
                }
            }
        }
    }

    // ---- targeted cases, one polynomial of 2^12 (rows of 2^5) unless said ----

    private static final int N = 12;

    private static void check(List<long[]> tables, List<List<Named>> groups, int sparsePolynomial, long seed, String what) {
        SealedCommitment sealed = seal(tables, seed);
        List<LinearClaim> claims = claims(tables, groups);
        if (sparsePolynomial >= 0) {
            assertTrue(sparse(sealed, claims, sparsePolynomial), what + ": polynomial " + sparsePolynomial + " takes the block-sparse path");
        }
        assertSamePaths(sealed, claims, seed + 1, what);
    }

    @Test
    void termsWithZeroCoefficients() {
        SplittableRandom r = new SplittableRandom(101);
        List<long[]> tables = List.of(Rand.base(1 << N, r));
        List<Named> g = new ArrayList<>();
        g.add(new Named(0, point(N, 5, 3, r), Ext2.ZERO)); // a block named with nothing in it
        g.add(new Named(0, point(N, 5, 9, r), Rand.ext(r)));
        g.add(new Named(0, point(N, 5, 9, r), Ext2.ZERO));
        check(tables, List.of(g), 0, 1, "zero coefficients");
        // Only zero coefficients: every weight is zero, the sum is zero.
        check(tables, List.of(List.of(new Named(0, point(N, 5, 100, r), Ext2.ZERO))), 0, 2, "only zero coefficients");
        // Terms that cancel: c and −c at the same point.
        Ext2[] p = point(N, 5, 77, r);
        Ext2 c = Rand.ext(r);
        check(tables, List.of(List.of(new Named(0, p, c), new Named(0, p.clone(), c.neg()))), 0, 3, "cancelling terms");
    }

    @Test
    void theSameRowNamedManyTimes() {
        SplittableRandom r = new SplittableRandom(102);
        List<long[]> tables = List.of(Rand.base(1 << N, r));
        List<List<Named>> groups = new ArrayList<>();
        Ext2[] same = point(N, 5, 17, r);
        for (int j = 0; j < 6; j++) {
            List<Named> g = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                g.add(new Named(0, same.clone(), Rand.ext(r))); // the very same point
                g.add(new Named(0, point(N, 5, 17, r), Rand.ext(r))); // the same row, another column point
            }
            g.add(new Named(0, point(N, 5, 40 + j % 2, r), Rand.ext(r)));
            groups.add(g);
        }
        check(tables, groups, 0, 4, "the same row many times");
    }

    @Test
    void bitsStartingAtDifferentHeights() {
        SplittableRandom r = new SplittableRandom(103);
        List<long[]> tables = List.of(Rand.base(1 << N, r));
        List<Named> g = new ArrayList<>();
        // A whole row (bits from 5), half rows (6 and 7 bits of row), a single entry (all bits), a quarter row.
        int[] from = {5, 0, 3, 6, 1, 4, 0, 2};
        for (int k = 0; k < from.length; k++) {
            g.add(new Named(0, point(N, from[k], r.nextLong(1L << (N - from[k])) , r), Rand.ext(r)));
        }
        // Terms in decreasing block order, so that the blocks are sorted by RowWeights, not by the claims.
        g.add(new Named(0, point(N, 0, (1L << N) - 1, r), Rand.ext(r)));
        g.add(new Named(0, point(N, 6, 0, r), Rand.ext(r)));
        check(tables, List.of(g, List.of(new Named(0, point(N, 6, 1, r), Ext2.ONE))), 0, 5, "bits from different heights");
    }

    @Test
    void bitValuesAmongTheLowCoordinates() {
        SplittableRandom r = new SplittableRandom(104);
        List<long[]> tables = List.of(Rand.base(1 << N, r));
        List<Named> g = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Ext2[] p = point(N, 5, r.nextInt(1 << (N - 5)), r);
            // 0/1 below a random coordinate: the point's low part is not all random.
            p[0] = k % 2 == 0 ? Ext2.ONE : Ext2.ZERO;
            p[2] = k % 3 == 0 ? Ext2.ZERO : Ext2.ONE;
            if (k == 5) {
                p[3] = Ext2.ONE; // random only at 1 and 4
            }
            g.add(new Named(0, p, Rand.ext(r)));
        }
        // A point whose only non-bit is coordinate 0; another whose only non-bit is coordinate 4 (low = 5).
        Ext2[] q = point(N, 1, 12, r);
        g.add(new Named(0, q, Rand.ext(r)));
        Ext2[] s = point(N, 0, 1234, r);
        s[4] = Rand.ext(r);
        g.add(new Named(0, s, Rand.ext(r)));
        // A non-bit that is "almost" one: 1 + i·0 is a bit, 1 + i is not.
        Ext2[] t = point(N, 5, 3, r);
        t[1] = Ext2.of(1, 1);
        g.add(new Named(0, t, Rand.ext(r)));
        check(tables, List.of(g), 0, 6, "bits among the low coordinates");
    }

    @Test
    void polynomialsWithFewerVariablesThanTheSumcheck() {
        SplittableRandom r = new SplittableRandom(105);
        // 2^12 (dense: a random point), 2^9 (sparse, rows of 2^3), 2^7 (sparse, all bits), 2^2 (sparse, low 0), 2^1 (dense: too few blocks).
        List<long[]> tables = List.of(Rand.base(1 << 12, r), Rand.base(1 << 9, r), Rand.base(1 << 7, r), Rand.base(1 << 2, r),
                Rand.base(1 << 1, r));
        List<List<Named>> groups = new ArrayList<>();
        groups.add(List.of(new Named(0, Rand.point(12, r), Rand.ext(r))));
        groups.add(List.of(new Named(1, point(9, 3, 5, r), Rand.ext(r)), new Named(1, point(9, 3, 60, r), Rand.ext(r)),
                new Named(2, point(7, 0, 99, r), Rand.ext(r))));
        groups.add(List.of(new Named(3, point(2, 0, 2, r), Rand.ext(r)), new Named(4, point(1, 0, 1, r), Rand.ext(r))));
        SealedCommitment sealed = seal(tables, 7);
        List<LinearClaim> claims = claims(tables, groups);
        assertFalse(sparse(sealed, claims, 0));
        assertTrue(sparse(sealed, claims, 1));
        assertTrue(sparse(sealed, claims, 2));
        assertTrue(sparse(sealed, claims, 3), "one entry of four: a quarter of the blocks");
        assertFalse(sparse(sealed, claims, 4), "one entry of two: half the blocks");
        assertSamePaths(sealed, claims, 8, "fewer variables than n");
        // And the largest polynomial sparse while the smaller ones are dense.
        List<List<Named>> other = List.of(List.of(new Named(0, point(12, 5, 127, r), Rand.ext(r)), new Named(1, Rand.point(9, r), Rand.ext(r))),
                List.of(new Named(2, point(7, 4, 1, r), Rand.ext(r))));
        List<LinearClaim> otherClaims = claims(tables, other);
        assertTrue(sparse(sealed, otherClaims, 0));
        assertFalse(sparse(sealed, otherClaims, 1));
        assertSamePaths(sealed, otherClaims, 9, "the largest polynomial sparse");
    }

    @Test
    void blocksAtTheTablesEndsAndASingleBlock() {
        SplittableRandom r = new SplittableRandom(106);
        List<long[]> tables = List.of(Rand.base(1 << N, r));
        int last = (1 << (N - 5)) - 1;
        check(tables, List.of(List.of(new Named(0, point(N, 5, 0, r), Rand.ext(r)))), 0, 10, "the first block alone");
        check(tables, List.of(List.of(new Named(0, point(N, 5, last, r), Rand.ext(r)))), 0, 11, "the last block alone");
        check(tables, List.of(List.of(new Named(0, point(N, 5, last, r), Rand.ext(r)), new Named(0, point(N, 5, 0, r), Rand.ext(r)))), 0, 12,
                "the first and last blocks");
        // Exactly a quarter of the blocks (the threshold), the first ones; and three blocks (padded to four).
        List<Named> quarter = new ArrayList<>();
        for (int row = 0; row < (1 << (N - 5)) / 4; row++) {
            quarter.add(new Named(0, point(N, 5, row, r), Rand.ext(r)));
        }
        check(tables, List.of(quarter), 0, 13, "a quarter of the blocks");
        check(tables, List.of(List.of(new Named(0, point(N, 5, 1, r), Rand.ext(r)), new Named(0, point(N, 5, 64, r), Rand.ext(r)),
                new Named(0, point(N, 5, last, r), Rand.ext(r)))), 0, 14, "three blocks");
    }

    @Test
    void theHighestBlockSizeAndTheSmallestTables() {
        SplittableRandom r = new SplittableRandom(107);
        for (int n = 1; n <= 8; n++) {
            List<long[]> tables = List.of(Rand.base(1 << n, r));
            // low = n − 2: four blocks, one named (the largest low the threshold lets through).
            if (n >= 2) {
                check(tables, List.of(List.of(new Named(0, point(n, n - 2, r.nextInt(4), r), Rand.ext(r)))), 0, 20 + n, "n " + n + ", low n-2");
                check(tables, List.of(List.of(new Named(0, point(n, 0, r.nextInt(1 << n), r), Rand.ext(r)))), 0, 40 + n, "n " + n + ", one entry");
            }
            // low = n − 1: two blocks, too many for the threshold; must stay the dense path and still agree.
            check(tables, List.of(List.of(new Named(0, point(n, n - 1, r.nextInt(2), r), Rand.ext(r)))), -1, 60 + n, "n " + n + ", low n-1");
        }
    }

    /** Random mixes of everything above, several polynomials, compared at the reduction's level. */
    @Test
    void randomMixesAgree() {
        SplittableRandom r = new SplittableRandom(108);
        int sparseCases = 0;
        int cases = 250;
        for (int c = 0; c < cases; c++) {
            int polys = 1 + r.nextInt(3);
            List<long[]> tables = new ArrayList<>();
            for (int p = 0; p < polys; p++) {
                tables.add(Rand.base(1 << (1 + r.nextInt(11)), r));
            }
            // Per polynomial: the height its rows' bits start from (the block size), below which each point's own bits may start.
            int[] height = new int[polys];
            for (int p = 0; p < polys; p++) {
                int n = Integer.numberOfTrailingZeros(tables.get(p).length);
                height[p] = n < 2 ? 0 : r.nextInt(n - 1);
            }
            List<List<Named>> groups = new ArrayList<>();
            int claimCount = 1 + r.nextInt(4);
            for (int j = 0; j < claimCount; j++) {
                List<Named> g = new ArrayList<>();
                int termCount = 1 + r.nextInt(6);
                for (int k = 0; k < termCount; k++) {
                    int p = r.nextInt(polys);
                    int n = Integer.numberOfTrailingZeros(tables.get(p).length);
                    int from = r.nextInt(10) == 0 ? n : r.nextInt(height[p] + 1); // n: no bits at all
                    long rows = 1L << (n - from);
                    // Rows from a few blocks near the ends or anywhere.
                    long row = rows == 1 ? 0 : switch (r.nextInt(3)) {
                        case 0 -> r.nextLong(Math.min(rows, 4));
                        case 1 -> rows - 1 - r.nextLong(Math.min(rows, 4));
                        default -> r.nextLong(rows);
                    };
                    Ext2[] pt = point(n, from, row, r);
                    if (n > 0 && r.nextInt(5) == 0) {
                        pt[r.nextInt(n)] = r.nextBoolean() ? Ext2.ONE : Ext2.ZERO;
                    }
                    Ext2 coefficient = r.nextInt(8) == 0 ? Ext2.ZERO : Rand.ext(r);
                    g.add(new Named(p, pt, coefficient));
                    if (r.nextInt(4) == 0) {
                        g.add(new Named(p, pt.clone(), Rand.ext(r)));
                    }
                }
                groups.add(g);
            }
            SealedCommitment sealed = seal(tables, 1000 + c);
            List<LinearClaim> claims = claims(tables, groups);
            for (int p = 0; p < polys; p++) {
                if (sparse(sealed, claims, p)) {
                    sparseCases++;
                    break;
                }
            }
            assertSamePaths(sealed, claims, 2000 + c, "case " + c);
        }
        assertTrue(sparseCases > cases / 3, "the sparse path in only " + sparseCases + " of " + cases + " cases");
    }

    /** End to end: the whole proof is the same bytes on both paths, verifies, and a lie on the sparse path is still caught. */
    @Test
    void wholeProofsAreTheSameAndVerify() throws Exception {
        SplittableRandom r = new SplittableRandom(109);
        List<long[]> tables = List.of(Rand.base(1 << N, r), Rand.base(1 << 8, r), Rand.base(1 << 2, r));
        long[] witness = Rand.base(1 << 9, r);
        List<List<Named>> groups = new ArrayList<>();
        groups.add(List.of(new Named(0, point(N, 5, 0, r), Rand.ext(r)), new Named(0, point(N, 5, 127, r), Ext2.ZERO),
                new Named(0, point(N, 3, 200, r), Rand.ext(r)), new Named(1, point(8, 2, 7, r), Rand.ext(r))));
        groups.add(List.of(new Named(0, point(N, 0, 4000, r), Rand.ext(r)), new Named(2, point(2, 0, 3, r), Rand.ext(r))));
        List<LinearClaim> claims = new ArrayList<>(claims(tables, groups));
        Ext2[] y = Rand.point(9, r);
        claims.add(LinearClaim.evaluation(1, 0, y, Multilinear.evaluateBase(witness, y)));
        SealedCommitment sealed = seal(tables, 30);
        for (int p = 0; p < 3; p++) {
            assertTrue(sparse(sealed, claims, p), "polynomial " + p);
        }
        byte[] fast = SealedEvaluationReductionTest.prove(sealed, witness, claims, FRESH, SealedEvaluationReductionTest.DS, 31, true);
        byte[] whole = SealedEvaluationReductionTest.prove(sealed, witness, claims, FRESH, SealedEvaluationReductionTest.DS, 31, false);
        assertArrayEquals(whole, fast);
        SealedEvaluationReductionTest.verify(sealed.commitment(), claims, fast);
        // A claim one off, proven on the sparse path, is rejected.
        List<LinearClaim> lie = new ArrayList<>(claims);
        lie.set(0, new LinearClaim(lie.get(0).terms(), lie.get(0).value().add(Ext2.ONE)));
        byte[] forged = SealedEvaluationReductionTest.prove(sealed, witness, lie, FRESH, SealedEvaluationReductionTest.DS, 32, true);
        assertThrows(InvalidProofException.class, () -> SealedEvaluationReductionTest.verify(sealed.commitment(), lie, forged));
    }

    /**
     * The verifier does not depend on the path: it reads the same transcript whichever way the
     * prover computed it, and a prover that runs the sparse path over a table where a gathered
     * row differs from the committed one (a dishonest witness) is rejected.
     */
    @Test
    void aSparseProverWithAnotherTableIsRejected() throws Exception {
        SplittableRandom r = new SplittableRandom(110);
        long[] honest = Rand.base(1 << N, r);
        List<Named> g = List.of(new Named(0, point(N, 5, 10, r), Rand.ext(r)), new Named(0, point(N, 5, 90, r), Rand.ext(r)));
        List<LinearClaim> claims = new ArrayList<>(claims(List.of(honest), List.of(g)));
        long[] witness = Rand.base(1 << 9, r);
        Ext2[] y = Rand.point(9, r);
        claims.add(LinearClaim.evaluation(1, 0, y, Multilinear.evaluateBase(witness, y)));
        // Sealed over a table that differs in one entry of row 90: the claims are false for it.
        long[] other = honest.clone();
        other[90 * 32 + 7] = (other[90 * 32 + 7] + 1) % io.zkml4j.core.field.Goldilocks.P;
        SealedCommitment sealed = seal(List.of(other), 33);
        assertTrue(sparse(sealed, claims, 0));
        byte[] forged = SealedEvaluationReductionTest.prove(sealed, witness, claims, FRESH, SealedEvaluationReductionTest.DS, 34, true);
        assertThrows(InvalidProofException.class, () -> SealedEvaluationReductionTest.verify(sealed.commitment(), claims, forged));
        // Sealed over the honest table: verifies (so the rejection above is the changed entry's).
        SealedCommitment good = seal(List.of(honest), 33);
        SealedEvaluationReductionTest.verify(good.commitment(), claims,
                SealedEvaluationReductionTest.prove(good, witness, claims, FRESH, SealedEvaluationReductionTest.DS, 34, true));
        assertTrue(Arrays.equals(reduce(good, claims, true, 5).transcript(), reduce(good, claims, false, 5).transcript()));
    }
}
