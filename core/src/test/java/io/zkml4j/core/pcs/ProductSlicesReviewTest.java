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
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the row-wide slices {@link LigeroPcs#fitRows} cuts a product term into. A product whose
 * explicit part spans 2^s rows becomes 2^s terms; slice t's eq point starts with t's bits, so its
 * rows are every 2^s-th row from t. Written out as a dense eq table over all of the polynomial's
 * rows, each slice's row weights would cost 2^(s + batch) and the opening 2^(2s + batch): a key
 * with narrow rows and a convolution over a large input sample (both its own to choose) would
 * make a verifier spend time quadratic in the input. The slices must name only their own rows.
 */
class ProductSlicesReviewTest {
    private static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
    private static final String DS = "product-slices-review/v1";

    /** Each slice's row weights have one entry per row it selects: 2^(eq variables above the explicit part), not 2^(s + those). */
    @Test
    void aSliceNamesOnlyTheRowsItSelects() {
        SplittableRandom r = new SplittableRandom(1);
        int a = PARAMS.logRowWidth();
        int lowVars = 12, highVars = 2;
        Commitment c = new Commitment(PARAMS, new byte[32], new int[] {lowVars + highVars});
        Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << lowVars, r)), Rand.point(highVars, r));
        List<Weights> slices = Weights.fitRows(w, a);
        assertEquals(1 << (lowVars - a), slices.size());
        long[] dense = new long[2 * c.rows()];
        for (Weights s : slices) {
            OpeningWeights.TermShape shape = OpeningWeights.shape(List.of(c), new LinearClaim.Term(0, 0, s, Ext2.ONE));
            assertTrue(shape.rowWeights().length / 2 <= 1 << highVars,
                    "a slice carries " + shape.rowWeights().length / 2 + " row weights for " + (1 << highVars) + " rows");
            for (int k = 0; k < shape.rowWeights().length / 2; k++) {
                Ext2.at(dense, shape.row(k)).add(Ext2.at(shape.rowWeights(), k)).store(dense, shape.row(k));
            }
        }
        // Together the slices' rows are every row once, each with eq(high, its batch index).
        long[] eqHigh = Multilinear.eqTable(w.high());
        for (int row = 0; row < c.rows(); row++) {
            assertEquals(Ext2.at(eqHigh, row >> (lowVars - a)), Ext2.at(dense, row), "row " + row);
        }
    }

    /**
     * Product claims whose explicit parts span many rows (2^12 slices of a 16-variable polynomial in
     * rows of 16), on one polynomial, on one that spans rows after a packed row, with eq claims beside
     * them: honest claims verify and a wrong value is rejected. Dense row weights made this 2^24 work
     * per pass.
     */
    @Test
    void wideProductsOpenAcrossManySlices() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        int[] numVars = {3, 16, 2, 11};
        List<long[]> tables = new ArrayList<>();
        for (int nv : numVars) {
            tables.add(Rand.base(1 << nv, r));
        }
        LigeroPcs pcs = new LigeroPcs(new Random(3));
        CommittedPolynomials committed = pcs.commit(PARAMS, tables);
        List<LinearClaim> claims = new ArrayList<>();
        int[][] shapes = {{1, 16, 0}, {1, 13, 3}, {3, 9, 2}, {3, 11, 0}, {0, 3, 0}};
        for (int[] s : shapes) {
            int p = s[0];
            Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << s[1], r)), Rand.point(s[2], r));
            Ext2 coefficient = Rand.ext(r);
            Ext2[] z = Rand.point(numVars[p], r);
            claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, p, w, Ext2.ONE), new LinearClaim.Term(0, p, new Weights.Eq(z), coefficient)),
                    Weights.apply(w, tables.get(p)).add(coefficient.mul(Multilinear.evaluateBase(tables.get(p), z)))));
        }
        FiatShamirProver prover = new FiatShamirProver(PARAMS.hash(), DS);
        pcs.open(List.of(committed), claims, prover);
        byte[] proof = prover.proof();
        List<Commitment> commitments = List.of(committed.commitment());
        verify(commitments, claims, proof);
        for (int j = 0; j < claims.size(); j++) {
            List<LinearClaim> wrong = new ArrayList<>(claims);
            wrong.set(j, new LinearClaim(claims.get(j).terms(), claims.get(j).value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(commitments, wrong, proof), "claim " + j + " off by one");
        }
    }

    /** The succinct opening reuses the reduction: product claims, sliced or not, open and verify there too, and a wrong one is rejected. */
    @Test
    void productClaimsOpenSuccinctly() throws Exception {
        LigeroParameters succinct = SuccinctParameters.forSecurity(24, 6, 3, 2, 0, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(4);
        int[] numVars = {3, 10, 2, 8};
        List<long[]> tables = new ArrayList<>();
        for (int nv : numVars) {
            tables.add(Rand.base(1 << nv, r));
        }
        LigeroPcs pcs = new LigeroPcs(new Random(5));
        CommittedPolynomials committed = pcs.commit(succinct, tables);
        List<LinearClaim> claims = new ArrayList<>();
        for (int[] s : new int[][] {{1, 10, 0}, {1, 8, 2}, {3, 4, 4}, {0, 3, 0}, {2, 1, 1}}) {
            Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << s[1], r)), Rand.point(s[2], r));
            claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, s[0], w, Ext2.ONE)), Weights.apply(w, tables.get(s[0]))));
        }
        FiatShamirProver prover = new FiatShamirProver(succinct.hash(), DS);
        pcs.open(List.of(committed), claims, prover);
        byte[] proof = prover.proof();
        List<Commitment> commitments = List.of(committed.commitment());
        verify(commitments, claims, proof, succinct);
        for (int j = 0; j < claims.size(); j++) {
            List<LinearClaim> wrong = new ArrayList<>(claims);
            wrong.set(j, new LinearClaim(claims.get(j).terms(), claims.get(j).value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(commitments, wrong, proof, succinct), "claim " + j + " off by one");
        }
    }

    private static void verify(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof) throws InvalidProofException {
        verify(commitments, claims, proof, PARAMS);
    }

    private static void verify(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof, LigeroParameters params)
            throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(params.hash(), DS, proof);
        LigeroPcs.verify(commitments, claims, v);
        v.finish();
    }
}
