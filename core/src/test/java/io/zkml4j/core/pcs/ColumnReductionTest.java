package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The windowed reduction prover gives exactly the round polynomials of the plain product sumcheck
 * over row-wide tables (w placed in its window, zero elsewhere; acc the full row combination), for
 * windows of every size: one column, a few variables, and the whole row.
 */
class ColumnReductionTest {
    private static final int A = 6;

    @Test
    void roundPolynomialsEqualThePlainProductSumcheck() {
        Random random = new Random(7);
        LigeroParameters params = LigeroParameters.forSecurity(24, A, 2, 1, 0, Sha256.INSTANCE);
        List<long[]> tables = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            long[] table = new long[1 << A];
            for (int i = 0; i < table.length; i++) {
                table[i] = Goldilocks.uniform(random);
            }
            tables.add(table);
        }
        CommittedPolynomials committed = CommittedPolynomials.commit(params, tables, random);
        List<CommittedPolynomials> matrices = List.of(committed);
        int[][] windows = {{0, 5}, {0, 12}, {2, 4}, {2, 8}, {3, 40}, {A, 0}, {1, 62}};
        List<ColumnReduction.Key> keys = new ArrayList<>();
        List<long[]> plain = new ArrayList<>();
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        for (int[] window : windows) {
            int vars = window[0], offset = window[1];
            long[] weights = ExtVectors.of(randomExts(1 << vars, random));
            ColumnReduction.Key key = new ColumnReduction.Key(vars, offset, weights);
            long[] acc = new long[2 << A];
            for (int row = 0; row < committed.commitment().rows(); row++) {
                if (random.nextInt(3) > 0) {
                    Ext2 c = randomExts(1, random)[0];
                    key.addRow(0, row, c);
                    ExtVectors.addScaledBase(acc, c, Arrays.copyOf(committed.message(row), 1 << A));
                }
            }
            keys.add(key);
            long[] w = new long[2 << A];
            System.arraycopy(weights, 0, w, 2 * offset, weights.length);
            plain.add(acc);
            plain.add(w);
            terms.add(new ProductSumInstance.Term(Ext2.ONE, plain.size() - 2, plain.size() - 1));
        }
        ColumnReduction windowed = new ColumnReduction(matrices, A, keys);
        ProductSumInstance reference = new ProductSumInstance(plain.toArray(new long[0][]), false, terms);
        Ext2 claim = reference.sum();
        for (int round = 0; round < A; round++) {
            Ext2[] expected = reference.roundValues(claim);
            assertArrayEquals(expected, windowed.roundValues(claim), "round " + round);
            Ext2 r = randomExts(1, random)[0];
            claim = io.zkml4j.core.poly.Univariate.evaluate(expected, r);
            reference.bind(r);
            windowed.bind(r);
        }
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
        LigeroParameters params = LigeroParameters.forSecurity(24, a, 2, 1, 0, Sha256.INSTANCE);
        List<long[]> tables = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            long[] table = new long[1 << a];
            for (int i = 0; i < table.length; i++) {
                table[i] = Goldilocks.uniform(random);
            }
            tables.add(table);
        }
        CommittedPolynomials committed = CommittedPolynomials.commit(params, tables, random);
        List<ColumnReduction.Key> keys = new ArrayList<>();
        List<long[]> plain = new ArrayList<>();
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        long[][] shared = new long[5][];
        for (int key = 0; key < 40; key++) {
            int vars = 1 + random.nextInt(5);
            int offset = random.nextInt(1 << (a - vars)) << vars;
            if (shared[vars - 1] == null || random.nextBoolean()) {
                shared[vars - 1] = ExtVectors.of(randomExts(1 << vars, random));
            }
            long[] weights = shared[vars - 1];
            ColumnReduction.Key k = new ColumnReduction.Key(vars, offset, weights);
            long[] acc = new long[2 << a];
            for (int row = 0; row < committed.commitment().rows(); row++) {
                if (random.nextInt(4) == 0 || row == key % committed.commitment().rows()) {
                    Ext2 c = randomExts(1, random)[0];
                    k.addRow(0, row, c);
                    ExtVectors.addScaledBase(acc, c, Arrays.copyOf(committed.message(row), 1 << a));
                }
            }
            keys.add(k);
            long[] w = new long[2 << a];
            System.arraycopy(weights, 0, w, 2 * offset, weights.length);
            plain.add(acc);
            plain.add(w);
            terms.add(new ProductSumInstance.Term(Ext2.ONE, plain.size() - 2, plain.size() - 1));
        }
        ColumnReduction windowed = new ColumnReduction(List.of(committed), a, keys);
        ProductSumInstance reference = new ProductSumInstance(plain.toArray(new long[0][]), false, terms);
        Ext2 claim = reference.sum();
        for (int round = 0; round < a; round++) {
            Ext2[] expected = reference.roundValues(claim);
            assertArrayEquals(expected, windowed.roundValues(claim), "round " + round);
            Ext2 r = randomExts(1, random)[0];
            claim = io.zkml4j.core.poly.Univariate.evaluate(expected, r);
            reference.bind(r);
            windowed.bind(r);
        }
    }

    private static Ext2[] randomExts(int n, Random random) {
        Ext2[] out = new Ext2[n];
        for (int i = 0; i < n; i++) {
            out[i] = Ext2.of(Goldilocks.uniform(random), Goldilocks.uniform(random));
        }
        return out;
    }
}
