package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.ProductSumInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A committed matrix of random rows with {@link ColumnReduction} keys over it, each beside the
 * plain product sumcheck's two row-wide tables (acc the full row combination, w the window's
 * weights placed at its offset, zero elsewhere), so that tests compare the windowed prover's
 * rounds with the plain ones.
 */
final class ReductionFixture {
    final int logRowWidth;
    final List<CommittedPolynomials> matrices;
    final List<ColumnReduction.Key> keys = new ArrayList<>();
    private final List<long[]> plain = new ArrayList<>();
    private final List<ProductSumInstance.Term> terms = new ArrayList<>();
    private final Random random;

    /** One matrix of {@code rows} random rows. */
    ReductionFixture(int logRowWidth, int rows, Random random) {
        this(logRowWidth, List.of(randomMatrix(LigeroParameters.forSecurity(24, logRowWidth, 2, 1, 0, Sha256.INSTANCE), rows, 0, random)), random);
    }

    ReductionFixture(int logRowWidth, List<CommittedPolynomials> matrices, Random random) {
        this.logRowWidth = logRowWidth;
        this.matrices = matrices;
        this.random = random;
    }

    /** A committed matrix of {@code rows} rows of uniform values, each value zero with probability {@code zeroOneIn}⁻¹ (0: never). */
    static CommittedPolynomials randomMatrix(LigeroParameters params, int rows, int zeroOneIn, Random random) {
        List<long[]> tables = new ArrayList<>();
        for (int t = 0; t < rows; t++) {
            long[] table = new long[params.rowWidth()];
            for (int i = 0; i < table.length; i++) {
                table[i] = zeroOneIn > 0 && random.nextInt(zeroOneIn) == 0 ? 0 : Goldilocks.uniform(random);
            }
            tables.add(table);
        }
        return CommittedPolynomials.commit(params, tables, random);
    }

    /** A key of this window and weights combining the rows of the first matrix that {@code takes} picks, each with a random coefficient. */
    ColumnReduction.Key add(int windowVars, int offset, long[] weights, java.util.function.IntPredicate takes) {
        return add(windowVars, offset, weights, (m, row) -> m == 0 && takes.test(row), () -> randomExt(random));
    }

    /** A key combining row {@code row} of matrix {@code m} wherever {@code takes} says, with the coefficients {@code coefficient} gives. */
    ColumnReduction.Key add(int windowVars, int offset, long[] weights, java.util.function.BiPredicate<Integer, Integer> takes,
                            java.util.function.Supplier<Ext2> coefficient) {
        ColumnReduction.Key key = new ColumnReduction.Key(windowVars, offset, weights);
        long[] acc = new long[2 << logRowWidth];
        for (int m = 0; m < matrices.size(); m++) {
            CommittedPolynomials committed = matrices.get(m);
            for (int row = 0; row < committed.commitment().rows(); row++) {
                if (takes.test(m, row)) {
                    Ext2 c = coefficient.get();
                    key.addRow(m, row, c);
                    ExtVectors.addScaledBase(acc, c, Arrays.copyOf(committed.message(row), 1 << logRowWidth));
                }
            }
        }
        keys.add(key);
        long[] w = new long[2 << logRowWidth];
        System.arraycopy(weights, 0, w, 2 * offset, weights.length);
        plain.add(acc);
        plain.add(w);
        terms.add(new ProductSumInstance.Term(Ext2.ONE, plain.size() - 2, plain.size() - 1));
        return key;
    }

    /** Every round of the windowed prover equals the plain product sumcheck's, binding both at the same random points. */
    void assertPlainRounds() {
        assertPlainRounds(() -> randomExt(random), "");
    }

    /** The same, binding at the points {@code challenge} gives; {@code context} names the case in a failure. */
    void assertPlainRounds(java.util.function.Supplier<Ext2> challenge, String context) {
        ColumnReduction windowed = new ColumnReduction(matrices, logRowWidth, keys);
        ProductSumInstance reference = new ProductSumInstance(plain.toArray(new long[0][]), false, terms);
        Ext2 claim = reference.sum();
        for (int round = 0; round < logRowWidth; round++) {
            Ext2[] expected = reference.roundValues(claim);
            assertArrayEquals(expected, windowed.roundValues(claim), context + "round " + round);
            Ext2 r = challenge.get();
            claim = Univariate.evaluate(expected, r);
            reference.bind(r);
            windowed.bind(r);
        }
    }

    static long[] randomWeights(int count, Random random) {
        Ext2[] out = new Ext2[count];
        for (int i = 0; i < count; i++) {
            out[i] = randomExt(random);
        }
        return ExtVectors.of(out);
    }

    static Ext2 randomExt(Random random) {
        return Ext2.of(Goldilocks.uniform(random), Goldilocks.uniform(random));
    }
}
