package io.zkml4j.core.hashproof;

import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.sumcheck.MaskedInstance;

/**
 * The geometry of a batch of {@link Poseidon2Sponge} hashes proven together: {@code sponges}
 * messages of {@code messageLength} field elements each, hashed in domain {@code domain}.
 *
 * <p>Permutation p = s·2^logBlocks + b runs block b of sponge s: the low variables of every trace
 * table index the block, the high ones the sponge. A sponge needs {@link #blocks()} permutations;
 * block slots beyond that, and sponges beyond {@code sponges} (padding up to a power of two and
 * to the masks' minimum size), hold permutations of the all-zero state that no claim refers to.
 */
public record SpongeShape(int sponges, int messageLength, int domain) {
    /** Bounds that keep a shape from an untrusted statement from allocating without limit. */
    public static final int MAX_SPONGES = 1 << 16;
    public static final int MAX_MESSAGE_LENGTH = 1 << 16;

    public SpongeShape {
        if (sponges < 1 || sponges > MAX_SPONGES) {
            throw new IllegalArgumentException("a sponge batch holds 1 to " + MAX_SPONGES + " hashes, got " + sponges);
        }
        if (messageLength < 1 || messageLength > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("a hashed message has 1 to " + MAX_MESSAGE_LENGTH + " elements, got " + messageLength);
        }
        if (domain < 0) {
            throw new IllegalArgumentException("domain tags are non-negative, got " + domain);
        }
    }

    /** Permutations per sponge. */
    public int blocks() {
        return Poseidon2Sponge.permutations(messageLength);
    }

    /** log2 of the block slots per sponge (the blocks rounded up to a power of two). */
    public int logBlocks() {
        return ceilLog2(blocks());
    }

    /** Variables of every trace table: blocks, then sponges, at least the masks' minimum. */
    public int numVars() {
        return Math.max(MaskedInstance.MIN_MASKED_VARS, logBlocks() + ceilLog2(sponges));
    }

    /** Permutation slots, a power of two. */
    public int permutations() {
        return 1 << numVars();
    }

    /** Sponge slots (real and padding). */
    public int spongeSlots() {
        return permutations() >>> logBlocks();
    }

    /** The trace slot of block b of sponge s. */
    public int slot(int sponge, int block) {
        return (sponge << logBlocks()) | block;
    }

    /** Message element e of a sponge sits in lane e mod 8 of block e / 8. */
    public int blockOf(int element) {
        return element / Poseidon2Sponge.RATE;
    }

    private static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
