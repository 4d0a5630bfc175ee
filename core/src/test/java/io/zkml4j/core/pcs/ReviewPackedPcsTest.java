package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Review of 80a2d8c (change 1): packed one-time commitments. */
class ReviewPackedPcsTest {
    static final LigeroParameters P = LigeroPcsTest.SMALL; // rows of 2^4

    /** Every slot is aligned, inside its row, and disjoint from every other slot (random layouts). */
    @Test
    void slotsAreAlignedDisjointAndInsideTheirRow() {
        SplittableRandom r = new SplittableRandom(1);
        int a = P.logRowWidth();
        for (int trial = 0; trial < 2000; trial++) {
            int[] nv = new int[1 + r.nextInt(12)];
            for (int i = 0; i < nv.length; i++) {
                nv[i] = r.nextInt(a + 3);
            }
            Commitment c = new Commitment(P, new byte[HashFunction.DIGEST_BYTES], nv);
            int[][] owner = new int[c.rows()][1 << a];
            for (int[] row : owner) {
                Arrays.fill(row, -1);
            }
            for (int i = 0; i < nv.length; i++) {
                int size = 1 << nv[i];
                int off = c.columnOffset(i);
                assertEquals(0, off % Math.min(size, 1 << a), "aligned " + Arrays.toString(nv));
                for (int x = 0; x < size; x++) {
                    int row = c.rowStart(i) + x / (1 << a);
                    int col = off + x % (1 << a);
                    assertTrue(row < c.rows() && col < 1 << a, "inside " + Arrays.toString(nv));
                    assertEquals(-1, owner[row][col], "overlap of " + owner[row][col] + " and " + i + " in " + Arrays.toString(nv));
                    owner[row][col] = i;
                }
            }
            // round trip through the prover's rows and table()
            List<long[]> tables = new ArrayList<>();
            for (int n : nv) {
                tables.add(Rand.base(1 << n, r));
            }
            long[][] rows = CommittedPolynomials.rows(c, tables);
            for (int i = 0; i < nv.length; i++) {
                for (int x = 0; x < 1 << nv[i]; x++) {
                    int row = c.rowStart(i) + x / (1 << a);
                    int col = c.columnOffset(i) + x % (1 << a);
                    assertEquals(tables.get(i)[x], rows[row][col]);
                }
            }
        }
    }

    /** The verifier's column weight at ρ is the multilinear extension of the prover's column-weight table, at every aligned offset. */
    @Test
    void verifierColumnWeightIsTheExtensionOfTheProverTable() {
        SplittableRandom r = new SplittableRandom(2);
        int a = P.logRowWidth();
        for (int nv = 0; nv <= a + 2; nv++) {
            int size = 1 << nv;
            int offsets = nv < a ? (1 << a) / size : 1;
            for (int o = 0; o < offsets; o++) {
                int off = nv < a ? o * size : 0;
                Ext2[] rho = Rand.point(a, r);
                long[] rowW = nv > a ? Multilinear.eqTable(Rand.point(nv - a, r)) : new long[] {1, 0};
                OpeningWeights.TermShape eq = new OpeningWeights.TermShape(0, 0, off, rowW, new Weights.Eq(Rand.point(nv, r)), nv, a);
                assertEquals(Multilinear.evaluateExt(eq.columnWeights(), rho), eq.columnWeightAt(rho), "eq nv=" + nv + " offset=" + off);
                if (nv <= a) {
                    OpeningWeights.TermShape x = new OpeningWeights.TermShape(0, 0, off, rowW,
                            new Weights.Explicit(Rand.extTable(size, r)), nv, a);
                    long[] table = x.columnWeights();
                    for (int col = 0; col < 1 << a; col++) { // explicit weights land exactly on the slot
                        boolean inSlot = col >= off && col < off + size;
                        assertEquals(inSlot, table[2 * col] != 0 || table[2 * col + 1] != 0, "explicit nv=" + nv + " offset=" + off + " col=" + col);
                    }
                    assertEquals(Multilinear.evaluateExt(table, rho), x.columnWeightAt(rho));
                }
            }
        }
    }

