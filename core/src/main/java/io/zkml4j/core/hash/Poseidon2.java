package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;

import static io.zkml4j.core.field.Goldilocks.addCanonical;

/**
 * The Poseidon2 permutation over Goldilocks with the reference parameters for width 12
 * (Grassi, Khovratovich, Schofnegger, eprint 2023/323): S-box x^7, 8 full rounds (4 before and 4
 * after) and 22 partial rounds, round constants from the Grain LFSR of the specification
 * ({@link GrainLfsr}), the external matrix circ(2·M4, M4, M4) built from M4, and the internal
 * matrix J + diag(d) with the reference instance's d. Checked against the reference
 * implementation's known-answer vector.
 *
 * <p>The permutation is the building block of the algebraic hash commitments (a commitment
 * C = H(value ‖ salt) whose opening a proof can check inside its sumcheck); the layout of its
 * rounds — a linear layer, then per round: add constants, S-boxes, linear layer — is what such a
 * proof follows.
 */
public final class Poseidon2 {
    public static final int WIDTH = 12;
    public static final int FULL_ROUNDS = 8;
    public static final int PARTIAL_ROUNDS = 22;
    public static final int ROUNDS = FULL_ROUNDS + PARTIAL_ROUNDS;

    /** M4 of the paper (§5.1): the 4×4 block of the external matrix. */
    private static final long[][] M4 = {{5, 7, 1, 3}, {4, 6, 1, 1}, {1, 3, 5, 7}, {1, 1, 4, 6}};

    /**
     * d_i of the reference instance for Goldilocks, width 12: the internal matrix is J + diag(d),
     * diagonal entries d_i + 1 and ones elsewhere (the reference calls d "diag minus 1").
     */
    private static final long[] INTERNAL_DIAGONAL = {
        0xc3b6c08e23ba9300L, 0xd84b5de94a324fb6L, 0x0d0c371c5b35b84fL, 0x7964f570e7188037L,
        0x5daf18bbd996604bL, 0x6743bc47b9595257L, 0x5528b9362c59bb70L, 0xac45e25b7127b68bL,
        0xa2077d7dfbb606b5L, 0xf3faac6faee378aeL, 0x0c6388b51545e883L, 0xd27dbb6944917b60L,
    };

    /** Round constants, [round][lane]; partial rounds use lane 0 only (the others are 0). */
    private static final long[][] ROUND_CONSTANTS = roundConstants();

    private Poseidon2() {}

    private static long[][] roundConstants() {
        GrainLfsr grain = new GrainLfsr(64, WIDTH, FULL_ROUNDS, PARTIAL_ROUNDS);
        long[][] rc = new long[ROUNDS][WIDTH];
        for (int r = 0; r < ROUNDS; r++) {
            boolean partial = isPartial(r);
            for (int lane = 0; lane < (partial ? 1 : WIDTH); lane++) {
                rc[r][lane] = grain.nextGoldilocks();
            }
        }
        return rc;
    }

    /** True for the partial rounds (one S-box, internal matrix), rounds 4..25. */
    public static boolean isPartial(int round) {
        return round >= FULL_ROUNDS / 2 && round < FULL_ROUNDS / 2 + PARTIAL_ROUNDS;
    }

    /** The round constant of {@code round} for {@code lane} (0 for lanes 1..11 of partial rounds). */
    public static long roundConstant(int round, int lane) {
        return ROUND_CONSTANTS[round][lane];
    }

