package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of the pruned and padded codeword transforms (a Ligero opening's queried columns are read
 * from {@link Ntt#forwardBitReversedAt}; every commitment's codewords from
 * {@link Ntt#forwardBitReversedPadded}): for every size up to 2^12, every message length around the
 * quarter boundary the spreading stage depends on, non-canonical message words, and position sets
 * on both sides of the density threshold (every single position, every quarter's edges, runs, a
 * quarter alone), both must equal the full transform; the message is never modified. Larger sizes
 * (the cache-blocked path above 2^14, and 2^17 as the bench's codewords) are spot-checked.
 */
class NttPrunedReviewTest {
    /** Random words, about one in five of them non-canonical (p, p + k, 2^64 − 1). */
    private static long[] message(int length, SplittableRandom rnd) {
        long[] m = new long[length];
        for (int i = 0; i < length; i++) {
            m[i] = switch (rnd.nextInt(10)) {
                case 0 -> Goldilocks.P;
                case 1 -> Goldilocks.P + rnd.nextInt(1 << 20);
                case 2 -> -1L;
                default -> rnd.nextLong();
            };
        }
        return m;
    }

    private static long[] full(long[] message, int logN) {
        long[] a = Arrays.copyOf(message, 1 << logN);
        Ntt.forwardBitReversed(a, 0, logN);
        return a;
    }

    private static void checkAt(long[] message, int logN, long[] full, int[] positions, String what) {
        long[] before = message.clone();
        long[] got = Ntt.forwardBitReversedAt(message, logN, positions);
        assertArrayEquals(before, message, "the message is not modified");
        assertEquals(positions.length, got.length);
        for (int i = 0; i < positions.length; i++) {
            if (full[positions[i]] != got[i]) {
                throw new AssertionError("2^" + logN + ", message of " + message.length + ", " + what + ": position " + positions[i]
                        + " is " + Long.toUnsignedString(got[i]) + ", the full transform has " + Long.toUnsignedString(full[positions[i]]));
            }
        }
    }

    private static int[] lengths(int n) {
        int q = n / 4;
        return IntStream.of(0, 1, 2, 3, q - 1, q, q + 1, n / 2 - 1, n / 2, n / 2 + 1, 3 * q, n - 1, n)
                .filter(l -> l >= 0 && l <= n).distinct().toArray();
    }

    private static int[] randomSubset(int n, int count, SplittableRandom rnd) {
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < Math.min(count, n)) {
            s.add(rnd.nextInt(n));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkAll(int logN, long[] message, SplittableRandom rnd, boolean everySingle) {
        int n = 1 << logN;
        long[] full = full(message, logN);
        // the padded transform is the full one
        long[] before = message.clone();
        assertArrayEquals(full, Ntt.forwardBitReversedPadded(message, logN), "padded transform of 2^" + logN + ", message of " + message.length);
        assertArrayEquals(before, message);
        checkAt(message, logN, full, new int[0], "no position");
        checkAt(message, logN, full, IntStream.range(0, n).toArray(), "every position");
        if (everySingle) {
            for (int p = 0; p < n; p++) {
                checkAt(message, logN, full, new int[] {p}, "one position");
            }
        } else {
            for (int k = 0; k < 64; k++) {
                checkAt(message, logN, full, new int[] {rnd.nextInt(n)}, "one position");
            }
        }
        // the edges of every quarter at every level of the recursion
        TreeSet<Integer> edges = new TreeSet<>();
        for (int block = n; block >= 4; block >>>= 2) {
            for (int s = 0; s < n; s += block / 4) {
                edges.add(s);
                edges.add(s + block / 4 - 1);
            }
        }
        checkAt(message, logN, full, edges.stream().mapToInt(Integer::intValue).toArray(), "quarter edges");
        // around the density threshold n/16, and runs and single quarters
        for (int count : new int[] {2, 3, n / 16 - 1, n / 16, n / 16 + 1, n / 4 - 1, n / 4, n / 2}) {
            if (count > 0 && count <= n) {
                checkAt(message, logN, full, randomSubset(n, count, rnd), count + " random positions");
            }
        }
        for (int quarter = 0; quarter < 4 && n >= 4; quarter++) {
            int q = n / 4;
            checkAt(message, logN, full, IntStream.range(quarter * q, (quarter + 1) * q).toArray(), "quarter " + quarter);
            checkAt(message, logN, full, new int[] {quarter * q + rnd.nextInt(q)}, "one in quarter " + quarter);
        }
        int run = Math.max(1, n / 32);
        int start = rnd.nextInt(n - run + 1);
        checkAt(message, logN, full, IntStream.range(start, start + run).toArray(), "a run");
    }

    @Test
    void everySizeUpTo4096AndEveryQuarterBoundaryAgreesWithTheFullTransform() {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int logN = 0; logN <= 12; logN++) {
            int n = 1 << logN;
            for (int length : lengths(n)) {
                checkAll(logN, message(length, rnd), rnd, logN <= 9);
            }
        }
    }

    @Test
    void largeCodewordsAgreeWithTheFullTransform() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int logN : new int[] {14, 15, 17}) {
            int n = 1 << logN;
            for (int length : new int[] {1, n / 4 - 1, n / 4, n / 4 + 1, n}) {
                long[] m = message(length, rnd);
                long[] full = full(m, logN);
                assertArrayEquals(full, Ntt.forwardBitReversedPadded(m, logN), "padded 2^" + logN + ", message of " + length);
                checkAt(m, logN, full, randomSubset(n, 150, rnd), "150 queries");
                checkAt(m, logN, full, randomSubset(n, n / 16, rnd), "n/16 queries");
                checkAt(m, logN, full, new int[] {0, n / 4 - 1, n / 4, n / 2, 3 * n / 4, n - 1}, "quarter edges");
            }
        }
    }

    /** A message that is all p (zero, non-canonical) encodes to zero everywhere. */
    @Test
    void aMessageOfNonCanonicalZerosEncodesToZero() {
        for (int logN : new int[] {4, 5, 6, 11}) {
            int n = 1 << logN;
            for (int length : new int[] {1, n / 4, n}) {
                long[] m = new long[length];
                Arrays.fill(m, Goldilocks.P);
                assertArrayEquals(new long[n], Ntt.forwardBitReversedPadded(m, logN));
                assertArrayEquals(new long[3], Ntt.forwardBitReversedAt(m, logN, new int[] {0, n / 2, n - 1}));
            }
        }
    }
}
