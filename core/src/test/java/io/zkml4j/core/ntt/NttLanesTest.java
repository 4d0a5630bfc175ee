package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.util.VectorLanes;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Transforms large enough for the vector lanes ({@link NttVector}), and small ones once the
 * lanes' warm-up has run, against Horner's rule at sampled points, with coefficients at the edges of the field (the adds' carries and the
 * subtractions' borrows), and against the scalar pruned transform.
 */
class NttLanesTest {
    private static void assumeLanes() {
        assumeTrue(VectorLanes.longLanes() >= 4, "no vector lanes on this machine (needs --add-modules jdk.incubator.vector and 256-bit vectors): skipped");
    }

    private static long[] coefficients(int n, int pattern, SplittableRandom r) {
        long[] c = new long[n];
        long[] edges = {0, 1, Goldilocks.P - 1, Goldilocks.P - 2, Goldilocks.EPSILON, Goldilocks.EPSILON + 1, 1L << 63, (1L << 32) - 1};
        for (int i = 0; i < n; i++) {
            c[i] = switch (pattern) {
                case 0 -> Goldilocks.canonical(r.nextLong());
                case 1 -> Goldilocks.P - 1;
                case 2 -> i % 2 == 0 ? 0 : Goldilocks.P - 1;
                default -> edges[r.nextInt(edges.length)];
            };
        }
        return c;
    }

    @Test
    void smallTransformsJoinTheLanesOnceWarmAndStayExact() throws InterruptedException {
        assumeLanes();
        Ntt.warmUpInBackground();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Ntt.lanesWarm() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Ntt.lanesWarm(), "the warm-up thread finished within two minutes");
        SplittableRandom r = new SplittableRandom(23);
        for (int logN = Ntt.LANES_WARM_MIN_LOG; logN < Ntt.LANES_MIN_LOG; logN += 2) {
            int n = 1 << logN;
            long omega = Goldilocks.rootOfUnity(logN);
            for (int pattern = 0; pattern < 4; pattern++) {
                long[] c = coefficients(n / 2, pattern, r);
                long[] padded = Ntt.forwardBitReversedPadded(c, logN);
                long[] full = java.util.Arrays.copyOf(c, n);
                Ntt.forwardBitReversed(full, 0, logN);
                assertArrayEquals(full, padded, "padded and plain, 2^" + logN + ", pattern " + pattern);
                int[] positions = r.ints(40, 0, n).distinct().sorted().toArray();
                long[] at = Ntt.forwardBitReversedAt(c, logN, positions);
                for (int i = 0; i < positions.length; i++) {
                    long x = Goldilocks.pow(omega, BitReverse.reverse(positions[i], logN));
                    assertEquals(NttTest.horner(c, x), at[i], "pruned output " + positions[i] + " of 2^" + logN + ", pattern " + pattern);
                    assertEquals(at[i], padded[positions[i]], "pruned and padded agree at " + positions[i]);
                }
                long[] back = padded.clone();
                Ntt.inverseFromBitReversed(back);
                assertArrayEquals(java.util.Arrays.copyOf(c, n), back, "the inverse undoes it, 2^" + logN + ", pattern " + pattern);
            }
        }
    }

    @Test
    void largeBitReversedTransformsEvaluateThePolynomial() {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(17);
        for (int logN : new int[] {Ntt.LANES_MIN_LOG, 17}) {
            int n = 1 << logN;
            long omega = Goldilocks.rootOfUnity(logN);
            for (int pattern = 0; pattern < 4; pattern++) {
                long[] c = coefficients(n, pattern, r);
                long[] parallel = c.clone();
                Ntt.forwardBitReversed(parallel); // split over threads above 2^14
                long[] single = c.clone();
                Ntt.forwardBitReversed(single, 0, logN);
                assertArrayEquals(parallel, single, "threaded and single-threaded, 2^" + logN + ", pattern " + pattern);
                long[][] rows = {c.clone()};
                Ntt.forwardBitReversedRows(rows);
                assertArrayEquals(single, rows[0], "rows, 2^" + logN + ", pattern " + pattern);
                for (int sample = 0; sample < 24; sample++) {
                    int j = sample < 4 ? new int[] {0, 1, n / 2, n - 1}[sample] : r.nextInt(n);
                    long x = Goldilocks.pow(omega, BitReverse.reverse(j, logN));
                    assertEquals(NttTest.horner(c, x), single[j], "output " + j + " of 2^" + logN + ", pattern " + pattern);
                }
                long[] back = parallel.clone();
                Ntt.inverseFromBitReversed(back);
                assertArrayEquals(c, back, "the inverse undoes it, 2^" + logN + ", pattern " + pattern);
            }
        }
    }

    /** A Reed–Solomon codeword through the lanes (padded transform) against the scalar pruned one at every position. */
    @Test
    void aPaddedCodewordEqualsTheScalarPrunedOne() {
        assumeLanes();
        SplittableRandom r = new SplittableRandom(3);
        int logN = 17;
        long[] message = coefficients(1 << 16, 3, r);
        long[] codeword = Ntt.forwardBitReversedPadded(message, logN);
        int[] every = java.util.stream.IntStream.range(0, 1 << logN).filter(i -> i % 3 == 0).toArray();
        long[] pruned = Ntt.forwardBitReversedAt(message, logN, every); // dense: its quarters take the scalar stages
        for (int i = 0; i < every.length; i++) {
            assertEquals(pruned[i], codeword[every[i]], "position " + every[i]);
        }
    }
}
