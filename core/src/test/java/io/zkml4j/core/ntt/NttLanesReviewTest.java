package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of small transforms joining the lanes: padded, pruned, plain and inverse transforms of
 * 2^10..2^14 values against a textbook radix-2 DIF, with message lengths around q, 2q and 3q (so
 * that the first radix-4 stage's lane part ends off a multiple of the lane count), positions below
 * and above one in 64, run on several threads while the warm-up thread starts, runs and flips the
 * flag (without vector lanes the same checks run in scalar code).
 */
class NttLanesReviewTest {
    /** Natural-order coefficients to bit-reversed evaluations, the definition's way. */
    static long[] reference(long[] message, int logN) {
        int n = 1 << logN;
        long[] a = new long[n];
        for (int i = 0; i < message.length; i++) {
            a[i] = Goldilocks.canonical(message[i]);
        }
        for (int h = n >>> 1, lg = logN; h >= 1; h >>>= 1, lg--) {
            long w = Goldilocks.rootOfUnity(lg);
            for (int s = 0; s < n; s += 2 * h) {
                long t = 1;
                for (int j = 0; j < h; j++) {
                    long u = a[s + j], v = a[s + h + j];
                    a[s + j] = Goldilocks.add(u, v);
                    a[s + h + j] = Goldilocks.mul(Goldilocks.sub(u, v), t);
                    t = Goldilocks.mul(t, w);
                }
            }
        }
        return a;
    }

    private static void check(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int logN = 10; logN <= 14; logN++) {
            int n = 1 << logN, q = n >>> 2;
            int[] lengths = {1, 3, 7, q - 1, q, q + 1, q + 3, q + 13, 2 * q - 1, 2 * q, 2 * q + 5, 3 * q + 1, n - 1, n};
            for (int len : lengths) {
                long[] m = new long[len];
                for (int i = 0; i < len; i++) {
                    m[i] = r.nextInt(8) == 0 ? -1L - r.nextInt(3) : r.nextLong(); // some non-canonical words
                }
                long[] want = reference(m, logN);
                String what = "2^" + logN + ", message of " + len;
                assertArrayEquals(want, Ntt.forwardBitReversedPadded(m, logN), "padded " + what);
                long[] plain = Arrays.copyOf(m, n);
                Ntt.forwardBitReversed(plain, 0, logN);
                assertArrayEquals(want, plain, "plain " + what);
                for (int count : new int[] {1, n / 64 - 1, n / 64, n / 64 + 3, n / 8, n}) {
                    int[] positions = count == n ? java.util.stream.IntStream.range(0, n).toArray()
                            : r.ints(count, 0, n).distinct().sorted().toArray();
                    long[] at = Ntt.forwardBitReversedAt(m, logN, positions);
                    for (int i = 0; i < positions.length; i++) {
                        assertEquals(want[positions[i]], at[i], "at " + positions[i] + " of " + positions.length + ", " + what);
                    }
                }
                long[] whole = Arrays.copyOf(m, n);
                for (int i = 0; i < n; i++) {
                    whole[i] = Goldilocks.canonical(whole[i]);
                }
                long[] copy = whole.clone();
                Ntt.forward(copy);
                Ntt.inverse(copy);
                assertArrayEquals(whole, copy, "inverse of forward, " + what);
            }
        }
    }

    @Test
    void smallTransformsAreExactOnSeveralThreadsWhileTheLanesWarmUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int seed = t;
                runs.add(pool.submit(() -> check(seed)));
            }
            Ntt.warmUpInBackground();
            for (Future<?> f : runs) {
                f.get();
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Ntt.lanesWarm() && System.nanoTime() < deadline && io.zkml4j.core.util.VectorLanes.longLanes() > 1) {
                Thread.sleep(5);
            }
            check(99); // after the flag flipped (where lanes are on)
        } finally {
            pool.shutdownNow();
        }
    }
}
