package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

/**
 * {@link Poseidon2#permute} on {@link #LANES} states at once, one state per lane of the machine's
 * widest vectors, with Java's vector API (the incubating module {@code jdk.incubator.vector}).
 * Loaded only by {@link Poseidon2Lanes} when that module is present; {@link Scratch} permutes.
 *
 * <p>Layout: the states lie lane-major, {@code s[lane·LANES + j]} is lane {@code lane} of state
 * {@code j}. The arithmetic is {@link Poseidon2}'s lazy one (lanes congruent mod p in [0, 2^64)
 * between layers), with each 64×64-bit product built from four 32×32-bit ones, since the vector
 * API has no high half of a 64-bit product.
 *
 * <p>Why the code looks as it does: C2 expands every vector operation into many nodes before it
 * turns it into an instruction, and stops inlining in a large method (NodeCountInliningCutoff). A
 * vector that crosses a call that was not inlined is boxed as an object (a 2^19-column commitment
 * then allocated gigabytes a second and ran slower than scalar code). So no method here takes or
 * returns a vector: each is a loop over the twelve lanes whose body holds only the vector API's
 * own operations (which are always inlined), and state passes between them through arrays, which
 * costs a load and a store from the first-level cache.
 */
final class Poseidon2Vector {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final int W = Poseidon2.WIDTH;
    private static final long LOW = 0xFFFF_FFFFL;
    private static final long EPSILON = Goldilocks.EPSILON;

    /** Round constants broadcast to every lane of a vector: [round][lane · LANES + j]. */
    private static final long[][] ROUND_CONSTANTS = new long[Poseidon2.ROUNDS][W * LANES];
    /** The internal matrix's diagonal d_i, broadcast the same way. */
    private static final long[] DIAGONAL = new long[W * LANES];

    static {
        for (int i = 0; i < W; i++) {
            for (int j = 0; j < LANES; j++) {
                for (int r = 0; r < Poseidon2.ROUNDS; r++) {
                    ROUND_CONSTANTS[r][i * LANES + j] = Poseidon2.roundConstant(r, i);
                }
                DIAGONAL[i * LANES + j] = Poseidon2.internalDiagonal(i);
            }
        }
    }

    private Poseidon2Vector() {}

    /** The permutation with its scratch space, reused, since a bulk job runs millions of permutations; one per thread. */
    static final class Scratch {
        private final long[] t = new long[W * LANES], u = new long[W * LANES];
        private final long[] lo = new long[W * LANES], hi = new long[W * LANES];

        /** Permutes LANES states in place, lane-major (any 64-bit patterns in, canonical out). */
        void permute(long[] s) {
            if (s.length != W * LANES) {
                throw new IllegalArgumentException("a block of states holds " + W * LANES + " elements, got " + s.length);
            }
            externalLayer(s, lo, hi);
            for (int r = 0; r < Poseidon2.ROUNDS; r++) {
                int lanes = Poseidon2.isPartial(r) ? 1 : W;
                addLanes(s, ROUND_CONSTANTS[r], 1, s, lanes);
                // x^7 = ((x^2·x)^2)·x on the lanes that have S-boxes in this round
                mulLanes(s, s, t, lanes);
                mulLanes(t, s, u, lanes);
                mulLanes(u, u, t, lanes);
                mulLanes(t, s, s, lanes);
                if (lanes == 1) {
                    internalLayer(s, t, lo);
                } else {
                    externalLayer(s, lo, hi);
                }
            }
            for (int k = 0; k < s.length; k++) {
                s[k] = Goldilocks.canonical(s[k]);
            }
        }
    }

    /** y_i = d_i·x_i + Σ x: the products, then the canonical sum added to each. */
    private static void internalLayer(long[] s, long[] products, long[] sum) {
        laneSum(s, sum);
        mulLanes(s, DIAGONAL, products, W);
        addLanes(products, sum, 0, s, W);
    }

