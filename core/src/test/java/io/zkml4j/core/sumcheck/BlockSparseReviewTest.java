package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of {@link BlockSparseInnerProduct} (commit 691c4d7): its rounds are {@link InnerProductInstance}'s
 * over the dense tables, for the edge cases the first tests do not reach (tables of two entries,
 * low = n − 1, blocks at both ends, zero weight blocks, every value non-canonical, challenges
 * 0 and 1 in every low round, tables large enough for the parallel fold), inside a
 * {@link BatchedInstance} with instances of other sizes, and without changing its inputs.
 */
class BlockSparseReviewTest {

    /** The dense tables for a sparse instance's arguments. */
    private static long[] denseWeights(int n, int low, int[] blocks, long[] weights) {
        int size = 1 << low;
        long[] dense = new long[2 << n];
        for (int b = 0; b < blocks.length; b++) {
            for (int i = 0; i < 2 * size; i++) {
                dense[2 * blocks[b] * size + i] = Goldilocks.canonical(weights[2 * b * size + i]);
            }
        }
        return dense;
    }

    private static long[] lifted(long[] f) {
        long[] out = new long[2 * f.length];
        for (int i = 0; i < f.length; i++) {
            out[2 * i] = Goldilocks.canonical(f[i]);
        }
        return out;
    }

    /** Runs both with the given challenges (null: random), comparing every round's values and the final claim. */
    private static void compare(long[] f, int low, int[] blocks, long[] weights, Ext2[] challenges, SplittableRandom r, String what) {
        int n = Integer.numberOfTrailingZeros(f.length);
        long[] fCopy = f.clone(), wCopy = weights.clone();
        long[] dense = denseWeights(n, low, blocks, weights);
        InnerProductInstance expected = new InnerProductInstance(lifted(f), dense, false);
        BlockSparseInnerProduct actual = new BlockSparseInnerProduct(f, low, blocks, weights);
        assertEquals(n, actual.numVars());
        assertEquals(2, actual.degree());
        Ext2 claim = ExtVectors.innerProduct(lifted(f), dense);
        Ext2[] rho = new Ext2[n];
        for (int round = 0; round < n; round++) {
            Ext2[] want = expected.roundValues(claim);
            Ext2[] got = actual.roundValues(claim);
            assertArrayEquals(want, got, what + ", round " + round);
            Ext2 c = challenges != null ? challenges[round] : Rand.ext(r);
            rho[round] = c;
            claim = Univariate.evaluate(want, c);
            expected.bind(c);
            actual.bind(c);
        }
        // The last claim is f(ρ)·g(ρ) of the dense tables: the rounds were a sumcheck of them.
        Ext2[] fin = expected.finalValues();
        assertEquals(fin[0].mul(fin[1]), claim, what + ": final");
        assertEquals(Multilinear.evaluateBase(fCopy, rho), fin[0], what + ": f(ρ)");
        assertArrayEquals(fCopy, f, what + ": f unchanged");
        assertArrayEquals(wCopy, weights, what + ": weights unchanged");
    }

