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
 */
public record CommitOptions(int securityBits, HashFunction hash, boolean publicWeights) {
    public static final int MIN_SECURITY_BITS = 80;

    public static final CommitOptions DEFAULT = new CommitOptions(100, Sha256.INSTANCE, false);

    public CommitOptions {
        if (securityBits < MIN_SECURITY_BITS || securityBits > 128) {
            throw new IllegalArgumentException("security must be between " + MIN_SECURITY_BITS + " and 128 bits, got " + securityBits);
        }
    }

    public CommitOptions withSecurityBits(int bits) {
        return new CommitOptions(bits, hash, publicWeights);
    }

    public CommitOptions withHash(HashFunction h) {
        return new CommitOptions(securityBits, h, publicWeights);
    }

    public CommitOptions withPublicWeights(boolean isPublic) {
        return new CommitOptions(securityBits, hash, isPublic);
    }
}
