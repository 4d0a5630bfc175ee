package io.zkml4j.core.hash;

/**
 * A sponge hash of field-element messages on {@link Poseidon2}: rate 8, capacity 4 (about 128-bit
 * collision resistance over Goldilocks), four output elements. The message length goes into the
 * first capacity element before anything is absorbed, so messages of different lengths never
 * share a state and zero padding of the last block is unambiguous. Blocks are absorbed by
 * overwriting the rate part (the form a proof of the hash checks most cheaply: the absorbed
 * values are the permutation's inputs as they are).
 */
public final class Poseidon2Sponge {
    public static final int RATE = 8;
    public static final int CAPACITY = Poseidon2.WIDTH - RATE;
    public static final int OUTPUT = 4;

    private Poseidon2Sponge() {}

    /** H(message): four field elements. The message's elements must be canonical. */
    public static long[] hash(long[] message) {
        long[] state = new long[Poseidon2.WIDTH];
        state[RATE] = message.length;
        int blocks = Math.max(1, (message.length + RATE - 1) / RATE);
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < RATE; i++) {
                int at = b * RATE + i;
                long v = at < message.length ? message[at] : 0;
                if (!io.zkml4j.core.field.Goldilocks.isCanonical(v)) {
                    throw new IllegalArgumentException("message element " + at + " is not a canonical field element");
                }
                state[i] = v;
            }
            Poseidon2.permute(state);
        }
        return java.util.Arrays.copyOf(state, OUTPUT);
    }

    /** Permutations {@link #hash} runs for a message of {@code length} elements. */
    public static int permutations(int length) {
        return Math.max(1, (length + RATE - 1) / RATE);
    }
}
