package io.zkml4j.core.ntt;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.util.LaneWarmUp;
import io.zkml4j.core.util.VectorLanes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;


/**
 * Number-theoretic transforms over power-of-two subgroups of Goldilocks.
 *
 * <p>Conventions: for a vector a of length n = 2^k, the forward transform evaluates the
 * polynomial Σ a_i X^i at ω^j for j = 0..n-1, where ω = {@link Goldilocks#rootOfUnity}(k).
 * {@link #forward} and {@link #inverse} use natural order on both sides. The {@code *BitReversed}
 * variants skip the permutation (output index j holds the evaluation at ω^{bitrev(j)}); Reed–Solomon
 * encoding uses them since prover and verifier only need to agree on one order.
 */
public final class Ntt {
    /** Below this size a transform is never split across threads. */
    private static final int PARALLEL_THRESHOLD = 1 << 14;
    /** Transforms of 2^CACHE_LOG longs (128 KiB) stay in a core's L2 cache. */
    private static final int CACHE_LOG = 14;

    /**
     * Transforms of at least 2^LANES_MIN_LOG values run their butterflies in the vector lanes where
     * those are on ({@link NttVector}). Smaller ones, from 2^LANES_WARM_MIN_LOG, join them once the
     * vector code is compiled: a job that has transformed {@link #WARM_AFTER} values in scalar code
     * compiles it on a background thread ({@link #warmUpInBackground}), so that a short job does not
     * pay the JIT warm-up of the vector code (interpreted, it is a hundred times slower than scalar).
     */
    static final int LANES_MIN_LOG = 16;
    static final int LANES_WARM_MIN_LOG = 10;
    private static final long WARM_AFTER = 1L << 24; // about half a second of scalar transforms on one core
    /** Warm-up transforms of 2^LANES_WARM_MIN_LOG values: the stage loop then runs 2^20 times, enough for C2. */
    private static final int WARM_UP_TRANSFORMS = 2_000;
    private static final boolean LANES_ON = VectorLanes.longLanes() > 1;
    private static final LaneWarmUp WARM_UP = new LaneWarmUp("ntt-lanes-warm-up", WARM_AFTER, () -> {
        long[] a = new long[1 << LANES_WARM_MIN_LOG];
        long[] roots = roots(LANES_WARM_MIN_LOG, false);
        for (int round = 0; round < WARM_UP_TRANSFORMS; round++) {
            a[round & (a.length - 1)] = round;
            difSequential(a, 0, LANES_WARM_MIN_LOG, roots, true);
        }
        return true;
    });

    private static final long OMEGA_4 = 1L << 48;
    private static final long OMEGA_8 = Goldilocks.rootOfUnity(3);
    private static final ConcurrentHashMap<Integer, long[]> FORWARD_ROOTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, long[]> INVERSE_ROOTS = new ConcurrentHashMap<>();

    private Ntt() {}

    /**
     * Twiddles in "heap" layout: roots[h + j] = ω_{2h}^j for every power of two h < n and j < h,
     * so each butterfly stage reads a contiguous slice. Tables are shared by all smaller sizes.
     */
    static long[] roots(int logN, boolean inverse) {
        var cache = inverse ? INVERSE_ROOTS : FORWARD_ROOTS;
        long[] t = cache.get(logN);
        if (t != null) {
            return t;
        }
        int n = 1 << logN;
        long[] r = new long[Math.max(n, 2)];
        for (int logH = 0; (1 << logH) < n; logH++) {
            int h = 1 << logH;
            long w = Goldilocks.rootOfUnity(logH + 1);
            if (inverse) {
                w = Goldilocks.inverse(w);
            }
            long x = 1;
            for (int j = 0; j < h; j++) {
                r[h + j] = x;
                x = mul(x, w);
            }
        }
        cache.putIfAbsent(logN, r);
        return cache.get(logN);
    }

    /** Natural-order coefficients to natural-order evaluations, in place. */
    public static void forward(long[] a) {
        forwardBitReversed(a);
        BitReverse.permute(a);
    }

