package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.util.ChaChaRandom;

import java.util.HexFormat;

/**
 * "Hashed" visibility: a private input or output appears in a statement only as its commitment
 * D = Poseidon2(salt ‖ values) over the quantised values with a 4-element salt that their owner
 * keeps. An input committed once can have several predictions proven about it, each proof showing
 * only D; an output shown as D can be opened later by whoever holds the salt. The salt makes D
 * hiding (16-bit values could otherwise be guessed and hashed).
 */
public final class HashedValues {
    public static final int SALT_ELEMENTS = 4;
    /** The sponge domains of input and output commitments, apart from every other use of the hash. */
    public static final int INPUT_DOMAIN = 11;
    public static final int OUTPUT_DOMAIN = 12;

    private HashedValues() {}

    /** A fresh uniformly random salt. */
    public static long[] randomSalt() {
        ChaChaRandom random = new ChaChaRandom();
        long[] salt = new long[SALT_ELEMENTS];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = Goldilocks.uniform(random);
        }
        return salt;
    }

    /** D = Poseidon2(salt ‖ x) for a quantised input (16-bit integers) and a canonical salt. */
    public static long[] inputDigest(long[] quantizedInput, long[] salt) {
        return Poseidon2Sponge.hash(INPUT_DOMAIN, message(quantizedInput, salt));
    }

    /** D = Poseidon2(salt ‖ y) for a quantised output, in the outputs' domain. */
    public static long[] outputDigest(long[] quantizedOutput, long[] salt) {
        return Poseidon2Sponge.hash(OUTPUT_DOMAIN, message(quantizedOutput, salt));
    }

    /** The digest as 64 hex digits (4 elements, little-endian each), as the CLI prints it. */
    public static String hex(long[] digest) {
        StringBuilder s = new StringBuilder();
        for (long d : digest) {
            s.append(HexFormat.of().toHexDigits(Long.reverseBytes(d)));
        }
        return s.toString();
    }

    /** Parses {@link #hex}; throws IllegalArgumentException naming what is wrong. */
    public static long[] parseHex(String hex) {
        if (hex.length() != 16 * Poseidon2Sponge.OUTPUT || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a digest is " + 16 * Poseidon2Sponge.OUTPUT + " hex digits, got '" + hex + "'");
        }
        long[] d = new long[Poseidon2Sponge.OUTPUT];
        for (int i = 0; i < d.length; i++) {
            d[i] = Long.reverseBytes(HexFormat.fromHexDigitsToLong(hex, 16 * i, 16 * (i + 1)));
            if (!Goldilocks.isCanonical(d[i])) {
                throw new IllegalArgumentException("digest element " + i + " is not a field element");
            }
        }
        return d;
    }

    static long[] message(long[] quantizedInput, long[] salt) {
        if (salt.length != SALT_ELEMENTS) {
            throw new IllegalArgumentException("a salt has " + SALT_ELEMENTS + " elements, got " + salt.length);
        }
        long[] m = new long[SALT_ELEMENTS + quantizedInput.length];
        for (int i = 0; i < SALT_ELEMENTS; i++) {
            if (!Goldilocks.isCanonical(salt[i])) {
                throw new IllegalArgumentException("salt element " + i + " is not a canonical field element");
            }
            m[i] = salt[i];
        }
        for (int i = 0; i < quantizedInput.length; i++) {
            m[SALT_ELEMENTS + i] = Goldilocks.fromSigned(quantizedInput[i]);
        }
        return m;
    }

}