    /**
     * Permutes a state of {@link #WIDTH} field elements in place (any 64-bit patterns in, canonical
     * out). This is the hot loop of committing a dataset (one permutation per 8 hashed values), so
     * between rounds the lanes are only congruent mod p, in [0, 2^64), and each is reduced once per
     * layer: the linear layers add 32-bit halves as plain integers (their coefficients are small)
     * and fold the two sums once, products are reduced without the final canonical step.
     * {@link #externalLayer}, {@link #internalLayer} and {@link #sbox} are the same steps on
     * canonical values, for the proofs that follow the rounds and for the tests that check this
     * against them.
     */
    public static void permute(long[] state) {
        if (state.length != WIDTH) {
            throw new IllegalArgumentException("a Poseidon2 state has " + WIDTH + " elements, got " + state.length);
        }
        long[] x = state.clone();
        external(x);
        for (int r = 0; r < ROUNDS; r++) {
            long[] rc = ROUND_CONSTANTS[r];
            if (isPartial(r)) {
                x[0] = sboxLazy(addLazy(x[0], rc[0]));
                internal(x);
            } else {
                for (int i = 0; i < WIDTH; i++) {
                    x[i] = sboxLazy(addLazy(x[i], rc[i]));
                }
                external(x);
            }
        }
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Goldilocks.canonical(x[i]);
        }
    }

    private static final long LOW = 0xFFFF_FFFFL;

    /**
     * The external layer on lanes congruent mod p: circ(2·M4, M4, M4) applied to the low and the
     * high 32-bit halves separately as plain integers (row sums are at most 64, so every sum stays
     * below 2^38), then each lane folded once.
     */
    private static void external(long[] s) {
        long[] lo = new long[WIDTH];
        long[] hi = new long[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            lo[i] = s[i] & LOW;
            hi[i] = s[i] >>> 32;
        }
        circulant(lo);
        circulant(hi);
        for (int i = 0; i < WIDTH; i++) {
            s[i] = fold(hi[i], lo[i]);
        }
    }

    /** circ(2·M4, M4, M4) on small non-negative integers, without reduction. */
    private static void circulant(long[] v) {
        m4Plain(v, 0);
        m4Plain(v, 4);
        m4Plain(v, 8);
        for (int i = 0; i < 4; i++) {
            long t = v[i] + v[4 + i] + v[8 + i];
            v[i] += t;
            v[4 + i] += t;
            v[8 + i] += t;
        }
    }

    /** M4 (rows 5 7 1 3 / 4 6 1 1 / 1 3 5 7 / 1 1 4 6) on small non-negative integers, without reduction. */
    private static void m4Plain(long[] s, int b) {
        long x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
        long t0 = x0 + x1;
        long t1 = x2 + x3;
        long t2 = (x1 << 1) + t1;
        long t3 = (x3 << 1) + t0;
        long t4 = (t1 << 2) + t3;
        long t5 = (t0 << 2) + t2;
        s[b] = t3 + t5;
        s[b + 1] = t5;
        s[b + 2] = t2 + t4;
        s[b + 3] = t4;
    }

    /**
     * hi·2^32 + lo reduced to [0, 2^64) for hi, lo &lt; 2^40: with hi = h1·2^32 + h0, hi·2^32 =
     * h1·2^64 + h0·2^32 and 2^64 = 2^32 − 1 (mod p).
     */
    private static long fold(long hi, long lo) {
        long u = (hi & LOW) << 32;
        long v = (hi >>> 32) * Goldilocks.EPSILON + lo; // below 2^41
        long r = u + v;
        return r + (Goldilocks.EPSILON & Goldilocks.carryMask(u, v, r)); // a wrapped r is below 2^41: no second carry
    }

    /**
     * The internal layer on lanes congruent mod p: y_i = d_i·x_i + Σ x, the sum of halves folded
     * once, each lane's product and the sum reduced together. Lane 0 has just left its S-box; the
     * other lanes' products do not wait for it.
     */
    private static void internal(long[] s) {
        long lo = 0, hi = 0;
        for (int i = 0; i < WIDTH; i++) {
            lo += s[i] & LOW;
            hi += s[i] >>> 32;
        }
        long sum = fold(hi, lo);
        long[] d = INTERNAL_DIAGONAL;
        for (int i = 0; i < WIDTH; i++) {
            s[i] = mulAddLazy(s[i], d[i], sum);
        }
    }

    /** a + b with b canonical, congruent mod p, in [0, 2^64): a carry is worth 2^64 = 2^32 − 1 and cannot repeat. */
    private static long addLazy(long a, long b) {
        long s = a + b;
        return s + (Goldilocks.EPSILON & Goldilocks.carryMask(a, b, s));
    }

    /** a·b + c for any 64-bit patterns, congruent mod p, in [0, 2^64). */
    private static long mulAddLazy(long a, long b, long c) {
        long lo = a * b;
        long hi = Math.unsignedMultiplyHigh(a, b); // at most 2^64 − 2: the carry below cannot wrap it
        long sum = lo + c;
        return Goldilocks.reduce128Lazy(hi - Goldilocks.carryMask(lo, c, sum), sum);
    }

    private static long mulLazy(long a, long b) {
        return Goldilocks.reduce128Lazy(Math.unsignedMultiplyHigh(a, b), a * b);
    }

    /** x^7 on any 64-bit pattern, congruent mod p. */
    private static long sboxLazy(long x) {
        long x2 = mulLazy(x, x);
        long x3 = mulLazy(x2, x);
        long x6 = mulLazy(x3, x3);
        return mulLazy(x6, x);
    }

    /** x^7. */
    public static long sbox(long x) {
        long x2 = Goldilocks.mul(x, x);
        long x3 = Goldilocks.mul(x2, x);
        long x6 = Goldilocks.mul(x3, x3);
        return Goldilocks.mul(x6, x);
    }

    /** y = circ(2·M4, M4, M4)·x: M4 on each block of four, then every block plus the sum of all blocks. */
    public static void externalLayer(long[] state) {
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Goldilocks.canonical(state[i]);
        }
        for (int b = 0; b < WIDTH; b += 4) {
            m4(state, b);
        }
        for (int i = 0; i < 4; i++) {
            long sum = addCanonical(addCanonical(state[i], state[4 + i]), state[8 + i]);
            for (int b = i; b < WIDTH; b += 4) {
                state[b] = addCanonical(state[b], sum);
            }
        }
    }

    /**
     * M4·x on state[b..b+3] with the paper's chain of 8 additions and 4 doublings (§5.1):
     * rows (5 7 1 3), (4 6 1 1), (1 3 5 7), (1 1 4 6). Inputs and outputs canonical.
     */
    private static void m4(long[] s, int b) {
        long x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
        long t0 = addCanonical(x0, x1);
        long t1 = addCanonical(x2, x3);
        long t2 = addCanonical(addCanonical(x1, x1), t1);
        long t3 = addCanonical(addCanonical(x3, x3), t0);
        long t1x4 = addCanonical(t1, t1);
        long t4 = addCanonical(addCanonical(t1x4, t1x4), t3);
        long t0x4 = addCanonical(t0, t0);
        long t5 = addCanonical(addCanonical(t0x4, t0x4), t2);
        s[b] = addCanonical(t3, t5);
        s[b + 1] = t5;
        s[b + 2] = addCanonical(t2, t4);
        s[b + 3] = t4;
    }

    /** y = (J + diag(d))·x: y_i = d_i·x_i + Σ_j x_j. */
    public static void internalLayer(long[] state) {
        long sum = 0;
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Goldilocks.canonical(state[i]);
            sum = addCanonical(sum, state[i]);
        }
        for (int i = 0; i < WIDTH; i++) {
            state[i] = addCanonical(Goldilocks.mul(state[i], INTERNAL_DIAGONAL[i]), sum);
        }
    }

    /** The external matrix circ(2·M4, M4, M4) as entries [row][column]: its columns are the layer applied to unit vectors. */
    public static long[][] externalMatrix() {
        return matrixOf(Poseidon2::externalLayer);
    }

    /** The internal matrix J + diag(d) as entries [row][column]. */
    public static long[][] internalMatrix() {
        return matrixOf(Poseidon2::internalLayer);
    }

    private static long[][] matrixOf(java.util.function.Consumer<long[]> layer) {
        long[][] m = new long[WIDTH][WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            long[] unit = new long[WIDTH];
            unit[j] = 1;
            layer.accept(unit);
            for (int i = 0; i < WIDTH; i++) {
                m[i][j] = unit[i];
            }
        }
        return m;
    }

    /** The internal matrix's diagonal part d_i (the matrix is J + diag(d)). */
    public static long internalDiagonal(int lane) {
        return INTERNAL_DIAGONAL[lane];
    }
}
