package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class NttTest {
    static long[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Goldilocks.canonical(r.nextLong());
        }
        return a;
    }

    static long horner(long[] coeffs, long x) {
        long acc = 0;
        for (int i = coeffs.length - 1; i >= 0; i--) {
            acc = Goldilocks.add(Goldilocks.mul(acc, x), coeffs[i]);
        }
        return acc;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8})
    void forwardEvaluatesOnTheSubgroup(int logN) {
        int n = 1 << logN;
        long[] coeffs = random(n, logN);
        long[] evals = coeffs.clone();
        Ntt.forward(evals);
        long w = Goldilocks.rootOfUnity(logN);
        long x = 1;
        for (int j = 0; j < n; j++) {
            assertEquals(horner(coeffs, x), evals[j], "evaluation at w^" + j);
            x = Goldilocks.mul(x, w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 10, 15, 16})
    void inverseUndoesForward(int logN) {
        long[] a = random(1 << logN, 100 + logN);
        long[] b = a.clone();
        Ntt.forward(b);
        Ntt.inverse(b);
        assertArrayEquals(a, b);
    }

    @Test
    void largeTransformsAcceptNonCanonicalInputs() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        int logN = 16; // above the cache-sized block, where the first stage canonicalises
        long[] raw = new long[1 << logN];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = i % 7 == 0 ? Goldilocks.P + (r.nextLong() >>> 33) : r.nextLong(); // many values >= p
        }
        long[] canonical = raw.clone();
        for (int i = 0; i < canonical.length; i++) {
            canonical[i] = Goldilocks.canonical(canonical[i]);
        }
        long[] a = raw.clone();
        Ntt.forwardBitReversed(a, 0, logN);
        long[] b = canonical.clone();
        Ntt.forwardBitReversed(b);
        assertArrayEquals(b, a);
    }

    @Test
    void smallRootsAreShifts() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        long[] edge = {0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, 1L << 63, (1L << 32) - 1, 1L << 32};
        for (int i = 0; i < 10_000 + edge.length; i++) {
            long x = i < edge.length ? edge[i] : Goldilocks.canonical(r.nextLong());
            assertEquals(Goldilocks.mul(x, Goldilocks.rootOfUnity(2)), Ntt.timesOmega4(x), "x = " + Long.toUnsignedString(x));
            assertEquals(Goldilocks.mul(x, Goldilocks.rootOfUnity(3)), Ntt.timesOmega8(x), "x = " + Long.toUnsignedString(x));
        }
    }

    @Test
    void bitReversedVariantsAgree() {
        int logN = 15; // above the parallel threshold
        long[] a = random(1 << logN, 7);
        long[] natural = a.clone();
        Ntt.forward(natural);
        long[] br = a.clone();
        Ntt.forwardBitReversed(br);
        for (int i = 0; i < br.length; i++) {
            assertEquals(natural[BitReverse.reverse(i, logN)], br[i]);
        }
        Ntt.inverseFromBitReversed(br);
        assertArrayEquals(a, br);
        long[] offset = new long[(1 << logN) + 3];
        System.arraycopy(a, 0, offset, 3, a.length);
        Ntt.forwardBitReversed(offset, 3, logN);
        long[] seq = a.clone();
        Ntt.forwardBitReversed(seq);
        for (int i = 0; i < seq.length; i++) {
            assertEquals(seq[i], offset[3 + i]);
        }
    }

    @Test
    void cosetLdeEvaluatesOnTheShiftedDomain() {
        int logN = 4, logBlowup = 2;
        long[] coeffs = random(1 << logN, 3);
        long[] evals = coeffs.clone();
        Ntt.forward(evals);
        long shift = Goldilocks.GENERATOR;
        long[] lde = Ntt.cosetLde(evals, logBlowup, shift);
        long w = Goldilocks.rootOfUnity(logN + logBlowup);
        long x = shift;
        for (long v : lde) {
            assertEquals(horner(coeffs, x), v);
            x = Goldilocks.mul(x, w);
        }
    }

    @Test
    void rowsAreTransformedIndependently() {
        long[][] rows = new long[9][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random(1 << 6, 40 + i);
        }
        long[][] expect = new long[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            expect[i] = rows[i].clone();
            Ntt.forwardBitReversed(expect[i]);
        }
        Ntt.forwardBitReversedRows(rows);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(expect[i], rows[i]);
        }
    }

    @Test
    void rejectsNonPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[6]));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 9, 15, 17})
    void aPrunedTransformGivesTheEntriesOfTheFullOne(int logN) {
        SplittableRandom rnd = new SplittableRandom(logN);
        int n = 1 << logN;
        for (int length : new int[] {1, n / 4 - 1, n / 4, n / 4 + 1, n / 4 + 37, n / 2, n / 2 + 1, n}) { // zero-padded as a codeword's message is; some non-canonical
            long[] message = new long[Math.min(length, n)];
            for (int i = 0; i < message.length; i++) {
                message[i] = i % 7 == 0 ? -1L - rnd.nextInt(1000) : rnd.nextLong();
            }
            checkPruned(message, logN, rnd);
        }
    }

    private static void checkPruned(long[] message, int logN, SplittableRandom rnd) {
        int n = 1 << logN;
        long[] full = java.util.Arrays.copyOf(message, n);
        Ntt.forwardBitReversed(full, 0, logN);
        assertArrayEquals(full, Ntt.forwardBitReversedPadded(message, logN), "the padded transform of " + message.length + " values");
        for (int count : new int[] {0, 1, 2, 5, 150, n / 16, n}) {
            int[] positions = rnd.ints(0, n).distinct().limit(Math.min(count, n)).sorted().toArray();
            if (count == n) {
                positions = java.util.stream.IntStream.range(0, n).toArray();
            }
            long[] pruned = Ntt.forwardBitReversedAt(message, logN, positions);
            for (int i = 0; i < positions.length; i++) {
                assertEquals(full[positions[i]], pruned[i], "position " + positions[i] + " of 2^" + logN + " with " + count + " wanted");
            }
        }
        long[] edges = Ntt.forwardBitReversedAt(message, logN, new int[] {0, n - 1});
        assertEquals(full[0], edges[0]);
        assertEquals(full[n - 1], edges[1]);
    }

    @Test
    void aPrunedTransformRefusesUnsortedOrRepeatedPositions() {
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedAt(new long[16], 4, new int[] {3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedAt(new long[16], 4, new int[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedAt(new long[16], 4, new int[] {16}));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedAt(new long[17], 4, new int[] {1}));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 10, 16, 20})
    void aSparseTransformEqualsTheFullOne(int logN) {
        SplittableRandom rnd = new SplittableRandom(100 + logN);
        int n = 1 << logN;
        for (int count : new int[] {0, 1, 2, 7, 244, n / 16, n / 2}) {
            int[] nonZero = rnd.ints(0, n).distinct().limit(Math.min(count, n)).sorted().toArray();
            long[] a = new long[n];
            for (int p : nonZero) {
                a[p] = p % 5 == 0 ? -1L - rnd.nextInt(1000) : rnd.nextLong(); // some non-canonical
            }
            long[] full = a.clone();
            Ntt.forwardBitReversed(full);
            Ntt.forwardBitReversedSparse(a, nonZero);
            assertArrayEquals(full, a, nonZero.length + " non-zero entries of 2^" + logN);
        }
    }

    @Test
    void aSparseTransformRefusesUnsortedOrRepeatedPositions() {
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedSparse(new long[16], new int[] {3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedSparse(new long[16], new int[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> Ntt.forwardBitReversedSparse(new long[16], new int[] {16}));
    }
}
