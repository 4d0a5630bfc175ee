package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Weights.Powers}: w(j) = Σ_s c_s·x_s^j, kept as points and coefficients (the sealed
 * opening's consistency weights). Its written-out table, its extension at a point, its identity
 * (a written-out copy is the same weights), its split in the opening, and openings of powers claims
 * in full and succinctly: honest claims verify; a value off by one, another coefficient and another
 * point are each rejected.
 */
class PowersWeightsTest {
    private static final LigeroParameters FULL = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
    private static final LigeroParameters SUCCINCT = SuccinctParameters.forSecurity(24, 6, 3, 2, 0, Sha256.INSTANCE);
    private static final String DS = "powers-weights-test/v1";

    private static Weights.Powers random(int t, SplittableRandom r) {
        long[] x = new long[t];
        for (int s = 0; s < t; s++) {
            x[s] = Goldilocks.canonical(r.nextLong());
        }
        return new Weights.Powers(x, ExtVectors.of(Rand.point(t, r)));
    }

    /** Σ_s c_s·x_s^j, one power at a time. */
    private static long[] direct(Weights.Powers w, int numVars) {
        long[] out = new long[2 << numVars];
        for (int j = 0; j < 1 << numVars; j++) {
            Ext2 sum = Ext2.ZERO;
            for (int s = 0; s < w.points().length; s++) {
                sum = sum.add(Ext2.at(w.coefficients(), s).mul(Goldilocks.pow(w.points()[s], j)));
            }
            sum.store(out, j);
        }
        return out;
    }

    @Test
    void theTableAndTheExtensionAreTheSumsOfPowers() {
        SplittableRandom r = new SplittableRandom(1);
        for (int t : new int[] {1, 2, 7, 40}) {
            for (int numVars = 0; numVars <= 6; numVars += 3) {
                Weights.Powers w = random(t, r);
                long[] table = direct(w, numVars);
                assertArrayEquals(table, w.table(numVars), t + " points, 2^" + numVars);
                Ext2[] z = Rand.point(numVars, r);
                assertEquals(Multilinear.evaluateExt(table, z), w.at(z), t + " points, 2^" + numVars + " at a point");
                long[] values = Rand.base(1 << numVars, r);
                assertEquals(ExtVectors.innerProductBase(table, values), Weights.apply(w, values));
                Weights.Powers written = new Weights.Powers(w.points(), w.coefficients(), table);
                assertEquals(w, written, "a written-out copy is the same weights");
                assertEquals(w.hashCode(), written.hashCode());
                assertArrayEquals(table, written.table(numVars));
            }
        }
        Weights.Powers w = random(3, r);
        long[] c = w.coefficients().clone();
        Ext2.at(c, 1).add(Ext2.ONE).store(c, 1);
        assertNotEquals(w, new Weights.Powers(w.points(), c), "another coefficient is other weights");
        assertThrows(IllegalArgumentException.class, () -> new Weights.Powers(new long[3], new long[4]));
    }

    /** The opening's split into row weights and column weights agrees with the written-out weights. */
    @Test
    void rowAndColumnWeightsAgreeWithTheWrittenOutWeights() {
        SplittableRandom r = new SplittableRandom(3);
        int a = FULL.logRowWidth();
        int[] numVars = {2, 3, 4};
        Commitment c = new Commitment(FULL, new byte[32], numVars);
        for (int p = 0; p < numVars.length; p++) {
            Weights.Powers w = random(5, r);
            OpeningWeights.TermShape s = OpeningWeights.shape(List.of(c), new LinearClaim.Term(0, p, w, Ext2.ONE));
            long[] full = direct(w, numVars[p]);
            long[] columns = s.columnWeights();
            assertArrayEquals(new long[] {1, 0}, s.rowWeights());
            assertArrayEquals(full, Arrays.copyOfRange(columns, 2 * s.columnOffset(), 2 * s.columnOffset() + full.length), "polynomial " + p);
            Ext2[] rho = Rand.point(a, r);
            assertEquals(Multilinear.evaluateExt(columns, rho), s.columnWeightAt(rho), "column weight at ρ, polynomial " + p);
        }
    }

    @Test
    void powersClaimsOpenInFullAndWrongOnesAreRejected() throws Exception {
        openAndTamper(FULL, new int[] {2, 4, 7}, new SplittableRandom(4));
    }

    @Test
    void powersClaimsOpenSuccinctlyAndWrongOnesAreRejected() throws Exception {
        openAndTamper(SUCCINCT, new int[] {3, 6, 8}, new SplittableRandom(5));
    }

    /** Claims of powers weights with eq claims beside them, on polynomials that fit a row (the first two of numVars). */
    private static void openAndTamper(LigeroParameters params, int[] numVars, SplittableRandom r) throws Exception {
        List<long[]> tables = new ArrayList<>();
        for (int nv : numVars) {
            tables.add(Rand.base(1 << nv, r));
        }
        LigeroPcs pcs = new LigeroPcs(new Random(6));
        CommittedPolynomials committed = pcs.commit(params, tables);
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Weights.Powers w = random(4 + p, r);
            Ext2 c = Rand.point(1, r)[0];
            Ext2[] z = Rand.point(numVars[2], r);
            claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, p, w, Ext2.ONE), new LinearClaim.Term(0, 2, new Weights.Eq(z), c)),
                    Weights.apply(w, tables.get(p)).add(c.mul(Multilinear.evaluateBase(tables.get(2), z)))));
        }
        FiatShamirProver prover = new FiatShamirProver(params.hash(), DS);
        pcs.open(List.of(committed), claims, prover);
        byte[] proof = prover.proof();
        List<Commitment> commitments = List.of(committed.commitment());
        verify(params, commitments, claims, proof);
        for (int claim = 0; claim < claims.size(); claim++) {
            int j = claim;
            LinearClaim c = claims.get(j);
            Weights.Powers w = (Weights.Powers) c.terms().get(0).weights();
            List<LinearClaim> offByOne = new ArrayList<>(claims);
            offByOne.set(j, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(params, commitments, offByOne, proof), "claim " + j + " off by one");
            long[] coefficients = w.coefficients().clone();
            Ext2.at(coefficients, 0).add(Ext2.ONE).store(coefficients, 0);
            assertThrows(InvalidProofException.class, () -> verify(params, commitments, ProductWeightsTest.replaced(claims, j, new Weights.Powers(w.points(), coefficients)),
                    proof), "claim " + j + " with another coefficient");
            long[] points = w.points().clone();
            points[points.length - 1] = Goldilocks.add(points[points.length - 1], 1);
            assertThrows(InvalidProofException.class, () -> verify(params, commitments, ProductWeightsTest.replaced(claims, j, new Weights.Powers(points, w.coefficients())),
                    proof), "claim " + j + " with another point");
        }
        // Powers weights on a polynomial wider than a row are refused before anything is read.
        LinearClaim wide = new LinearClaim(List.of(new LinearClaim.Term(0, 2, random(2, r), Ext2.ONE)), Ext2.ZERO);
        if (numVars[2] > params.logRowWidth()) {
            assertThrows(IllegalArgumentException.class, () -> LigeroPcs.checkStatement(commitments, List.of(wide)));
        }
    }

    private static void verify(LigeroParameters params, List<Commitment> commitments, List<LinearClaim> claims, byte[] proof)
            throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(params.hash(), DS, proof);
        LigeroPcs.verify(commitments, claims, v);
        v.finish();
    }
}
