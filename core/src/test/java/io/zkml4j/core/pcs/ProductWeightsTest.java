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
 * {@link Weights.Product}: explicit weights over the low variables times eq over the rest (a sparse
 * map applied to every sample of a batch, at a random point of its output). Its value, its split
 * into row-wide slices, its row and column weights in the opening, and openings of product claims
 * on polynomials smaller than a row, filling one, and spanning several, whose explicit part is
 * narrower than, as wide as and wider than a row.
 */
class ProductWeightsTest {
    private static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
    private static final String DS = "product-weights-test/v1";

    /** The weights written out in full: low(b mod 2^m)·eq(high, b >> m). */
    private static long[] expanded(Weights.Product w) {
        int m = w.lowVars();
        long[] eqHigh = Multilinear.eqTable(w.high());
        long[] out = new long[eqHigh.length << m];
        for (int b = 0; b < out.length / 2; b++) {
            Ext2.at(w.low(), b & ((1 << m) - 1)).mul(Ext2.at(eqHigh, b >> m)).store(out, b);
        }
        return out;
    }

    @Test
    void applyIsTheInnerProductWithTheWrittenOutWeights() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : new int[][] {{0, 3}, {3, 0}, {2, 2}, {5, 1}}) {
            Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << shape[0], r)), Rand.point(shape[1], r));
            long[] table = Rand.base(1 << (shape[0] + shape[1]), r);
            assertEquals(ExtVectors.innerProductBase(expanded(w), table), Weights.apply(w, table), Arrays.toString(shape));
        }
    }

    /** Cut into row-wide slices, the terms add up to the same weights, and each slice's explicit part fits a row. */
    @Test
    void slicesFitARowAndAddUpToTheSameWeights() {
        SplittableRandom r = new SplittableRandom(2);
        Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << 6, r)), Rand.point(2, r));
        List<Weights> slices = Weights.fitRows(w, 4);
        assertEquals(4, slices.size());
        long[] sum = new long[2 << 8];
        for (Weights s : slices) {
            Weights.Product p = (Weights.Product) s;
            assertEquals(4, p.lowVars());
            long[] e = expanded(p);
            for (int i = 0; i < sum.length / 2; i++) {
                Ext2.at(sum, i).add(Ext2.at(e, i)).store(sum, i);
            }
        }
        assertArrayEquals(expanded(w), sum);
        assertEquals(List.of(w), Weights.fitRows(w, 6), "weights that fit a row stay as they are");
    }

    /** The opening's split into row weights and column weights agrees with the written-out weights. */
    @Test
    void rowAndColumnWeightsAgreeWithTheWrittenOutWeights() {
        SplittableRandom r = new SplittableRandom(3);
        int a = PARAMS.logRowWidth();
        int[] numVars = {2, 3, 4, 7};
        Commitment c = new Commitment(PARAMS, new byte[32], numVars);
        for (int p = 0; p < numVars.length; p++) {
            for (int m = 0; m <= Math.min(a, numVars[p]); m++) {
                Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << m, r)), Rand.point(numVars[p] - m, r));
                OpeningWeights.TermShape s = OpeningWeights.shape(List.of(c), new LinearClaim.Term(0, p, w, Ext2.ONE));
                long[] full = expanded(w);
                long[] columns = s.columnWeights();
                long[] rows = s.rowWeights();
                int window = 1 << s.windowVars();
                for (int b = 0; b < full.length / 2; b++) {
                    Ext2 expected = Ext2.at(full, b);
                    Ext2 split = Ext2.at(rows, b / window).mul(Ext2.at(columns, s.columnOffset() + b % window));
                    assertEquals(expected, split, "polynomial " + p + ", " + m + " explicit variables, position " + b);
                }
                Ext2[] rho = Rand.point(a, r);
                assertEquals(Multilinear.evaluateExt(columns, rho), s.columnWeightAt(rho), "column weight at ρ, polynomial " + p + ", m = " + m);
                assertArrayEquals(Arrays.copyOfRange(columns, 2 * s.columnOffset(), 2 * (s.columnOffset() + window)), s.windowWeights());
            }
        }
    }

    /**
     * Product claims opened with eq claims beside them, on polynomials smaller than a row, filling one
     * and spanning several (explicit parts narrower than, as wide as and wider than a row): honest
     * claims verify; a value off by one, another explicit part and another eq point are each rejected.
     */
    @Test
    void productClaimsOpenAndVerifyAndWrongOnesAreRejected() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        int[] numVars = {2, 4, 7, 9};
        List<long[]> tables = new ArrayList<>();
        for (int nv : numVars) {
            tables.add(Rand.base(1 << nv, r));
        }
        LigeroPcs pcs = new LigeroPcs(new Random(5));
        CommittedPolynomials committed = pcs.commit(PARAMS, tables);
        List<LinearClaim> claims = new ArrayList<>();
        int[][] shapes = {{0, 2}, {2, 0}, {4, 0}, {2, 2}, {4, 3}, {6, 1}, {7, 0}, {6, 3}, {9, 0}};
        for (int[] shape : shapes) {
            int p = Arrays.stream(new int[] {0, 1, 2, 3}).filter(i -> numVars[i] == shape[0] + shape[1]).findFirst().orElseThrow();
            Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << shape[0], r)), Rand.point(shape[1], r));
            Ext2 c = Rand.point(1, r)[0];
            Ext2[] z = Rand.point(numVars[p], r);
            claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, p, w, Ext2.ONE), new LinearClaim.Term(0, p, new Weights.Eq(z), c)),
                    Weights.apply(w, tables.get(p)).add(c.mul(Multilinear.evaluateBase(tables.get(p), z)))));
        }
        FiatShamirProver prover = new FiatShamirProver(PARAMS.hash(), DS);
        pcs.open(List.of(committed), claims, prover);
        byte[] proof = prover.proof();
        List<Commitment> commitments = List.of(committed.commitment());
        verify(commitments, claims, proof);
        for (int claim = 0; claim < claims.size(); claim++) {
            int j = claim;
            LinearClaim c = claims.get(j);
            Weights.Product w = (Weights.Product) c.terms().get(0).weights();
            List<LinearClaim> offByOne = new ArrayList<>(claims);
            offByOne.set(j, new LinearClaim(c.terms(), c.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> verify(commitments, offByOne, proof), "claim " + j + " off by one");
            long[] low = w.low().clone();
            Ext2.at(low, 0).add(Ext2.ONE).store(low, 0);
            assertThrows(InvalidProofException.class, () -> verify(commitments, replaced(claims, j, new Weights.Product(low, w.high())), proof),
                    "claim " + j + " with another explicit part");
            if (w.high().length > 0) {
                Ext2[] high = w.high().clone();
                high[high.length - 1] = high[high.length - 1].add(Ext2.ONE);
                assertThrows(InvalidProofException.class, () -> verify(commitments, replaced(claims, j, new Weights.Product(w.low(), high)), proof),
                        "claim " + j + " with another eq point");
            }
        }
    }

    @Test
    void productWeightsOfTheWrongSizeAreRefused() {
        Commitment c = new Commitment(PARAMS, new byte[32], new int[] {5});
        LinearClaim claim = new LinearClaim(List.of(new LinearClaim.Term(0, 0, new Weights.Product(new long[4], new Ext2[] {Ext2.ONE}), Ext2.ONE)),
                Ext2.ZERO);
        assertThrows(IllegalArgumentException.class, () -> LigeroPcs.checkStatement(List.of(c), List.of(claim)));
        assertThrows(IllegalArgumentException.class, () -> new Weights.Product(new long[6], new Ext2[0]));
    }

    /** The claims with claim j's first term's weights replaced (its value kept). */
    static List<LinearClaim> replaced(List<LinearClaim> claims, int j, Weights w) {
        List<LinearClaim> out = new ArrayList<>(claims);
        LinearClaim c = claims.get(j);
        List<LinearClaim.Term> terms = new ArrayList<>(c.terms());
        LinearClaim.Term t = terms.get(0);
        terms.set(0, new LinearClaim.Term(t.commitment(), t.polynomial(), w, t.coefficient()));
        out.set(j, new LinearClaim(terms, c.value()));
        return out;
    }

    private static void verify(List<Commitment> commitments, List<LinearClaim> claims, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), DS, proof);
        LigeroPcs.verify(commitments, claims, v);
        v.finish();
    }
}
