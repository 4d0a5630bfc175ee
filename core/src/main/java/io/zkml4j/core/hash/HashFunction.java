package io.zkml4j.core.hash;

/**
 * A 256-bit hash used for Merkle trees and Fiat–Shamir transcripts. Implementations are
 * stateless factories of incremental {@link Hasher}s, so one instance can be shared by threads.
 */
public interface HashFunction {
    int DIGEST_BYTES = 32;

    /** Stable name written into domain separators and proof headers ("sha256", "keccak256"). */
    String name();

    /** A fresh incremental hasher; not thread-safe. */
    Hasher newHasher();

    default byte[] hash(byte[] data) {
        Hasher h = newHasher();
        h.update(data, 0, data.length);
        return h.digest();
    }

    /**
     * Hashes {@code count} messages of {@code length} bytes each, message m written by
     * {@code messages} on request, its digest to out[outOffset + 32m, outOffset + 32m + 32): the
     * same digests as {@link #hash} of each, one at a time here; {@link Keccak256} hashes them
     * several at once in the machine's vector lanes when that pays ({@link KeccakLanes}).
     */
    default void hashAll(int count, int length, Messages messages, byte[] out, int outOffset) {
        Hasher h = newHasher();
        byte[] buffer = new byte[length];
        for (int m = 0; m < count; m++) {
            messages.write(m, buffer, 0);
            h.update(buffer, 0, length);
            h.digest(out, outOffset + m * DIGEST_BYTES);
        }
    }

    /** The messages of {@link #hashAll}, all of one length. */
    @FunctionalInterface
    interface Messages {
        /** Writes message {@code index} (all {@code length} bytes of it) to buffer[offset, offset + length). */
        void write(int index, byte[] buffer, int offset);
    }

    static HashFunction byName(String name) {
        return switch (name) {
            case "sha256", "sha-256", "SHA-256" -> Sha256.INSTANCE;
            case "keccak256", "keccak-256", "Keccak-256" -> Keccak256.INSTANCE;
            default -> throw new IllegalArgumentException("unknown hash '" + name + "' (known: sha256, keccak256)");
        };
    }

    /** Incremental hashing; {@link #digest} resets the hasher for reuse. */
    interface Hasher {
        void update(byte[] data, int offset, int length);

        void update(byte b);

        /** Writes the digest to out[offset, offset + 32) and resets. */
        void digest(byte[] out, int offset);

        default void update(byte[] data) {
            update(data, 0, data.length);
        }

        default byte[] digest() {
            byte[] out = new byte[DIGEST_BYTES];
            digest(out, 0);
            return out;
        }
    }
}