    private static int[] pick(int count, int blockCount, SplittableRandom r) {
        TreeSet<Integer> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            chosen.add(r.nextInt(blockCount));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void tablesOfTwoEntries() {
        SplittableRandom r = new SplittableRandom(201);
        for (int[] blocks : new int[][] {{}, {0}, {1}, {0, 1}}) {
            for (Ext2 c : new Ext2[] {Ext2.ZERO, Ext2.ONE, Rand.ext(r)}) {
                compare(Rand.base(2, r), 0, blocks, Rand.extTable(blocks.length, r), new Ext2[] {c}, r, "2 entries " + Arrays.toString(blocks));
            }
        }
    }

    @Test
    void blocksOfHalfTheTable() {
        SplittableRandom r = new SplittableRandom(202);
        for (int n = 1; n <= 10; n++) {
            int low = n - 1;
            for (int[] blocks : new int[][] {{}, {0}, {1}, {0, 1}}) {
                compare(Rand.base(1 << n, r), low, blocks, Rand.extTable(blocks.length << low, r), null, r, "n " + n + ", low n-1 " + Arrays.toString(blocks));
            }
        }
    }

    @Test
    void blocksAtTheEndsAndZeroBlocks() {
        SplittableRandom r = new SplittableRandom(203);
        int n = 10;
        for (int low = 0; low < n; low++) {
            int last = (1 << (n - low)) - 1;
            for (int[] blocks : new int[][] {{0}, {last}, {0, last}, last >= 2 ? new int[] {0, 1, last} : new int[] {0, last}}) {
                long[] w = Rand.extTable(blocks.length << low, r);
                compare(Rand.base(1 << n, r), low, blocks, w, null, r, "low " + low + " ends " + Arrays.toString(blocks));
                // The same blocks with the first one's weights all zero (a term with a zero coefficient).
                Arrays.fill(w, 0, 2 << low, 0L);
                compare(Rand.base(1 << n, r), low, blocks, w, null, r, "low " + low + " zero first block " + Arrays.toString(blocks));
                // All weights zero.
                compare(Rand.base(1 << n, r), low, blocks, new long[w.length], null, r, "low " + low + " zero weights");
            }
        }
    }

    @Test
    void everyValueAboveTheModulus() {
        SplittableRandom r = new SplittableRandom(204);
        int n = 9;
        for (int low = 0; low < n; low++) {
            long[] f = new long[1 << n];
            for (int i = 0; i < f.length; i++) {
                // Every 64-bit pattern from p up (p ≡ 0, 2^64 − 1 ≡ 2^32 − 2).
                f[i] = i % 3 == 0 ? Goldilocks.P : i % 3 == 1 ? -1L : Goldilocks.P + r.nextLong(-Goldilocks.P);
            }
            int[] blocks = pick(Math.max(1, (1 << (n - low)) / 4), 1 << (n - low), r);
            long[] w = Rand.extTable(blocks.length << low, r);
            for (int i = 0; i < w.length; i += 5) {
                w[i] = Goldilocks.P + Long.remainderUnsigned(w[i], 1L << 32); // weights non-canonical too
            }
            compare(f, low, blocks, w, null, r, "non-canonical, low " + low);
        }
    }

    @Test
    void bitChallengesInEveryLowRound() {
        SplittableRandom r = new SplittableRandom(205);
        int n = 8;
        for (int low = 1; low < n; low++) {
            int[] blocks = pick(3 <= 1 << (n - low) ? 3 : 1, 1 << (n - low), r);
            for (int mode = 0; mode < 4; mode++) {
                Ext2[] c = new Ext2[n];
                for (int i = 0; i < n; i++) {
                    c[i] = switch (mode) {
                        case 0 -> Ext2.ZERO;
                        case 1 -> Ext2.ONE;
                        case 2 -> i % 2 == 0 ? Ext2.ONE : Ext2.ZERO;
                        default -> i < low ? Rand.ext(r) : (i % 2 == 0 ? Ext2.ZERO : Ext2.ONE);
                    };
                }
                compare(Rand.base(1 << n, r), low, blocks, Rand.extTable(blocks.length << low, r), c, r, "low " + low + ", mode " + mode);
            }
        }
    }

    /** 2^16 entries: the fold runs in parallel (blockCount·size ≥ 2^14), for small and large blocks. */
    @Test
    void aTableLargeEnoughForTheParallelFold() {
        SplittableRandom r = new SplittableRandom(206);
        int n = 16;
        long[] f = Rand.base(1 << n, r);
        for (int low : new int[] {0, 1, 5, 10, 14}) {
            int blockCount = 1 << (n - low);
            int[] blocks = pick(Math.max(1, Math.min(37, blockCount / 4)), blockCount, r);
            compare(f, low, blocks, Rand.extTable(blocks.length << low, r), null, r, "n 16, low " + low);
        }
    }

    /** A padded gathered table: block counts just below, at and above powers of two. */
    @Test
    void blockCountsAroundPowersOfTwo() {
        SplittableRandom r = new SplittableRandom(207);
        int n = 11, low = 3;
        for (int count : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256}) {
            int[] blocks = pick(count, 1 << (n - low), r);
            compare(Rand.base(1 << n, r), low, blocks, Rand.extTable(count << low, r), null, r, count + " blocks");
        }
    }

    /**
     * Inside a BatchedInstance beside instances of more and fewer variables (scaled by 2^{n − n_i},
     * inactive after their own rounds): the batched rounds are the same as with dense instances.
     */
    @Test
    void batchedWithInstancesOfOtherSizes() {
        SplittableRandom r = new SplittableRandom(208);
        int[] sizes = {9, 4, 6, 1, 2};
        int[] lows = {3, 0, 4, 0, 0};
        List<SumcheckProverInstance> sparse = new ArrayList<>();
        List<SumcheckProverInstance> dense = new ArrayList<>();
        Ext2[] coefficients = new Ext2[sizes.length];
        Ext2[] sums = new Ext2[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k], low = lows[k];
            long[] f = Rand.base(1 << n, r);
            int[] blocks = pick(Math.max(1, (1 << (n - low)) / 4), 1 << (n - low), r);
            long[] w = Rand.extTable(blocks.length << low, r);
            long[] g = denseWeights(n, low, blocks, w);
            sparse.add(new BlockSparseInnerProduct(f, low, blocks, w));
            dense.add(new InnerProductInstance(lifted(f), g, false));
            coefficients[k] = Rand.ext(r);
            sums[k] = ExtVectors.innerProduct(lifted(f), g);
        }
        BatchedInstance a = new BatchedInstance(dense, coefficients, sums);
        BatchedInstance b = new BatchedInstance(sparse, coefficients, sums);
        int[] numVars = Arrays.copyOf(sizes, sizes.length);
        Ext2 claim = BatchedInstance.combinedClaim(coefficients, sums, numVars);
        for (int round = 0; round < a.numVars(); round++) {
            Ext2[] want = a.roundValues(claim);
            assertArrayEquals(want, b.roundValues(claim), "round " + round);
            Ext2 c = round % 3 == 2 ? Ext2.ONE : Rand.ext(r);
            claim = Univariate.evaluate(want, c);
            a.bind(c);
            b.bind(c);
        }
        assertArrayEquals(a.finalClaims(), b.finalClaims());
    }
}
