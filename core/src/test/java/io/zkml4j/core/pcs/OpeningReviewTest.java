package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Second review of the opening's recent changes: an explicit weight vector's column weight evaluated
 * over its own window's variables times the offset's bits (OpeningWeights.TermShape.columnWeightAt),
 * and window weights shared across keys at other offsets (LigeroPcs.open, ColumnReduction.bind).
 * All of these pass: the new computations equal the previous row-wide ones in every layout case.
 */
class OpeningReviewTest {
    private static final LigeroParameters SMALL = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
    private static final String DS = "opening-review/v1";
    /** Packed into rows of 16: sizes 1, 2, 4, 8 share rows at aligned offsets; 16 fills a row; 64 spans four. */
    private static final int[] NUM_VARS = {2, 0, 2, 1, 3, 0, 2, 4, 2, 0, 6, 1, 3, 2, 0};

    /**
     * columnWeightAt for Explicit weights (as long as the polynomial, which fits one row) equals the
     * multilinear extension of the row-wide table with the weights at the polynomial's offset, for
     * windows of 0 variables, shorter than a row at every aligned offset, and a whole row.
     */
    @Test
    void explicitColumnWeightEqualsTheRowWideTable() {
        SplittableRandom r = new SplittableRandom(5);
        int a = SMALL.logRowWidth();
        Commitment c = new Commitment(SMALL, new byte[32], NUM_VARS);
        List<Commitment> commitments = List.of(c);
        int checked = 0;
        for (int p = 0; p < NUM_VARS.length; p++) {
            if (NUM_VARS[p] > a) {
                continue;
            }
            for (int trial = 0; trial < 3; trial++) {
                long[] weights = ExtVectors.of(Rand.point(1 << NUM_VARS[p], r));
                LinearClaim.Term term = new LinearClaim.Term(0, p, new Weights.Explicit(weights), Ext2.ONE);
                OpeningWeights.TermShape s = OpeningWeights.shape(commitments, term);
                Ext2[] rho = Rand.point(a, r);
                assertEquals(Multilinear.evaluateExt(s.columnWeights(), rho), s.columnWeightAt(rho), "polynomial " + p + " at offset "
                        + c.columnOffset(p));
                // and the window's weights are the same table's window
                assertArrayEquals(Arrays.copyOfRange(s.columnWeights(), 2 * s.columnOffset(), 2 * s.columnOffset() + (2 << s.windowVars())),
                        s.windowWeights());
                checked++;
            }
        }
        assertEquals(3 * (NUM_VARS.length - 1), checked);
    }

    /**
     * An opening of many small polynomials that share rows, with the same explicit weights and the
     * same eq points on several polynomials of one size at other offsets (keys that share one window
     * array), windows of 0, 1, 2, 3 variables and whole rows (keys that leave their windows at
     * different rounds), and a polynomial spanning rows: honest claims verify, a claim off by one is
     * rejected.
     */
    @Test
    void keysSharingWindowWeightsAtOtherOffsetsOpenAndVerify() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        List<long[]> tables = new ArrayList<>();
        for (int nv : NUM_VARS) {
            tables.add(Rand.base(1 << nv, r));
        }
        LigeroPcs pcs = new LigeroPcs(new Random(3));
        CommittedPolynomials committed = pcs.commit(SMALL, tables);
        List<LinearClaim> claims = new ArrayList<>();
        long[][] explicitBySize = new long[SMALL.logRowWidth() + 1][];
        Ext2[][] pointBySize = new Ext2[7][];
        for (int nv = 0; nv <= SMALL.logRowWidth(); nv++) {
            explicitBySize[nv] = ExtVectors.of(Rand.point(1 << nv, r));
        }
        for (int nv = 0; nv <= 6; nv++) {
            pointBySize[nv] = Rand.point(nv, r);
        }
        for (int p = 0; p < NUM_VARS.length; p++) {
            int nv = NUM_VARS[p];
            claims.add(LinearClaim.evaluation(0, p, pointBySize[nv], Multilinear.evaluateBase(tables.get(p), pointBySize[nv])));
            if (nv <= SMALL.logRowWidth()) {
                Weights w = new Weights.Explicit(explicitBySize[nv]);
                claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, p, w, Ext2.ONE)), Weights.apply(w, tables.get(p))));
            }
        }
        // One claim combining polynomials of one size at several offsets, with the shared explicit weights.
        Weights two = new Weights.Explicit(explicitBySize[2]);
        Ext2 c1 = Rand.point(1, r)[0];
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, 0, two, Ext2.ONE), new LinearClaim.Term(0, 6, two, c1)),
                Weights.apply(two, tables.get(0)).add(c1.mul(Weights.apply(two, tables.get(6))))));
        FiatShamirProver prover = new FiatShamirProver(SMALL.hash(), DS);
        pcs.open(List.of(committed), claims, prover);
        byte[] proof = prover.proof();
        verify(List.of(committed.commitment()), claims, proof);
        for (int j : new int[] {1, 4, claims.size() - 1}) {
            List<LinearClaim> wrong = new ArrayList<>(claims);
            LinearClaim c = claims.get(j);
            wrong.set(j, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(List.of(committed.commitment()), wrong, proof), "claim " + j);
        }
    }

    private static void verify(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(SMALL.hash(), DS, proof);
        LigeroPcs.verify(commitments, claims, v);
        v.finish();
    }

    /**
     * ColumnReduction with keys that share one window array (by identity) at different offsets, for
     * windows of 0, 1, 2, 3 variables and the whole row: the round polynomials equal the plain
     * product sumcheck's over row-wide tables, in every round (including the rounds where the sharing
     * keys leave their windows, and after).
     */
    @Test
    void sharedWindowArraysGiveThePlainRoundPolynomials() {
        int a = 6;
        Random random = new Random(11);
        ReductionFixture f = new ReductionFixture(a, 4, random);
        // {window variables, offsets sharing one array...}
        int[][] groups = {{0, 0, 5, 63}, {1, 0, 2, 40}, {2, 0, 4, 12, 60}, {3, 8, 16, 56}, {a, 0, 0}};
        for (int[] g : groups) {
            int vars = g[0];
            long[] shared = ExtVectors.of(Rand.point(1 << vars, new SplittableRandom(random.nextLong())));
            for (int k = 1; k < g.length; k++) {
                f.add(vars, g[k], shared, row -> random.nextInt(3) > 0);
            }
        }
        List<ColumnReduction.Key> keys = f.keys;
        long[][] before = keys.stream().map(k -> k.windowWeights.clone()).toArray(long[][]::new);
        f.assertPlainRounds();
        for (int k = 0; k < keys.size(); k++) {
            assertArrayEquals(before[k], keys.get(k).windowWeights, "binding leaves the shared window array as it was");
        }
    }
}