    /** Natural-order evaluations to natural-order coefficients, in place. */
    public static void inverse(long[] a) {
        int logN = log2Exact(a.length);
        canonicalize(a, 0, a.length);
        difInPlace(a, 0, logN, roots(logN, true), a.length >= PARALLEL_THRESHOLD, lanes(logN));
        BitReverse.permute(a);
        scale(a, Goldilocks.inverse(a.length));
    }

    /** Natural-order coefficients to bit-reversed evaluations, in place. */
    public static void forwardBitReversed(long[] a) {
        int logN = log2Exact(a.length);
        canonicalize(a, 0, a.length);
        difInPlace(a, 0, logN, roots(logN, false), a.length >= PARALLEL_THRESHOLD, lanes(logN));
    }

    /** Like {@link #forwardBitReversed} on a[offset, offset + 2^logN), single-threaded. */
    public static void forwardBitReversed(long[] a, int offset, int logN) {
        long[] roots = roots(logN, false);
        boolean lanes = lanes(logN);
        if (logN > CACHE_LOG) { // canonicalise within the first stage: one pass over memory fewer
            int h = 1 << (logN - 1);
            canonicalButterflies(a, offset, h, roots);
            difSequential(a, offset, logN - 1, roots, lanes);
            difSequential(a, offset + h, logN - 1, roots, lanes);
        } else {
            canonicalize(a, offset, 1 << logN);
            difSequential(a, offset, logN, roots, lanes);
        }
    }

    /**
     * Entries {@code positions} (sorted, distinct) of the bit-reversed transform ({@link
     * #forwardBitReversed(long[], int, int)}) of {@code message} zero-padded to 2^logN, computing only
     * the butterflies they depend on. After two DIF stages the four quarters are independent
     * transforms whose outputs are the four quarters of the output, so a quarter holding no wanted
     * position is skipped; and while the message fills at most half of the block, the first two
     * stages mostly spread it ({@link #firstRadix4}). For t positions this costs about log2(t)
     * stages over the whole block instead of logN: a Ligero opening reads ~150 columns of codewords
     * of 2^17.
     */
    public static long[] forwardBitReversedAt(long[] message, int logN, int[] positions) {
        int n = 1 << logN;
        requireFits(message, n);
        requireSortedDistinct(positions, n);
        long[] a;
        if ((long) positions.length * LANES_DENSE >= n && lanesIfWarm(logN)) { // the whole transform in the lanes is faster
            a = forwardBitReversedPadded(message, logN);
        } else {
            a = java.util.Arrays.copyOf(message, n);
            canonicalize(a, 0, message.length);
            pruned(a, 0, logN, roots(logN, false), positions, 0, positions.length, message.length);
        }
        long[] out = new long[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[positions[i]];
        }
        return out;
    }

    /**
     * The bit-reversed transform of {@code message} zero-padded to 2^logN, single-threaded: a
     * Reed–Solomon codeword. While the message fills at most half, the first two stages mostly
     * spread it ({@link #firstRadix4}); then each quarter is transformed in the cache.
     */
    public static long[] forwardBitReversedPadded(long[] message, int logN) {
        int n = 1 << logN;
        requireFits(message, n);
        long[] a = java.util.Arrays.copyOf(message, n);
        if (logN <= 4 || message.length > n >>> 1) {
            forwardBitReversed(a, 0, logN);
            return a;
        }
        canonicalize(a, 0, message.length);
        long[] roots = roots(logN, false);
        int q = n >>> 2;
        boolean lanes = lanes(logN);
        firstRadix4(a, 0, q, roots, message.length, lanes);
        for (int k = 0; k < 4; k++) {
            difSequential(a, k * q, logN - 2, roots, lanes);
        }
        return a;
    }

