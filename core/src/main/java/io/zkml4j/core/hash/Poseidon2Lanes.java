package io.zkml4j.core.hash;

/**
 * Whether Poseidon2 permutations run several at once in the machine's vector lanes
 * ({@link Poseidon2Vector}), and how many. That needs Java's vector API, an incubating module
 * that the JVM resolves only when asked ({@code --add-modules jdk.incubator.vector}: the
 * {@code zkml} launcher and the tests ask), and vectors of at least four 64-bit lanes (AVX2 and
 * up). Without it, or with {@code -Dzkml.poseidon2.vector=false}, everything stays scalar; the
 * digests are the same either way.
 *
 * <p>Measured on the 2-core AMD EPYC of the README (AVX-512): 0.97 µs per permutation on one
 * core against 2.5 µs scalar, and 0.52 against 1.9 µs per permutation with both cores busy
 * (their scalar units are shared). The vector code takes a few seconds of JIT compiling before it
 * runs at that speed (interpreted, a vector permutation is about 25 times slower than a scalar
 * one), so it pays only for bulk work: {@link #worthIt}.
 */
public final class Poseidon2Lanes {
    /** Permutations in one job from which the vector code's warm-up pays for itself. */
    public static final long BULK_PERMUTATIONS = 1L << 18;

    private static final int LANES = detectLanes();

    private Poseidon2Lanes() {}

    private static int detectLanes() {
        if (!Boolean.parseBoolean(System.getProperty("zkml.poseidon2.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 1;
        }
        int lanes = Poseidon2Vector.LANES;
        return lanes >= 4 ? lanes : 1;
    }

    /** States permuted together: the vector lanes, or 1 when permutations run one at a time. */
    public static int lanes() {
        return LANES;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /** Vector permutations that get the lane code compiled by C2 (measured: about 20,000 calls of each loop). */
    private static final int WARM_UP_PERMUTATIONS = 6_000;

    /**
     * Starts compiling the vector code in the background, once per JVM, for a caller that will
     * hash in bulk after other work (a commitment encodes its rows first, partly on one core):
     * the JIT's warm-up then overlaps that work instead of following it.
     */
    public static void warmUpInBackground() {
        if (LANES == 1 || !WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread warmUp = new Thread(() -> {
            LanePermutation permutation = permutation();
            long[] states = new long[Poseidon2.WIDTH * LANES];
            for (int i = 0; i < WARM_UP_PERMUTATIONS; i++) {
                permutation.permute(states);
            }
        }, "poseidon2-lanes-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    /** True when a job of {@code permutations} should use the vector lanes. */
    public static boolean worthIt(long permutations) {
        return LANES > 1 && permutations >= BULK_PERMUTATIONS;
    }

    /**
     * A permutation of {@link #lanes()} states laid out lane-major ({@code states[lane·lanes() + j]}
     * is lane {@code lane} of state j), as {@link Poseidon2#permute} would permute each. One
     * serves one thread: it holds the vector code's scratch space, reused over millions of calls.
     */
    interface LanePermutation {
        void permute(long[] states);
    }

    static LanePermutation permutation() {
        if (LANES > 1) {
            return new Poseidon2Vector.Scratch()::permute;
        }
        return Poseidon2::permute;
    }
}