    /** circ(2·M4, M4, M4) on the low and the high 32-bit halves as plain integers, then each lane folded once. */
    private static void externalLayer(long[] s, long[] lo, long[] hi) {
        for (int i = 0; i < W; i++) {
            LongVector v = LongVector.fromArray(SPECIES, s, i * LANES);
            v.and(LOW).intoArray(lo, i * LANES);
            v.lanewise(LSHR, 32).intoArray(hi, i * LANES);
        }
        for (int b = 0; b < W; b += 4) {
            m4(lo, b);
            m4(hi, b);
        }
        for (int i = 0; i < 4; i++) {
            addBlockSums(lo, i);
            addBlockSums(hi, i);
        }
        foldLanes(hi, lo, s);
    }

    /** Lanes i, 4 + i and 8 + i each plus their sum: the circulant part of the external matrix. */
    private static void addBlockSums(long[] v, int i) {
        LongVector a = LongVector.fromArray(SPECIES, v, i * LANES);
        LongVector b = LongVector.fromArray(SPECIES, v, (4 + i) * LANES);
        LongVector c = LongVector.fromArray(SPECIES, v, (8 + i) * LANES);
        LongVector sum = a.add(b).add(c);
        a.add(sum).intoArray(v, i * LANES);
        b.add(sum).intoArray(v, (4 + i) * LANES);
        c.add(sum).intoArray(v, (8 + i) * LANES);
    }

    /** M4 (rows 5 7 1 3 / 4 6 1 1 / 1 3 5 7 / 1 1 4 6) on lanes b..b+3, small integers, no reduction. */
    private static void m4(long[] v, int b) {
        LongVector x0 = LongVector.fromArray(SPECIES, v, b * LANES);
        LongVector x1 = LongVector.fromArray(SPECIES, v, (b + 1) * LANES);
        LongVector x2 = LongVector.fromArray(SPECIES, v, (b + 2) * LANES);
        LongVector x3 = LongVector.fromArray(SPECIES, v, (b + 3) * LANES);
        LongVector t0 = x0.add(x1);
        LongVector t1 = x2.add(x3);
        LongVector t2 = x1.lanewise(LSHL, 1).add(t1);
        LongVector t3 = x3.lanewise(LSHL, 1).add(t0);
        LongVector t4 = t1.lanewise(LSHL, 2).add(t3);
        LongVector t5 = t0.lanewise(LSHL, 2).add(t2);
        t3.add(t5).intoArray(v, b * LANES);
        t5.intoArray(v, (b + 1) * LANES);
        t2.add(t4).intoArray(v, (b + 2) * LANES);
        t4.intoArray(v, (b + 3) * LANES);
    }

    /** out_i = hi_i·2^32 + lo_i reduced to [0, 2^64), for hi, lo &lt; 2^40 (as {@link Poseidon2}'s fold). */
    private static void foldLanes(long[] hi, long[] lo, long[] out) {
        for (int i = 0; i < W; i++) {
            LongVector h = LongVector.fromArray(SPECIES, hi, i * LANES);
            LongVector l = LongVector.fromArray(SPECIES, lo, i * LANES);
            LongVector u = h.and(LOW).lanewise(LSHL, 32);
            LongVector top = h.lanewise(LSHR, 32);
            LongVector v = top.lanewise(LSHL, 32).sub(top).add(l); // top·EPSILON + lo, below 2^41
            LongVector r = u.add(v);
            LongVector carry = u.and(v).or(u.or(v).and(r.not())).lanewise(ASHR, 63);
            r.add(carry.and(EPSILON)).intoArray(out, i * LANES); // a wrapped r is below 2^41: no second carry
        }
    }

