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

    /** Element {@code index} of message {@code message}: many messages hashed without building each as an array. */
    @FunctionalInterface
    public interface MessageElements {
        long get(int message, int index);
    }

    /**
     * {@link #hash}(domain, m) of {@code count} messages of one length, read through
     * {@code elements}: {@link Poseidon2Lanes#lanes()} messages in one vector permutation where the
     * vector lanes are on (callers decide with {@link Poseidon2Lanes#worthIt}), one at a time
     * otherwise. The digests are those of {@link #hash}.
     */
    public static long[][] hashAll(int domain, int count, int length, MessageElements elements) {
        if (domain < 0) {
            throw new IllegalArgumentException("domain tags are non-negative, got " + domain);
        }
        int lanes = Poseidon2Lanes.lanes();
        long[][] digests = new long[count][];
        int m = 0;
        if (lanes > 1) {
            Poseidon2Lanes.LanePermutation permutation = Poseidon2Lanes.permutation();
            long[] states = new long[Poseidon2.WIDTH * lanes];
            for (; m + lanes <= count; m += lanes) {
                hashLanes(domain, m, length, elements, states, permutation, digests);
            }
        }
        long[] message = new long[length];
        for (; m < count; m++) {
            for (int i = 0; i < length; i++) {
                message[i] = elements.get(m, i);
            }
            digests[m] = hash(domain, message);
        }
        return digests;
    }

    /** {@link #hash}(domain, m) of every message, those of equal length next to each other hashed together as above. */
    public static long[][] hashAll(int domain, long[][] messages) {
        long[][] digests = new long[messages.length][];
        for (int from = 0, to; from < messages.length; from = to) {
            int length = messages[from].length;
            for (to = from + 1; to < messages.length && messages[to].length == length; to++) {
                // a run of messages of one length
            }
            int first = from;
            long[][] run = hashAll(domain, to - from, length, (m, i) -> messages[first + m][i]);
            System.arraycopy(run, 0, digests, from, to - from);
        }
        return digests;
    }

    /** {@link #hash} of messages from..from+lanes, all of one length, in lane-major states. */
    private static void hashLanes(int domain, int from, int length, MessageElements elements, long[] states,
                                  Poseidon2Lanes.LanePermutation permutation, long[][] digests) {
        int lanes = states.length / Poseidon2.WIDTH;
        Arrays.fill(states, 0);
        for (int j = 0; j < lanes; j++) {
            states[RATE * lanes + j] = length;
            states[(RATE + 1) * lanes + j] = domain;
        }
        int blocks = permutations(length);
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < RATE; i++) {
                int at = b * RATE + i;
                for (int j = 0; j < lanes; j++) {
                    long v = at < length ? elements.get(from + j, at) : 0;
                    if (!Goldilocks.isCanonical(v)) {
                        throw new IllegalArgumentException("message element " + at + " is not a canonical field element");
                    }
                    states[i * lanes + j] = v;
                }
            }
            permutation.permute(states);
        }
        for (int j = 0; j < lanes; j++) {
            long[] digest = new long[OUTPUT];
            for (int i = 0; i < OUTPUT; i++) {
                digest[i] = states[i * lanes + j];
            }
            digests[from + j] = digest;
        }
    }

    /** Permutations {@link #hash} runs for a message of {@code length} elements. */
    public static int permutations(int length) {
        return Math.max(1, (length + RATE - 1) / RATE);
    }
}