    /**
     * {@link #forwardBitReversed(long[])} of a vector that is zero except at {@code nonZero} (sorted,
     * distinct), in place. A DIF butterfly of two zeros gives two zeros, so a stage touches only the
     * pairs holding a non-zero entry, and both halves after it are non-zero at most where either
     * half was: for t entries the stages cost about t·2^s butterflies each until the vector is dense,
     * half the work of the full transform for ~250 entries of 2^20 (a sealed opening's consistency
     * weights). Single-threaded.
     */
    public static void forwardBitReversedSparse(long[] a, int[] nonZero) {
        int logN = log2Exact(a.length);
        requireSortedDistinct(nonZero, a.length);
        for (int p : nonZero) {
            a[p] = Goldilocks.canonical(a[p]);
        }
        sparse(a, 0, logN, roots(logN, false), nonZero);
    }

    /** The block [offset, offset + 2^logN) is zero except at the relative positions nonZero. */
    private static void sparse(long[] a, int offset, int logN, long[] roots, int[] nonZero) {
        int n = 1 << logN;
        if (nonZero.length == 0) {
            return;
        }
        if (logN <= 4 || nonZero.length >= n >>> PRUNE_DENSITY) {
            difSequential(a, offset, logN, roots, false);
            return;
        }
        int h = n >>> 1;
        int[] touched = new int[nonZero.length]; // {p mod h}, sorted and distinct: a merge of the two halves
        int count = 0, lo = 0, hi = 0;
        while (hi < nonZero.length && nonZero[hi] < h) {
            hi++;
        }
        int split = hi;
        while (lo < split || hi < nonZero.length) {
            int next = hi == nonZero.length || (lo < split && nonZero[lo] <= nonZero[hi] - h) ? nonZero[lo] : nonZero[hi] - h;
            if (lo < split && nonZero[lo] == next) {
                lo++;
            }
            if (hi < nonZero.length && nonZero[hi] - h == next) {
                hi++;
            }
            touched[count++] = next;
        }
        touched = java.util.Arrays.copyOf(touched, count);
        for (int j : touched) {
            int i0 = offset + j, i1 = i0 + h;
            long u = a[i0], v = a[i1];
            a[i0] = addCanonical(u, v);
            a[i1] = mul(subCanonical(u, v), roots[h + j]);
        }
        sparse(a, offset, logN - 1, roots, touched);
        sparse(a, offset + h, logN - 1, roots, touched);
    }

    private static void requireFits(long[] message, int n) {
        if (message.length > n) {
            throw new IllegalArgumentException("a message of " + message.length + " values does not fit a transform of " + n);
        }
    }

