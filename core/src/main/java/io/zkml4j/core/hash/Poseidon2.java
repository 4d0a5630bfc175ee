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
     * Permutes a state of {@link #WIDTH} field elements in place. The state lives in local
     * variables and every step keeps values canonical without re-checking them (this is the hot
     * loop of committing a dataset: one permutation per 8 hashed values); {@link #externalLayer} and
     * {@link #internalLayer} are the same layers on arrays, for the proofs that follow the rounds.
     */
    public static void permute(long[] state) {
        if (state.length != WIDTH) {
            throw new IllegalArgumentException("a Poseidon2 state has " + WIDTH + " elements, got " + state.length);
        }
        long[] x = new long[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            x[i] = Goldilocks.canonical(state[i]);
        }
        external(x);
        for (int r = 0; r < ROUNDS; r++) {
            long[] rc = ROUND_CONSTANTS[r];
            if (isPartial(r)) {
                x[0] = sbox(addCanonical(x[0], rc[0]));
                internal(x);
            } else {
                for (int i = 0; i < WIDTH; i++) {
                    x[i] = sbox(addCanonical(x[i], rc[i]));
                }
                external(x);
            }
        }
        System.arraycopy(x, 0, state, 0, WIDTH);
    }

    /** The external layer on a canonical state. */
    private static void external(long[] s) {
        m4(s, 0);
        m4(s, 4);
        m4(s, 8);
        long t0 = addCanonical(addCanonical(s[0], s[4]), s[8]);
        long t1 = addCanonical(addCanonical(s[1], s[5]), s[9]);
        long t2 = addCanonical(addCanonical(s[2], s[6]), s[10]);
        long t3 = addCanonical(addCanonical(s[3], s[7]), s[11]);
        for (int b = 0; b < WIDTH; b += 4) {
            s[b] = addCanonical(s[b], t0);
            s[b + 1] = addCanonical(s[b + 1], t1);
            s[b + 2] = addCanonical(s[b + 2], t2);
            s[b + 3] = addCanonical(s[b + 3], t3);
        }
    }

    /**
     * The internal layer on a canonical state: y_i = d_i·x_i + Σ x. Lane 0 has just left its S-box;
     * the other lanes' products and sum do not wait for it.
     */
    private static void internal(long[] s) {
        long s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7], s8 = s[8], s9 = s[9], s10 = s[10], s11 = s[11];
        long rest = addCanonical(addCanonical(addCanonical(s1, s2), addCanonical(s3, s4)),
                addCanonical(addCanonical(addCanonical(s5, s6), addCanonical(s7, s8)), addCanonical(addCanonical(s9, s10), s11)));
        long[] d = INTERNAL_DIAGONAL;
        long p1 = Goldilocks.mul(s1, d[1]), p2 = Goldilocks.mul(s2, d[2]), p3 = Goldilocks.mul(s3, d[3]), p4 = Goldilocks.mul(s4, d[4]);
        long p5 = Goldilocks.mul(s5, d[5]), p6 = Goldilocks.mul(s6, d[6]), p7 = Goldilocks.mul(s7, d[7]), p8 = Goldilocks.mul(s8, d[8]);
        long p9 = Goldilocks.mul(s9, d[9]), p10 = Goldilocks.mul(s10, d[10]), p11 = Goldilocks.mul(s11, d[11]);
        long s0 = s[0];
        long sum = addCanonical(rest, s0);
        s[0] = Goldilocks.mulAdd(s0, d[0], sum);
        s[1] = addCanonical(p1, sum);
        s[2] = addCanonical(p2, sum);
        s[3] = addCanonical(p3, sum);
        s[4] = addCanonical(p4, sum);
        s[5] = addCanonical(p5, sum);
        s[6] = addCanonical(p6, sum);
        s[7] = addCanonical(p7, sum);
        s[8] = addCanonical(p8, sum);
        s[9] = addCanonical(p9, sum);
        s[10] = addCanonical(p10, sum);
        s[11] = addCanonical(p11, sum);
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
