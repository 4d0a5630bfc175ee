package io.zkml4j.core.hash;

import io.zkml4j.core.util.LaneWarmUp;
import io.zkml4j.core.util.VectorLanes;

/**
 * Whether Poseidon2 permutations run several at once in the machine's vector lanes
 * ({@link Poseidon2Vector}), and how many: when {@link VectorLanes} says the lanes are on (Java's
 * vector API resolved, vectors of at least four 64-bit lanes). Otherwise everything stays
 * scalar; the digests are the same either way.
 *
 * <p>Measured on the 2-core AMD EPYC of the README (AVX-512, 8 lanes): 0.67 µs per permutation on
 * one core against 2.6 µs scalar (JMH), and about 0.3 against 1.9 µs per permutation with both
 * cores busy (their scalar units are shared). The vector code runs that fast only once C2 has
 * compiled it (interpreted, a vector permutation is many times slower than a scalar one; the
 * warm-up costs about half a second), so it pays only for bulk work, or once a process has hashed
 * enough to have compiled it: {@link #worthIt}.
 */
public final class Poseidon2Lanes {
    /** Permutations in one job from which the vector code's warm-up pays for itself. */
    public static final long BULK_PERMUTATIONS = 1L << 18;

    /** Permutations in one job from which the lanes are used once their code is compiled. */
    public static final long WARM_PERMUTATIONS = 1L << 11;
    /** Scalar permutations of jobs that could have used the lanes, after which the warm-up starts (about a third of a second on one core). */
    private static final long WARM_AFTER = 1L << 17;

    private static final int LANES = VectorLanes.longLanes();

    private Poseidon2Lanes() {}

    /** States permuted together: the vector lanes, or 1 when permutations run one at a time. */
    public static int lanes() {
        return LANES;
    }

    /** Vector permutations the warm-up runs: each loop of the lane code is then called at least 50,000 times, enough for C2 to compile it. */
    private static final int WARM_UP_PERMUTATIONS = 6_000;

    private static final LaneWarmUp WARM_UP = new LaneWarmUp("poseidon2-lanes-warm-up", WARM_AFTER, () -> {
        LanePermutation permutation = permutation();
        long[] states = new long[Poseidon2.WIDTH * LANES];
        for (int i = 0; i < WARM_UP_PERMUTATIONS; i++) {
            permutation.permute(states);
        }
        return true;
    });

    /**
     * Starts compiling the vector code in the background, once per JVM, for a caller that will
     * hash in bulk after other work (a commitment encodes its rows first, partly on one core):
     * the JIT's warm-up then overlaps that work instead of following it.
     */
    public static void warmUpInBackground() {
        WARM_UP.start();
    }

    /**
     * True when a job of {@code permutations} should use the vector lanes: a bulk job always; a
     * smaller one of at least {@link #WARM_PERMUTATIONS} once the warm-up has compiled the lane code,
     * which a process starts after {@link #WARM_AFTER} permutations of such jobs in scalar code.
     */
    public static boolean worthIt(long permutations) {
        if (LANES == 1 || permutations < WARM_PERMUTATIONS) {
            return false;
        }
        if (permutations >= BULK_PERMUTATIONS || WARM_UP.warm()) {
            return true;
        }
        WARM_UP.countScalar(permutations);
        return false;
    }

    /** Whether the warm-up has run (for tests). */
    static boolean warm() {
        return WARM_UP.warm();
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