    private static void requireSortedDistinct(int[] positions, int n) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= n || (i > 0 && positions[i] <= positions[i - 1])) {
                throw new IllegalArgumentException("positions must be sorted, distinct and below " + n);
            }
        }
    }

    /** A block holding at least 2^−PRUNE_DENSITY of its positions is transformed whole (its cache-blocked path). */
    private static final int PRUNE_DENSITY = 4;
    /**
     * From one wanted position in 2^6 on, the whole transform in the lanes beats the pruned one
     * (measured: 244 positions of 2^13, 67 against 120 µs; of 2^17, 1.3 against 0.98 ms).
     */
    private static final int LANES_DENSE = 1 << 6;

    /** positions[lo, hi) are the wanted ones in [offset, offset + 2^logN); entries from offset + nonZero on are zero. */
    private static void pruned(long[] a, int offset, int logN, long[] roots, int[] positions, int lo, int hi, int nonZero) {
        int n = 1 << logN;
        if (logN <= 4 || hi - lo >= n >>> PRUNE_DENSITY) {
            difSequential(a, offset, logN, roots, lanesIfWarm(logN));
            return;
        }
        int q = n >>> 2;
        firstRadix4(a, offset, q, roots, nonZero, lanesIfWarm(logN));
        for (int k = 0, from = lo; k < 4; k++) {
            int end = offset + (k + 1) * q, to = from;
            while (to < hi && positions[to] < end) {
                to++;
            }
            if (to > from) {
                pruned(a, offset + k * q, logN - 2, roots, positions, from, to, q);
            }
            from = to;
        }
    }

    /**
     * The first two DIF stages of a block whose entries from {@code nonZero} on are zero: where only
     * x0 of a radix-4 group can be non-zero they spread it (x0, x0·w², x0·w, x0·w³: three products,
     * one load); the rest, and a block over half full, take {@link #radix4}.
     */
    private static void firstRadix4(long[] a, int start, int q, long[] roots, int nonZero, boolean lanes) {
        if (nonZero > 2 * q) {
            radix4(a, start, q, roots, 0, q, lanes);
            return;
        }
        int dense = Math.max(0, Math.min(q, nonZero - q)); // groups whose x1 may be non-zero (x2 = x3 = 0 in all)
        radix4(a, start, q, roots, 0, dense, lanes);
        spread4(a, start, q, roots, dense);
    }

    /**
     * {@link #radix4} for j in [from, to); in the lanes as its two radix-2 stages (span 2q, then q on
     * both halves) for the j that fill whole vectors, scalar for the rest.
     */
    private static void radix4(long[] a, int start, int q, long[] roots, int from, int to, boolean lanes) {
        int lanesTo = lanes && q >= NttVector.LANES && from % NttVector.LANES == 0 ? to - to % NttVector.LANES : from;
        if (lanesTo > from) {
            NttVector.butterflies(a, start, 2 * q, roots, from, lanesTo);
            NttVector.butterflies(a, start, 2 * q, roots, q + from, q + lanesTo);
            NttVector.butterflies(a, start, q, roots, from, lanesTo);
            NttVector.butterflies(a, start + 2 * q, q, roots, from, lanesTo);
        }
        radix4(a, start, q, roots, lanesTo, to);
    }

    /** {@link #radix4} for j in [from, q) when x1 = x2 = x3 = 0 there. */
    private static void spread4(long[] a, int start, int q, long[] roots, int from) {
        int twoQ = 2 * q;
        for (int j = from; j < q; j++) {
            long x0 = a[start + j];
            int k = 3 * j;
            a[start + q + j] = mul(x0, roots[q + j]);
            a[start + twoQ + j] = mul(x0, roots[twoQ + j]);
            a[start + 3 * q + j] = k < twoQ ? mul(x0, roots[twoQ + k]) : mul(subCanonical(0, x0), roots[k]);
        }
    }

    /** Bit-reversed evaluations back to natural-order coefficients, in place. */
    public static void inverseFromBitReversed(long[] a) {
        int logN = log2Exact(a.length);
        BitReverse.permute(a);
        inverse(a);
    }

    /**
     * Coset low-degree extension: given the evaluations of a polynomial of degree < n on the
     * subgroup of order n (natural order), returns its evaluations on shift·H' where H' is the
     * subgroup of order n·2^logBlowup (natural order).
     */
    public static long[] cosetLde(long[] evaluations, int logBlowup, long shift) {
        long[] coeffs = evaluations.clone();
        inverse(coeffs);
        long[] out = new long[coeffs.length << logBlowup];
        long s = 1;
        for (int i = 0; i < coeffs.length; i++) {
            out[i] = Goldilocks.mul(coeffs[i], s);
            s = Goldilocks.mul(s, shift);
        }
        forward(out);
        return out;
    }

    /** Applies {@link #forwardBitReversed(long[])} to every row, rows spread over all cores. */
    public static void forwardBitReversedRows(long[][] rows) {
        IntStream.range(0, rows.length).parallel().forEach(i -> {
            long[] row = rows[i];
            canonicalize(row, 0, row.length);
            int logN = log2Exact(row.length);
            difInPlace(row, 0, logN, roots(logN, false), false, lanes(logN));
        });
    }

    /** The butterflies assume canonical inputs; user data may hold any 64-bit pattern. */
    private static void canonicalize(long[] a, int from, int count) {
        for (int i = from; i < from + count; i++) {
            a[i] = Goldilocks.canonical(a[i]);
        }
    }

    static void scale(long[] a, long factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Goldilocks.mul(a[i], factor);
        }
    }

    /**
     * Decimation-in-frequency, natural in, bit-reversed out. After the first stage the two halves
     * are independent transforms of half the size, which is what the parallel path exploits.
     */
    private static void difInPlace(long[] a, int offset, int logN, long[] roots, boolean parallel, boolean lanes) {
        if (parallel && logN > 1) {
            ForkJoinPool.commonPool().invoke(new DifTask(a, offset, logN, roots, lanes));
            return;
        }
        difSequential(a, offset, logN, roots, lanes);
    }

    /** Whether a transform of 2^logN values runs in the vector lanes. */
    private static boolean lanes(int logN) {
        if (!LANES_ON || logN < LANES_WARM_MIN_LOG) {
            return false;
        }
        if (logN >= LANES_MIN_LOG || WARM_UP.warm()) {
            return true;
        }
        WARM_UP.countScalar(1L << logN);
        return false;
    }

    /**
     * The lanes only once their code is compiled, whatever the size: for the pruned transforms of
     * openings, which verifiers run too — a short verification in a fresh JVM should neither run the
     * vector code interpreted nor start its warm-up (measured: a CNN accuracy proof verified in 0.92
     * instead of 0.60 s when its pruned transforms of 2^16 and more took the cold lanes).
     */
    private static boolean lanesIfWarm(int logN) {
        return LANES_ON && WARM_UP.warm() && logN >= LANES_WARM_MIN_LOG;
    }

    /** Compiles the lane code in the background (2,000 transforms of 2^LANES_WARM_MIN_LOG values), then lanes for small transforms. */
    static void warmUpInBackground() {
        WARM_UP.start();
    }

    /** Whether small transforms have joined the lanes (for tests). */
    static boolean lanesWarm() {
        return WARM_UP.warm();
    }

    /**
     * Depth-first above the cache-sized threshold: one stage, then each half to completion, so
     * every sub-transform of at most 2^CACHE_LOG elements runs inside the L2 cache.
     */
    private static void difSequential(long[] a, int offset, int logN, long[] roots, boolean lanes) {
        int n = 1 << logN;
        if (logN > CACHE_LOG) {
            int h = n >>> 1;
            butterflies(a, offset, h, roots, lanes);
            difSequential(a, offset, logN - 1, roots, lanes);
            difSequential(a, offset + h, logN - 1, roots, lanes);
            return;
        }
        if (lanes && logN > 3) { // radix-2 stages in the lanes down to spans of 8, then the scalar radix-8 tail
            for (int h = n >>> 1; h >= 8; h >>>= 1) {
                for (int start = offset; start < offset + n; start += 2 * h) {
                    butterflies(a, start, h, roots, true);
                }
            }
            for (int start = offset; start < offset + n; start += 8) {
                radix8Tail(a, start, roots);
            }
            return;
        }
        int tail = Math.min(logN, 3);
        int h = n >>> 1;
        if (((logN - tail) & 1) == 1) { // an odd number of stages above the tail: one radix-2 stage first
            for (int start = offset; start < offset + n; start += 2 * h) {
                butterflies(a, start, h, roots, false);
            }
            h >>>= 1;
        }
        for (; h >= 2 << tail; h >>>= 2) { // stages h and h/2 together
            int q = h >>> 1;
            for (int start = offset; start < offset + n; start += 4 * q) {
                radix4(a, start, q, roots);
            }
        }
        if (tail == 3) {
            for (int start = offset; start < offset + n; start += 8) {
                radix8Tail(a, start, roots);
            }
        } else {
            for (int span = (1 << tail) >>> 1; span >= 1; span >>>= 1) {
                for (int start = offset; start < offset + n; start += 2 * span) {
                    butterflies(a, start, span, roots, false);
                }
            }
        }
    }

    /**
     * The last three DIF stages on eight consecutive values, in registers. Their twiddles are the
     * 8th roots of unity (1, ω₈, ω₄, ω₈³ for the first, 1, ω₄ for the second, 1 for the last), so
     * 5 multiplications replace 12 (four of them shifts in forward transforms), and the tiny loops
     * of those stages disappear.
     */
    private static void radix8Tail(long[] a, int s, long[] roots) {
        long x0 = a[s], x1 = a[s + 1], x2 = a[s + 2], x3 = a[s + 3];
        long x4 = a[s + 4], x5 = a[s + 5], x6 = a[s + 6], x7 = a[s + 7];
        // h = 4
        long y0 = addCanonical(x0, x4), y4 = subCanonical(x0, x4);
        long y1 = addCanonical(x1, x5), y5 = timesW8(subCanonical(x1, x5), roots);
        long y2 = addCanonical(x2, x6), y6 = timesW4(subCanonical(x2, x6), roots);
        long y3 = addCanonical(x3, x7), y7 = mul(subCanonical(x3, x7), roots[7]);
        // h = 2
        long z0 = addCanonical(y0, y2), z2 = subCanonical(y0, y2);
        long z1 = addCanonical(y1, y3), z3 = timesW4(subCanonical(y1, y3), roots);
        long z4 = addCanonical(y4, y6), z6 = subCanonical(y4, y6);
        long z5 = addCanonical(y5, y7), z7 = timesW4(subCanonical(y5, y7), roots);
        // h = 1
        a[s] = addCanonical(z0, z1);
        a[s + 1] = subCanonical(z0, z1);
        a[s + 2] = addCanonical(z2, z3);
        a[s + 3] = subCanonical(z2, z3);
        a[s + 4] = addCanonical(z4, z5);
        a[s + 5] = subCanonical(z4, z5);
        a[s + 6] = addCanonical(z6, z7);
        a[s + 7] = subCanonical(z6, z7);
    }

    /**
     * Two DIF stages (spans 2q and q) on the block [start, start + 4q), one load and store per value.
     * With w = ω_{4q}^j and t0 = x0 + x2, t1 = x0 − x2, t2 = x1 + x3, t3 = (x1 − x3)·ω₄, the outputs are
     * t0 + t2, (t0 − t2)·w², (t1 + t3)·w, (t1 − t3)·w³, exactly what two radix-2 stages produce.
     */
    private static void radix4(long[] a, int start, int q, long[] roots) {
        radix4(a, start, q, roots, 0, q);
    }

    /** {@link #radix4} for j in [from, to) only. */
    private static void radix4(long[] a, int start, int q, long[] roots, int from, int to) {
        int twoQ = 2 * q;
        for (int j = from; j < to; j++) {
            int i0 = start + j, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
            long x0 = a[i0], x1 = a[i1], x2 = a[i2], x3 = a[i3];
            long t0 = addCanonical(x0, x2), t1 = subCanonical(x0, x2);
            long t2 = addCanonical(x1, x3), t3 = timesW4(subCanonical(x1, x3), roots);
            long w1 = roots[twoQ + j];
            long w2 = roots[q + j];
            int k = 3 * j; // ω_{4q}^{3j} = −ω_{4q}^{3j − 2q} once 3j ≥ 2q
            a[i0] = addCanonical(t0, t2);
            a[i1] = mul(subCanonical(t0, t2), w2);
            a[i2] = mul(addCanonical(t1, t3), w1);
            a[i3] = k < twoQ ? mul(subCanonical(t1, t3), roots[twoQ + k]) : mul(subCanonical(t3, t1), roots[k]);
        }
    }

    /**
     * x·ω₄ with ω₄ = {@link Goldilocks#rootOfUnity}(2) = 2^48: a shift and a reduction instead of a
     * 64×64-bit product.
     */
    static long timesOmega4(long x) {
        return Goldilocks.reduce128(x >>> 16, x << 48);
    }

    /** x·ω₈ with ω₈ = {@link Goldilocks#rootOfUnity}(3) = 2^120 = −2^24 (as 2^96 = −1). */
    static long timesOmega8(long x) {
        return subCanonical(0, Goldilocks.reduce128(x >>> 40, x << 24));
    }

    /** x times this table's 4th root: a shift for the forward table (whose ω₄ is 2^48), a product for the inverse one. */
    private static long timesW4(long x, long[] roots) {
        return roots[3] == OMEGA_4 ? timesOmega4(x) : mul(x, roots[3]);
    }

    /** x times this table's 8th root (roots[5]): a shift for the forward table, a product for the inverse one. */
    private static long timesW8(long x, long[] roots) {
        return roots[5] == OMEGA_8 ? timesOmega8(x) : mul(x, roots[5]);
    }

    /** {@link #butterflies} on inputs that may be any 64-bit patterns. */
    private static void canonicalButterflies(long[] a, int start, int h, long[] roots) {
        for (int j = 0; j < h; j++) {
            int i0 = start + j;
            int i1 = i0 + h;
            long u = Goldilocks.canonical(a[i0]);
            long v = Goldilocks.canonical(a[i1]);
            a[i0] = addCanonical(u, v);
            a[i1] = mul(subCanonical(u, v), roots[h + j]);
        }
    }

    /** One radix-2 DIF stage of span h on [start, start + 2h); in the lanes when asked and h fills them. */
    private static void butterflies(long[] a, int start, int h, long[] roots, boolean lanes) {
        butterflies(a, start, h, roots, 0, h, lanes);
    }

    /** {@link #butterflies} for j in [from, to). */
    private static void butterflies(long[] a, int start, int h, long[] roots, int from, int to, boolean lanes) {
        if (lanes && h >= NttVector.LANES && from % NttVector.LANES == 0 && to % NttVector.LANES == 0) {
            NttVector.butterflies(a, start, h, roots, from, to);
            return;
        }
        for (int j = from; j < to; j++) {
            int i0 = start + j;
            int i1 = i0 + h;
            long u = a[i0];
            long v = a[i1];
            a[i0] = addCanonical(u, v);
            a[i1] = mul(subCanonical(u, v), roots[h + j]);
        }
    }

    private static final class DifTask extends RecursiveAction {
        private final long[] a;
        private final int offset;
        private final int logN;
        private final long[] roots;
        private final boolean lanes;

        DifTask(long[] a, int offset, int logN, long[] roots, boolean lanes) {
            this.a = a;
            this.offset = offset;
            this.logN = logN;
            this.roots = roots;
            this.lanes = lanes;
        }

        @Override
        protected void compute() {
            int n = 1 << logN;
            if (n < PARALLEL_THRESHOLD) {
                difSequential(a, offset, logN, roots, lanes);
                return;
            }
            int h = n >>> 1;
            // First stage split in two halves of the j range, then the two sub-transforms.
            int mid = h >>> 1;
            invokeAll(new StageSlice(a, offset, h, 0, mid, roots, lanes), new StageSlice(a, offset, h, mid, h, roots, lanes));
            invokeAll(new DifTask(a, offset, logN - 1, roots, lanes), new DifTask(a, offset + h, logN - 1, roots, lanes));
        }
    }

    private static final class StageSlice extends RecursiveAction {
        private final long[] a;
        private final int start;
        private final int h;
        private final int from;
        private final int to;
        private final long[] roots;
        private final boolean lanes;

        StageSlice(long[] a, int start, int h, int from, int to, long[] roots, boolean lanes) {
            this.a = a;
            this.start = start;
            this.h = h;
            this.from = from;
            this.to = to;
            this.roots = roots;
            this.lanes = lanes;
        }

        @Override
        protected void compute() {
            butterflies(a, start, h, roots, from, to, lanes);
        }
    }

    public static int log2Exact(int n) {
        if (n <= 0 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("length must be a power of two, got " + n);
        }
        return Integer.numberOfTrailingZeros(n);
    }
}
