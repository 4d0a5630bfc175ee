package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
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
            matrices.add(ReductionFixture.randomMatrix(params, 1 + random.nextInt(5), 5, random));
        }
        ReductionFixture f = new ReductionFixture(a, matrices, random);
        long[][] shared = new long[a + 1][];
        int keyCount = 1 + random.nextInt(60);
        for (int key = 0; key < keyCount; key++) {
            int vars = random.nextInt(a + 1);
            int offset = random.nextInt(1 << (a - vars)) << vars;
            if (shared[vars] == null || random.nextInt(3) == 0) {
                shared[vars] = ReductionFixture.randomWeights(1 << vars, random);
            }
            int density = random.nextInt(4);
            f.add(vars, offset, shared[vars], (m, row) -> density > 0 && random.nextInt(4) < density,
                    () -> random.nextInt(10) == 0 ? Ext2.ZERO : ReductionFixture.randomExt(random));
        }
        long[][] sharedBefore = Arrays.stream(shared).map(s -> s == null ? null : s.clone()).toArray(long[][]::new);
        f.assertPlainRounds(() -> random.nextInt(8) == 0 ? (random.nextBoolean() ? Ext2.ZERO : Ext2.ONE) : ReductionFixture.randomExt(random),
                "seed " + seed + " a " + a + " ");
        // The caller's window weights (shared by the statement's terms) are read, never written.
        for (int v = 0; v <= a; v++) {
            assertArrayEquals(sharedBefore[v], shared[v], "weights of " + v + " variables changed");
        }
    }
}
