package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class Poseidon2Test {
    /** The reference implementation's known-answer vector for Goldilocks, width 12: input 0, 1, ..., 11. */
    @Test
    void matchesTheReferenceKnownAnswer() {
        long[] state = new long[12];
        for (int i = 0; i < 12; i++) {
            state[i] = i;
        }
        Poseidon2.permute(state);
        long[] expected = {
            0x01eaef96bdf1c0c1L, 0x1f0d2cc525b2540cL, 0x6282c1dfe1e0358dL, 0xe780d721f698e1e6L,
            0x280c0b6f753d833bL, 0x1b942dd5023156abL, 0x43f0df3fcccb8398L, 0xe8e8190585489025L,
            0x56bdbf72f77ada22L, 0x7911c32bf9dcd705L, 0xec467926508fbe67L, 0x6a50450ddf85a6edL,
        };
        assertArrayEquals(expected, state);
    }

    /**
     * The fast permutation (lanes kept only congruent mod p between layers) against the
     * specification's steps on canonical values, for random states, states of extreme values
     * (0, 1, p − 1, and the non-canonical p .. 2^64 − 1 the permutation also accepts), and states
     * where every lane is the same.
     */
    @Test
    void theFastPermutationIsTheTextbookOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(23);
        long[] extremes = {0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, Goldilocks.P, Goldilocks.P + 1, -1L, -2L, Goldilocks.EPSILON,
            Goldilocks.EPSILON + 1, 1L << 63, (1L << 32) - 1, 1L << 32};
        for (int trial = 0; trial < 3_000; trial++) {
            long[] state = new long[Poseidon2.WIDTH];
            for (int i = 0; i < state.length; i++) {
                state[i] = switch (trial % 3) {
                    case 0 -> random.nextLong();
                    case 1 -> extremes[random.nextInt(extremes.length)];
                    default -> extremes[trial / 3 % extremes.length];
                };
            }
            long[] fast = state.clone();
            Poseidon2.permute(fast);
            assertArrayEquals(textbook(state), fast, "state " + Arrays.toString(state));
        }
    }

    /** The permutation as the paper writes it: external layer, then per round constants, S-boxes, layer. */
    private static long[] textbook(long[] input) {
        long[] x = new long[Poseidon2.WIDTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = Goldilocks.canonical(input[i]);
        }
        Poseidon2.externalLayer(x);
        for (int r = 0; r < Poseidon2.ROUNDS; r++) {
            boolean partial = Poseidon2.isPartial(r);
            for (int lane = 0; lane < (partial ? 1 : Poseidon2.WIDTH); lane++) {
                x[lane] = Poseidon2.sbox(Goldilocks.add(x[lane], Poseidon2.roundConstant(r, lane)));
            }
            if (partial) {
                Poseidon2.internalLayer(x);
            } else {
                Poseidon2.externalLayer(x);
            }
        }
        return x;
    }

    /** The Grain LFSR reproduces the reference instance's round constants (first full, first partial, last). */
    @Test
    void roundConstantsComeFromTheGrainLfsr() {
        assertEquals(0x13dcf33aba214f46L, Poseidon2.roundConstant(0, 0));
        assertEquals(0x30b3b654a1da6d83L, Poseidon2.roundConstant(0, 1));
        assertEquals(0x4adf842aa75d4316L, Poseidon2.roundConstant(4, 0));
        assertEquals(0x21dd28d906a62ddaL, Poseidon2.roundConstant(29, 0));
        for (int r = 4; r < 26; r++) {
            assertTrue(Poseidon2.isPartial(r));
            for (int lane = 1; lane < 12; lane++) {
                assertEquals(0, Poseidon2.roundConstant(r, lane));
            }
        }
        assertFalse(Poseidon2.isPartial(3) || Poseidon2.isPartial(26));
    }

    /** The external layer is the matrix circ(2·M4, M4, M4): column j is its image of the unit vector e_j. */
    @Test
    void theExternalLayerIsCirc2M4M4M4() {
        long[][] m4 = {{5, 7, 1, 3}, {4, 6, 1, 1}, {1, 3, 5, 7}, {1, 1, 4, 6}};
        for (int j = 0; j < 12; j++) {
            long[] e = new long[12];
            e[j] = 1;
            Poseidon2.externalLayer(e);
            for (int i = 0; i < 12; i++) {
                long expected = m4[i % 4][j % 4] * (i / 4 == j / 4 ? 2 : 1);
                assertEquals(expected, e[i], "entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void theInternalLayerIsOnesPlusTheDiagonal() {
        for (int j = 0; j < 12; j++) {
            long[] e = new long[12];
            e[j] = 1;
            Poseidon2.internalLayer(e);
            for (int i = 0; i < 12; i++) {
                assertEquals(i == j ? Goldilocks.add(Poseidon2.internalDiagonal(i), 1) : 1, e[i]);
            }
        }
    }

    @Test
    void theSpongeSeparatesLengthsAndContents() {
        Set<String> seen = new HashSet<>();
        for (int n = 0; n <= 17; n++) {
            assertTrue(seen.add(Arrays.toString(Poseidon2Sponge.hash(new long[n]))), "length " + n + " collides");
        }
        long[] m = new long[9];
        long[] h = Poseidon2Sponge.hash(m);
        m[8] = 1; // the second block
        assertFalse(Arrays.equals(h, Poseidon2Sponge.hash(m)));
        assertEquals(Poseidon2Sponge.OUTPUT, h.length);
        assertEquals(2, Poseidon2Sponge.permutations(9));
        assertThrows(IllegalArgumentException.class, () -> Poseidon2Sponge.hash(new long[] {Goldilocks.P}));
        assertFalse(Arrays.equals(Poseidon2Sponge.hash(0, m), Poseidon2Sponge.hash(1, m)), "domains must separate");
    }
}
