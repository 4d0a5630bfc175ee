package io.zkml4j.core.hash;

import io.zkml4j.core.field.Goldilocks;

/**
 * The Grain LFSR that derives Poseidon's (and Poseidon2's) round constants from the instance
 * description, as specified in the Poseidon paper (Grassi et al., eprint 2019/458, Appendix F):
 * an 80-bit state initialised with the field type (2 bits), the S-box type (4 bits), the field
 * size n (12 bits), the width t (12 bits), R_F (10 bits), R_P (10 bits) and thirty 1 bits; the
 * feedback b_{i+80} = b_{i+62} ⊕ b_{i+51} ⊕ b_{i+38} ⊕ b_{i+23} ⊕ b_{i+13} ⊕ b_i; the first 160
 * bits discarded; then bits taken in pairs, the second one output only when the first is 1.
 * Field elements are n-bit big-endian integers, rejected and redrawn when not below p.
 */
final class GrainLfsr {
    private static final int STATE_BITS = 80;
    private final boolean[] state = new boolean[STATE_BITS];
    private int head; // the state is a ring: state[head] is the oldest bit

    /** For a prime field (type 1) with an x^α S-box (type 0). */
    GrainLfsr(int fieldBits, int width, int fullRounds, int partialRounds) {
        int at = 0;
        at = put(1, 2, at);
        at = put(0, 4, at);
        at = put(fieldBits, 12, at);
        at = put(width, 12, at);
        at = put(fullRounds, 10, at);
        at = put(partialRounds, 10, at);
        while (at < STATE_BITS) {
            state[at++] = true;
        }
        for (int i = 0; i < 160; i++) {
            step();
        }
    }

    private int put(int value, int bits, int at) {
        for (int b = bits - 1; b >= 0; b--) {
            state[at++] = ((value >>> b) & 1) == 1;
        }
        return at;
    }

    private boolean step() {
        boolean next = bit(62) ^ bit(51) ^ bit(38) ^ bit(23) ^ bit(13) ^ bit(0);
        state[head] = next; // replaces the oldest bit, which becomes the newest
        head = (head + 1) % STATE_BITS;
        return next;
    }

    private boolean bit(int i) {
        return state[(head + i) % STATE_BITS];
    }

    /** The self-shrinking output: pairs (a, b), b kept when a is 1. */
    boolean nextBit() {
        while (true) {
            boolean keep = step();
            boolean b = step();
            if (keep) {
                return b;
            }
        }
    }

    /** The next Goldilocks element: 64 output bits, most significant first, redrawn when ≥ p. */
    long nextGoldilocks() {
        while (true) {
            long v = 0;
            for (int i = 0; i < 64; i++) {
                v = (v << 1) | (nextBit() ? 1 : 0);
            }
            if (Goldilocks.isCanonical(v)) {
                return v;
            }
        }
    }
}