    /** Σ_i x_i, canonical, into sum[0..LANES): the 32-bit halves added as plain integers, folded once, then made canonical. */
    private static void laneSum(long[] s, long[] sum) {
        LongVector lo = LongVector.zero(SPECIES), hi = LongVector.zero(SPECIES);
        for (int i = 0; i < W; i++) {
            LongVector v = LongVector.fromArray(SPECIES, s, i * LANES);
            lo = lo.add(v.and(LOW));
            hi = hi.add(v.lanewise(LSHR, 32));
        }
        LongVector u = hi.and(LOW).lanewise(LSHL, 32);
        LongVector top = hi.lanewise(LSHR, 32);
        LongVector v = top.lanewise(LSHL, 32).sub(top).add(lo);
        LongVector r = u.add(v);
        r = r.add(u.and(v).or(u.or(v).and(r.not())).lanewise(ASHR, 63).and(EPSILON));
        LongVector minusP = r.add(EPSILON); // r − p, which wraps exactly when r ≥ p
        r.add(r.and(minusP.not()).lanewise(ASHR, 63).and(EPSILON)).intoArray(sum, 0);
    }

    /**
     * out_i = a_i + b_{i·stride}, congruent mod p in [0, 2^64), for lanes i &lt; lanes; b canonical,
     * so a carry (worth 2^64 = 2^32 − 1) cannot repeat. Stride 0 adds one vector to every lane.
     */
    private static void addLanes(long[] a, long[] b, int stride, long[] out, int lanes) {
        for (int i = 0; i < lanes; i++) {
            LongVector x = LongVector.fromArray(SPECIES, a, i * LANES);
            LongVector y = LongVector.fromArray(SPECIES, b, i * stride * LANES);
            LongVector sum = x.add(y);
            LongVector carry = x.and(y).or(x.or(y).and(sum.not())).lanewise(ASHR, 63);
            sum.add(carry.and(EPSILON)).intoArray(out, i * LANES);
        }
    }

    /**
     * out_i = a_i·b_i congruent mod p in [0, 2^64), for lanes i &lt; lanes and any 64-bit patterns:
     * the 128-bit product from four 32-bit ones (the vector API has no high half of a 64-bit
     * product), then {@link Goldilocks#reduce128Lazy}'s steps. NttVector writes the same steps out
     * in its butterfly on purpose: a helper shared by both loops was not reliably inlined by C2, and
     * the vectors it took were then boxed on every call.
     */
    private static void mulLanes(long[] a, long[] b, long[] out, int lanes) {
        for (int i = 0; i < lanes; i++) {
            LongVector x = LongVector.fromArray(SPECIES, a, i * LANES);
            LongVector y = LongVector.fromArray(SPECIES, b, i * LANES);
            LongVector xl = x.and(LOW), xh = x.lanewise(LSHR, 32);
            LongVector yl = y.and(LOW), yh = y.lanewise(LSHR, 32);
            LongVector ll = xl.mul(yl), lh = xl.mul(yh), hl = xh.mul(yl), hh = xh.mul(yh);
            LongVector mid = ll.lanewise(LSHR, 32).add(lh.and(LOW)).add(hl.and(LOW)); // below 3·2^32
            LongVector lo = mid.lanewise(LSHL, 32).or(ll.and(LOW));
            LongVector hi = hh.add(lh.lanewise(LSHR, 32)).add(hl.lanewise(LSHR, 32)).add(mid.lanewise(LSHR, 32));
            // hi·2^64 + lo with 2^96 = −1 and 2^64 = 2^32 − 1 (mod p)
            LongVector hiHi = hi.lanewise(LSHR, 32);
            LongVector hiLo = hi.and(LOW);
            LongVector t0 = lo.sub(hiHi);
            t0 = t0.sub(lo.not().and(t0).lanewise(ASHR, 63).and(EPSILON)); // a borrow is worth −EPSILON
            LongVector t1 = hiLo.lanewise(LSHL, 32).sub(hiLo);
            LongVector r = t0.add(t1);
            LongVector carry = t0.and(t1).or(t0.or(t1).and(r.not())).lanewise(ASHR, 63);
            r.add(carry.and(EPSILON)).intoArray(out, i * LANES);
        }
    }
}
