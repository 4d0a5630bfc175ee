package io.zkml4j.core.util;

import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Splits index ranges over the common fork-join pool, for loops that sum partial results. */
public final class Parallel {
    /** Below this many iterations a loop stays on the calling thread. */
    public static final int MIN_PARALLEL = 1 << 13;

    private Parallel() {}

    /** Number of chunks worth using for n iterations. */
    public static int chunks(int n) {
        if (n < MIN_PARALLEL) {
            return 1;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(4 * threads, n / (MIN_PARALLEL / 4)));
    }

    /**
     * Runs {@code chunk(c)} for each chunk c of [0, n) and adds the returned accumulators
     * element-wise with Goldilocks addition. Chunk c covers [c·n/k, (c+1)·n/k).
     */
    public static long[] sumChunks(int n, int accLength, IntFunction<long[]> chunk) {
        int k = chunks(n);
        if (k == 1) {
            return chunk.apply(0);
        }
        return IntStream.range(0, k).parallel().mapToObj(chunk).reduce(new long[accLength], (a, b) -> {
            long[] s = new long[accLength];
            for (int i = 0; i < accLength; i++) {
                s[i] = io.zkml4j.core.field.Goldilocks.addCanonical(a[i], b[i]);
            }
            return s;
        });
    }

    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
