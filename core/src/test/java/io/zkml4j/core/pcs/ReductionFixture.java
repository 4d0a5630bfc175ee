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
    final CommittedPolynomials committed;
    final List<ColumnReduction.Key> keys = new ArrayList<>();
    private final List<long[]> plain = new ArrayList<>();
    private final List<ProductSumInstance.Term> terms = new ArrayList<>();
    private final Random random;

    ReductionFixture(int logRowWidth, int rows, Random random) {
        this.logRowWidth = logRowWidth;
        this.random = random;
        LigeroParameters params = LigeroParameters.forSecurity(24, logRowWidth, 2, 1, 0, Sha256.INSTANCE);
        List<long[]> tables = new ArrayList<>();
        for (int t = 0; t < rows; t++) {
            long[] table = new long[1 << logRowWidth];
            for (int i = 0; i < table.length; i++) {
                table[i] = Goldilocks.uniform(random);
            }
            tables.add(table);
        }
        committed = CommittedPolynomials.commit(params, tables, random);
    }

    /** A key of this window and weights combining the rows {@code takes} picks, each with a random coefficient. */
    ColumnReduction.Key add(int windowVars, int offset, long[] weights, java.util.function.IntPredicate takes) {
        ColumnReduction.Key key = new ColumnReduction.Key(windowVars, offset, weights);
        long[] acc = new long[2 << logRowWidth];
        for (int row = 0; row < committed.commitment().rows(); row++) {
            if (takes.test(row)) {
                Ext2 c = randomExt(random);
                key.addRow(0, row, c);
                ExtVectors.addScaledBase(acc, c, Arrays.copyOf(committed.message(row), 1 << logRowWidth));
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
        ColumnReduction windowed = new ColumnReduction(List.of(committed), logRowWidth, keys);
        ProductSumInstance reference = new ProductSumInstance(plain.toArray(new long[0][]), false, terms);
        Ext2 claim = reference.sum();
        for (int round = 0; round < logRowWidth; round++) {
            Ext2[] expected = reference.roundValues(claim);
            assertArrayEquals(expected, windowed.roundValues(claim), "round " + round);
            Ext2 r = randomExt(random);
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