    /**
     * Same-size neighbours in one shared row (slots 0, 4, 8, 12 of a 16-wide row): a claim naming
     * one with another's value, by eq or explicit weights, must be refused.
     */
    @Test
    void aNeighbourInTheSameRowCannotAnswerForAnother() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int[] sizes = {2, 2, 2, 2};
        List<long[]> tables = new ArrayList<>();
        for (int n : sizes) {
            tables.add(Rand.base(1 << n, r));
        }
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(7));
        CommittedPolynomials cp = pcs.commit(P, tables);
        assertEquals(1, cp.commitment().rows());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, cp.commitment().rowStart(i));
            assertEquals(4 * i, cp.commitment().columnOffset(i));
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                if (i == j) {
                    continue;
                }
                Ext2[] z = Rand.point(2, r);
                // eq claim on j with i's value (plus an honest claim so the batch is not trivial)
                List<LinearClaim> claims = List.of(LinearClaim.evaluation(0, j, z, LigeroPcsTest.evalAt(tables.get(i), z)),
                        LinearClaim.evaluation(0, i, z, LigeroPcsTest.evalAt(tables.get(i), z)));
                assertThrows(InvalidProofException.class, () -> verifyFresh(pcs, tables, claims));
                long[] w = Rand.extTable(4, r);
                List<LinearClaim> explicit = List.of(LinearClaim.weighted(0, j, w, ExtVectors.innerProductBase(w, tables.get(i))));
                assertThrows(InvalidProofException.class, () -> verifyFresh(pcs, tables, explicit));
            }
        }
        // and the honest versions verify
        Ext2[] z = Rand.point(2, r);
        List<LinearClaim> ok = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ok.add(LinearClaim.evaluation(0, i, z, LigeroPcsTest.evalAt(tables.get(i), z)));
            long[] w = Rand.extTable(4, r);
            ok.add(LinearClaim.weighted(0, i, w, ExtVectors.innerProductBase(w, tables.get(i))));
        }
        verifyFresh(pcs, tables, ok);
    }

    private static void verifyFresh(LigeroPcs pcs, List<long[]> tables, List<LinearClaim> claims) throws InvalidProofException {
        CommittedPolynomials cp = pcs.commit(P, tables);
        byte[] proof = LigeroPcsTest.prove(pcs, List.of(cp), claims);
        LigeroPcsTest.verify(List.of(cp.commitment()), claims, proof);
    }

    /** A commitment relabelled between packed and unpacked (same root) is refused: the version is bound. */
    @Test
    void relabellingTheLayoutIsRefused() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        List<long[]> tables = List.of(Rand.base(4, r), Rand.base(4, r), Rand.base(64, r));
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(8));
        CommittedPolynomials cp = pcs.commit(P, tables);
        Ext2[] z = Rand.point(2, r);
        List<LinearClaim> claims = List.of(LinearClaim.evaluation(0, 1, z, LigeroPcsTest.evalAt(tables.get(1), z)));
        byte[] proof = LigeroPcsTest.prove(pcs, List.of(cp), claims);
        LigeroPcsTest.verify(List.of(cp.commitment()), claims, proof);
        Commitment unpacked = Commitment.unpacked(P, cp.commitment().root(), CommittedPolynomials.numVars(tables));
        assertNotEquals(cp.commitment(), unpacked);
        assertThrows(InvalidProofException.class, () -> LigeroPcsTest.verify(List.of(unpacked), claims, proof));
        byte[] enc = cp.commitment().encode();
        enc[5] = 1; // version 2 → 1
        Commitment decoded = Commitment.decode(enc);
        assertFalse(decoded.packed());
        assertThrows(InvalidProofException.class, () -> LigeroPcsTest.verify(List.of(decoded), claims, proof));
    }

    /**
     * The same weights (one explicit vector, one eq point) on neighbours of one shared row: the
     * prover groups terms by ColumnKey, which must keep the offsets apart. Honest claims verify;
     * the values exchanged between the two neighbours do not.
     */
    @Test
    void identicalWeightsOnNeighboursAreNotMerged() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        List<long[]> tables = List.of(Rand.base(4, r), Rand.base(4, r), Rand.base(2, r), Rand.base(4, r));
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(10));
        Commitment layout = pcs.commit(P, tables).commitment();
        assertEquals(0, layout.rowStart(3));
        assertEquals(12, layout.columnOffset(3));
        long[] w = Rand.extTable(4, r);
        Ext2[] z = Rand.point(2, r);
        List<LinearClaim> honest = new ArrayList<>();
        for (int i : new int[] {0, 1, 3}) {
            honest.add(LinearClaim.weighted(0, i, w, ExtVectors.innerProductBase(w, tables.get(i))));
            honest.add(LinearClaim.evaluation(0, i, z, LigeroPcsTest.evalAt(tables.get(i), z)));
        }
        verifyFresh(pcs, tables, honest);
        // one combined claim: ⟨w, t0⟩ − ⟨w, t1⟩ with coefficients, the two terms share weights
        Ext2 two = Ext2.fromBase(2);
        Ext2 v = ExtVectors.innerProductBase(w, tables.get(0)).mul(two).sub(ExtVectors.innerProductBase(w, tables.get(1)));
        LinearClaim combined = new LinearClaim(List.of(new LinearClaim.Term(0, 0, new Weights.Explicit(w), two),
                new LinearClaim.Term(0, 1, new Weights.Explicit(w), Ext2.ONE.neg())), v);
        verifyFresh(pcs, tables, List.of(combined));
        Ext2 swapped = ExtVectors.innerProductBase(w, tables.get(1)).mul(two).sub(ExtVectors.innerProductBase(w, tables.get(0)));
        LinearClaim wrong = new LinearClaim(combined.terms(), swapped);
        assertThrows(InvalidProofException.class, () -> verifyFresh(pcs, tables, List.of(wrong)));
    }
}
