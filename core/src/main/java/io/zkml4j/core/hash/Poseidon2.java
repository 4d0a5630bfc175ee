package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;

/**
 * The Poseidon2 permutation over Goldilocks with the reference parameters for width 12
 * (Grassi, Khovratovich, Schofnegger, eprint 2023/323): S-box x^7, 8 full rounds (4 before and 4
 * after) and 22 partial rounds, round constants from the Grain LFSR of the specification
 * ({@link GrainLfsr}), the external matrix circ(2·M4, M4, M4) built from M4, and the internal
 * matrix J + diag(μ) with the reference instance's μ. Checked against the reference
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
    public static final int SBOX_DEGREE = 7;

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

    /** Permutes a state of {@link #WIDTH} field elements in place. */
    public static void permute(long[] state) {
        if (state.length != WIDTH) {
            throw new IllegalArgumentException("a Poseidon2 state has " + WIDTH + " elements, got " + state.length);
        }
        externalLayer(state);
        for (int r = 0; r < ROUNDS; r++) {
            if (isPartial(r)) {
                state[0] = sbox(Goldilocks.add(state[0], ROUND_CONSTANTS[r][0]));
                internalLayer(state);
            } else {
                for (int i = 0; i < WIDTH; i++) {
                    state[i] = sbox(Goldilocks.add(state[i], ROUND_CONSTANTS[r][i]));
                }
                externalLayer(state);
            }
        }
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
        long[] blockSums = new long[4];
        for (int b = 0; b < WIDTH; b += 4) {
            long[] y = new long[4];
            for (int i = 0; i < 4; i++) {
                long acc = 0;
                for (int j = 0; j < 4; j++) {
                    acc = Goldilocks.add(acc, Goldilocks.mulSmall(Goldilocks.canonical(state[b + j]), M4[i][j]));
                }
                y[i] = acc;
            }
            for (int i = 0; i < 4; i++) {
                state[b + i] = y[i];
                blockSums[i] = Goldilocks.add(blockSums[i], y[i]);
            }
        }
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Goldilocks.add(state[i], blockSums[i % 4]);
        }
    }

    /** y = (J + diag(d))·x: y_i = d_i·x_i + Σ_j x_j. */
    public static void internalLayer(long[] state) {
        long sum = 0;
        for (long x : state) {
            sum = Goldilocks.add(sum, x);
        }
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Goldilocks.add(Goldilocks.mul(state[i], INTERNAL_DIAGONAL[i]), sum);
        }
    }

    /** The internal matrix's diagonal part d_i (the matrix is J + diag(d)). */
    public static long internalDiagonal(int lane) {
        return INTERNAL_DIAGONAL[lane];
    }
}
