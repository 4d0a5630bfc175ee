package io.zkml4j.core.pcs;

import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * The windowed reduction prover gives exactly the round polynomials of the plain product sumcheck
 * over row-wide tables (w placed in its window, zero elsewhere; acc the full row combination), for
 * windows of every size: one column, a few variables, and the whole row.
 */
class ColumnReductionTest {
    @Test
    void roundPolynomialsEqualThePlainProductSumcheck() {
        Random random = new Random(7);
        int a = 6;
        ReductionFixture f = new ReductionFixture(a, 5, random);
        int[][] windows = {{0, 5}, {0, 12}, {2, 4}, {2, 8}, {3, 40}, {a, 0}, {1, 62}};
        for (int[] window : windows) {
            f.add(window[0], window[1], ReductionFixture.randomWeights(1 << window[0], random), row -> random.nextInt(3) > 0);
        }
        f.assertPlainRounds();
    }

    /**
     * Many small windows leaving at different rounds over shared rows, some sharing one weights
     * array (as keys of one point at other offsets do): each key past its window holds one weight at
     * one index and reads the shared folded rows, and the rounds stay those of the row-wide tables.
     */
    @Test
    void keysPastTheirWindowsGiveThePlainRounds() {
        Random random = new Random(11);
        int a = 8;
        ReductionFixture f = new ReductionFixture(a, 6, random);
        long[][] shared = new long[5][];
        for (int key = 0; key < 40; key++) {
            int vars = 1 + random.nextInt(5);
            int offset = random.nextInt(1 << (a - vars)) << vars;
            if (shared[vars - 1] == null || random.nextBoolean()) {
                shared[vars - 1] = ReductionFixture.randomWeights(1 << vars, random);
            }
            int own = key % 6;
            f.add(vars, offset, shared[vars - 1], row -> random.nextInt(4) == 0 || row == own);
        }
        f.assertPlainRounds();
    }
}
