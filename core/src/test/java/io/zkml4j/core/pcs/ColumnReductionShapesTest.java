package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Randomized shapes for the reduction prover's point mode: several matrices of different heights,
 * rows shared by keys of every window size (0 to the whole row, so keys leave at every round, and
 * rows first needed by a later-leaving key are already folded), keys sharing weight arrays (also
 * across offsets and duplicates at the same offset), keys with no rows; every round polynomial
 * must equal the plain product sumcheck's, field element for field element.
 */
class ColumnReductionShapesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
            21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
    void randomShapesGiveThePlainRounds(int seed) {
        Random random = new Random(seed * 7919L);
        int a = 1 + random.nextInt(8);
        LigeroParameters params = LigeroParameters.forSecurity(8, a, a < 5 ? 6 : 2, 1, 0, Sha256.INSTANCE);
        List<CommittedPolynomials> matrices = new ArrayList<>();
        int matrixCount = 1 + random.nextInt(3);
        for (int m = 0; m < matrixCount; m++) {
            List<long[]> tables = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int t = 0; t < count; t++) {
                long[] table = new long[1 << a];
                for (int i = 0; i < table.length; i++) {
                    table[i] = random.nextInt(5) == 0 ? 0 : Goldilocks.uniform(random);
                }
                tables.add(table);
            }
            matrices.add(CommittedPolynomials.commit(params, tables, random));
        }
        List<ColumnReduction.Key> keys = new ArrayList<>();
        List<long[]> plain = new ArrayList<>();
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        long[][] shared = new long[a + 1][];
        int keyCount = 1 + random.nextInt(60);
        for (int key = 0; key < keyCount; key++) {
            int vars = random.nextInt(a + 1);
            int offset = random.nextInt(1 << (a - vars)) << vars;
            if (shared[vars] == null || random.nextInt(3) == 0) {
                shared[vars] = ExtVectors.of(randomExts(1 << vars, random));
            }
            long[] weights = shared[vars];
            ColumnReduction.Key k = new ColumnReduction.Key(vars, offset, weights);
            long[] acc = new long[2 << a];
            int density = random.nextInt(4);
            for (int m = 0; m < matrices.size(); m++) {
                CommittedPolynomials committed = matrices.get(m);
                for (int row = 0; row < committed.commitment().rows(); row++) {
                    if (density > 0 && random.nextInt(4) < density) {
                        Ext2 c = random.nextInt(10) == 0 ? Ext2.ZERO : randomExts(1, random)[0];
                        k.addRow(m, row, c);
                        ExtVectors.addScaledBase(acc, c, Arrays.copyOf(committed.message(row), 1 << a));
                    }
                }
            }
            keys.add(k);
            long[] w = new long[2 << a];
            System.arraycopy(weights, 0, w, 2 * offset, weights.length);
            plain.add(acc);
            plain.add(w);
            terms.add(new ProductSumInstance.Term(Ext2.ONE, plain.size() - 2, plain.size() - 1));
        }
        long[][] sharedBefore = Arrays.stream(shared).map(s -> s == null ? null : s.clone()).toArray(long[][]::new);
        ColumnReduction windowed = new ColumnReduction(matrices, a, keys);
        ProductSumInstance reference = new ProductSumInstance(plain.toArray(new long[0][]), false, terms);
        Ext2 claim = reference.sum();
        for (int round = 0; round < a; round++) {
            Ext2[] expected = reference.roundValues(claim);
            assertArrayEquals(expected, windowed.roundValues(claim), "seed " + seed + " a " + a + " round " + round);
            Ext2 r = random.nextInt(8) == 0 ? (random.nextBoolean() ? Ext2.ZERO : Ext2.ONE) : randomExts(1, random)[0];
            claim = Univariate.evaluate(expected, r);
            reference.bind(r);
            windowed.bind(r);
        }
        // The caller's window weights (shared by the statement's terms) are read, never written.
        for (int v = 0; v <= a; v++) {
            assertArrayEquals(sharedBefore[v], shared[v], "weights of " + v + " variables changed");
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
