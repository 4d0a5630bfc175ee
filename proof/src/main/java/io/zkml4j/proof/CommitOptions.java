package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;

/**
 * How a model is committed. The weight commitment stays hiding for any number of proofs (it is
 * never opened: see {@link io.zkml4j.core.sealed.SealedOpening}), so there is no budget to choose.
 *
 * @param securityBits   provable soundness of every proof, in bits (at least 80)
 * @param hash           the hash for Merkle trees and Fiat–Shamir (sha256, or keccak256 for the EVM)
 * @param publicWeights  weights published in the verifying key instead of hidden
 * @param opening        how the proofs open their commitments: {@link Opening#LIGERO} (in full, the
 *                       fastest prover, proofs of about the square root of the witness) or
 *                       {@link Opening#BASEFOLD} (folded, proofs of log² size, for the EVM)
 */
public record CommitOptions(int securityBits, HashFunction hash, boolean publicWeights, Opening opening) {
    public static final int MIN_SECURITY_BITS = 80;

    public static final CommitOptions DEFAULT = new CommitOptions(100, Sha256.INSTANCE, false, Opening.LIGERO);

    /** How proofs open their commitments ({@code zkml commit --pcs}). */
    public enum Opening {
        /** The combined rows sent whole (LigeroPcs). */
        LIGERO,
        /** The combined rows proven by Basefold's folds (SuccinctOpening). */
        BASEFOLD;

        public static Opening byName(String name) {
            for (Opening o : values()) {
                if (o.name().equalsIgnoreCase(name)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown opening '" + name + "': ligero or basefold");
        }
    }

    public CommitOptions(int securityBits, HashFunction hash, boolean publicWeights) {
        this(securityBits, hash, publicWeights, Opening.LIGERO);
    }

    public CommitOptions {
        java.util.Objects.requireNonNull(opening, "opening");
        if (securityBits < MIN_SECURITY_BITS || securityBits > 128) {
            throw new IllegalArgumentException("security must be between " + MIN_SECURITY_BITS + " and 128 bits, got " + securityBits);
        }
    }

    public CommitOptions withSecurityBits(int bits) {
        return new CommitOptions(bits, hash, publicWeights, opening);
    }

    public CommitOptions withHash(HashFunction h) {
        return new CommitOptions(securityBits, h, publicWeights, opening);
    }

    public CommitOptions withPublicWeights(boolean isPublic) {
        return new CommitOptions(securityBits, hash, isPublic, opening);
    }

    public CommitOptions withOpening(Opening o) {
        return new CommitOptions(securityBits, hash, publicWeights, o);
    }

    /** The EVM profile: Keccak-256 and the folded opening. */
    public CommitOptions forEvm() {
        return withHash(io.zkml4j.core.hash.Keccak256.INSTANCE).withOpening(Opening.BASEFOLD);
    }
}
