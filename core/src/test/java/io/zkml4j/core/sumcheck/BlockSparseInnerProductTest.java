package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The block-sparse sumcheck sends exactly the dense one's rounds: every round's values compared,
 * field element for field element, with {@link InnerProductInstance} over the whole tables, for
 * blocks of every size, none to many of them, and challenges that are random, 0 or 1.
 */
class BlockSparseInnerProductTest {

    @Test
    void everyRoundIsTheDenseSumchecks() {
        SplittableRandom r = new SplittableRandom(41);
        int cases = 0;
        for (int n = 1; n <= 9; n++) {
            for (int low = 0; low < n; low++) {
                int blockCount = 1 << (n - low);
                for (int count : new int[] {0, 1, Math.min(3, blockCount), Math.max(1, blockCount / 2), blockCount}) {
                    compare(n, low, pick(count, blockCount, r), r, false);
                    compare(n, low, pick(count, blockCount, r), r, true);
                    cases += 2;
                }
            }
        }
        assertEquals(450, cases);
    }

    @Test
    void aTableOfValuesAboveTheModulusIsReadCanonically() {
        SplittableRandom r = new SplittableRandom(43);
        long[] f = Rand.base(1 << 8, r);
        for (int i = 0; i < f.length; i += 3) {
            f[i] = Goldilocks.P + Long.remainderUnsigned(f[i], 1000); // the same field element, not canonical
        }
        compare(f, 4, new int[] {1, 6, 7}, r, false);
    }

    @Test
    void malformedBlocksAreRefused() {
        long[] f = new long[1 << 6];
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseInnerProduct(f, 6, new int[0], new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseInnerProduct(f, 3, new int[] {2, 2}, new long[32]));
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseInnerProduct(f, 3, new int[] {8}, new long[16]));
        assertThrows(IllegalArgumentException.class, () -> new BlockSparseInnerProduct(f, 3, new int[] {1}, new long[8]));
    }

    private static int[] pick(int count, int blockCount, SplittableRandom r) {
        TreeSet<Integer> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            chosen.add(r.nextInt(blockCount));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void compare(int n, int low, int[] blocks, SplittableRandom r, boolean bitChallenges) {
        compare(Rand.base(1 << n, r), low, blocks, r, bitChallenges);
    }

    private static void compare(long[] f, int low, int[] blocks, SplittableRandom r, boolean bitChallenges) {
        int n = Integer.numberOfTrailingZeros(f.length);
        int size = 1 << low;
        long[] weights = Rand.extTable(blocks.length * size, r);
        long[] dense = new long[2 << n];
        for (int b = 0; b < blocks.length; b++) {
            System.arraycopy(weights, 2 * b * size, dense, 2 * blocks[b] * size, 2 * size);
        }
        long[] lifted = new long[2 << n];
        for (int i = 0; i < f.length; i++) {
            lifted[2 * i] = Goldilocks.canonical(f[i]);
        }
        InnerProductInstance expected = new InnerProductInstance(lifted, dense, false);
        BlockSparseInnerProduct actual = new BlockSparseInnerProduct(f, low, blocks, weights);
        assertEquals(n, actual.numVars());
        Ext2 claim = ExtVectors.innerProduct(lifted, dense);
        String at = "n " + n + ", low " + low + ", blocks " + Arrays.toString(blocks);
        for (int round = 0; round < n; round++) {
            Ext2[] want = expected.roundValues(claim);
            Ext2[] got = actual.roundValues(claim);
            assertArrayEquals(want, got, at + ", round " + round);
            Ext2 c = bitChallenges && r.nextBoolean() ? (r.nextBoolean() ? Ext2.ONE : Ext2.ZERO) : Rand.ext(r);
            claim = Univariate.evaluate(want, c);
            expected.bind(c);
            actual.bind(c);
        }
    }
}
