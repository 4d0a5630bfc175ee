package io.zkml4j.core.pcs.basefold;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Haböck's Theorem 1 (eprint 2024/1571) as {@link ListDecodingSoundness} computes it, against the formula written out plainly. */
class ListDecodingSoundnessTest {
    static final double LOG_P = Math.log(18446744069414584321.0) / Math.log(2);
    static final double EXT2 = 2 * LOG_P;
    static final double EXT4 = 4 * LOG_P;

    /** ε(C, M, B, θ) of Theorem 4 with |F| = 2^logField, in plain doubles. */
    static double agreement(double domain, double rho, int m, double batched, double weights, double logField) {
        double half = m + 0.5;
        return batched / Math.pow(2, logField) * half / Math.sqrt(rho)
                * Math.max(Math.pow(half, 6) / (3 * rho) * domain * domain, 2 * (weights * domain + 1));
    }

    /** Theorem 1's bound, term by term, in plain doubles. */
    static double bound(int numVars, int logBlowup, int batched, int queries, int grinding, double logField, int m) {
        double rho = Math.pow(2, -logBlowup);
        double domain = Math.pow(2, numVars + logBlowup);
        double theta = 1 - (1 + 1.0 / (2 * m)) * Math.sqrt(rho);
        double e = batched == 0 ? 0 : agreement(domain, rho, m, batched, 1, logField);
        for (int i = 1; i <= numVars; i++) {
            e += Math.pow(2, -logField) + agreement(domain / Math.pow(2, i), rho, m, 1, Math.pow(2, i), logField);
        }
        e += Math.pow(2, -grinding) * Math.pow(1 - theta, queries);
        return -Math.log(e) / Math.log(2);
    }

    @Test
    void theBoundIsTheTheoremsFormula() {
        int[][] cases = {{12, 3, 4, 60, 16, 3}, {15, 3, 0, 70, 16, 5}, {18, 4, 9, 45, 0, 4}, {6, 1, 1, 200, 8, 3}, {20, 3, 2, 80, 20, 12}};
        for (int[] c : cases) {
            for (double field : new double[] {EXT2, EXT4}) {
                double want = bound(c[0], c[1], c[2], c[3], c[4], field, c[5]);
                assertEquals(want, ListDecodingSoundness.securityBits(c[0], c[1], c[2], c[3], c[4], field, c[5]), 1e-9,
                        java.util.Arrays.toString(c) + " over 2^" + field);
            }
        }
    }

    @Test
    void theProximityGapTermAtTwoToTheEighteenPointsIsTwoToTheFiftyOnePointSix() {
        // (m + ½)^7·|D|² / (3ρ^{3/2}) for m = 3, ρ = 1/8, |D| = 2^18: the figure the choice of field rests on
        assertEquals(-51.6, ListDecodingSoundness.agreementBits(18, 3, 3, 1, 1, 0), 0.05);
        assertEquals(0.5875, ListDecodingSoundness.theta(3, 3), 1e-4);
        assertTrue(ListDecodingSoundness.theta(3, 1000) < 1 - Math.sqrt(1.0 / 8), "θ stays below the Johnson bound 1 − √ρ");
    }

    @Test
    void theQuadraticExtensionIsTooSmallAndTheQuarticOneIsEnough() {
        // 2^15 coefficients at rate 1/8 (a code of 2^18): every fold's agreement term exceeds 2^−100 over p²
        assertEquals(-1, ListDecodingSoundness.queriesFor(100, 15, 3, 8, 16, EXT2));
        int listDecoding = ListDecodingSoundness.queriesFor(100, 15, 3, 8, 16, EXT4);
        int uniqueDecoding = 1;
        while (new BasefoldParameters(3, 4, uniqueDecoding, 16).uniqueDecodingBits(15) < 100) {
            uniqueDecoding++;
        }
        assertTrue(listDecoding > 0 && listDecoding < 0.7 * uniqueDecoding,
                listDecoding + " queries in the list-decoding regime against " + uniqueDecoding + " in the unique one");
        assertTrue(ListDecodingSoundness.securityBits(15, 3, 8, listDecoding, 16, EXT4) >= 100);
        assertTrue(ListDecodingSoundness.securityBits(15, 3, 8, listDecoding - 1, 16, EXT4) < 100);
    }

    @Test
    void theBestMBeatsTheSmallestAndTheBoundGrowsWithQueries() {
        int m = ListDecodingSoundness.bestM(15, 3, 8, 66, 16, EXT4);
        assertTrue(m >= ListDecodingSoundness.MIN_M);
        assertTrue(ListDecodingSoundness.securityBits(15, 3, 8, 66, 16, EXT4)
                >= ListDecodingSoundness.securityBits(15, 3, 8, 66, 16, EXT4, ListDecodingSoundness.MIN_M));
        double before = 0;
        for (int t = 10; t <= 100; t += 10) {
            double bits = ListDecodingSoundness.securityBits(15, 3, 8, t, 16, EXT4);
            assertTrue(bits > before, t + " queries");
            before = bits;
        }
    }
}
