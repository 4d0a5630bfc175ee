package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;

import java.util.Arrays;

/**
 * A sponge hash of field-element messages on {@link Poseidon2}: rate 8, capacity 4 (about 128-bit
 * collision resistance over Goldilocks), four output elements. The message length goes into the
 * first capacity element and a domain tag into the second before anything is absorbed, so
 * messages of different lengths or purposes never share a state and zero padding of the last
 * block is unambiguous (a commitment H(value ‖ salt) needs a salt of fixed length). Blocks are
 * absorbed by overwriting the rate part (the form a proof of the hash checks most cheaply: the
 * absorbed values are the permutation's inputs as they are).
 */
public final class Poseidon2Sponge {
    public static final int RATE = 8;
    public static final int CAPACITY = Poseidon2.WIDTH - RATE;
    public static final int OUTPUT = 4;

    private Poseidon2Sponge() {}

    /** H(message) for the default domain 0: four field elements. The message's elements must be canonical. */
    public static long[] hash(long[] message) {
        return hash(0, message);
    }

    /**
     * H(message) in a domain: each use (a commitment, a Merkle node, ...) takes its own tag, so
     * that the same elements hashed for two purposes never give the same digest.
     */
    public static long[] hash(int domain, long[] message) {
        if (domain < 0) {
            throw new IllegalArgumentException("domain tags are non-negative, got " + domain);
        }
        long[] state = new long[Poseidon2.WIDTH];
        state[RATE] = message.length;
        state[RATE + 1] = domain;
        int blocks = permutations(message.length);
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < RATE; i++) {
                int at = b * RATE + i;
                long v = at < message.length ? message[at] : 0;
                if (!Goldilocks.isCanonical(v)) {
                    throw new IllegalArgumentException("message element " + at + " is not a canonical field element");
                }
                state[i] = v;
            }
            Poseidon2.permute(state);
        }
        return Arrays.copyOf(state, OUTPUT);
    }

    /** Permutations {@link #hash} runs for a message of {@code length} elements. */
    public static int permutations(int length) {
        return Math.max(1, (length + RATE - 1) / RATE);
    }
}
