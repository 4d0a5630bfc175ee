package io.zkml4j.proof;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;

/**
 * How a model is committed.
 *
 * @param securityBits   provable soundness of every proof, in bits (at least 80)
 * @param hidingProofs   proofs the weights stay perfectly hidden for: each proof opens a few
 *                       columns of the weight commitment, and the commitment's randomness hides
 *                       this many proofs' worth of columns (the prover refuses beyond it; commit
 *                       again for more). Costs proof size and time as it grows.
 * @param hash           the hash for Merkle trees and Fiat–Shamir (sha256, or keccak256 for the EVM)
 * @param publicWeights  weights published in the verifying key instead of hidden
 */
public record CommitOptions(int securityBits, int hidingProofs, HashFunction hash, boolean publicWeights) {
    public static final int MIN_SECURITY_BITS = 80;

    public static final CommitOptions DEFAULT = new CommitOptions(100, 16, Sha256.INSTANCE, false);

    public CommitOptions {
        if (securityBits < MIN_SECURITY_BITS || securityBits > 128) {
            throw new IllegalArgumentException("security must be between " + MIN_SECURITY_BITS + " and 128 bits, got " + securityBits);
        }
        if (hidingProofs < 1 || hidingProofs > 256) {
            throw new IllegalArgumentException("the number of hidden proofs must be between 1 and 256, got " + hidingProofs);
        }
    }

    public CommitOptions withSecurityBits(int bits) {
        return new CommitOptions(bits, hidingProofs, hash, publicWeights);
    }

    public CommitOptions withHidingProofs(int proofs) {
        return new CommitOptions(securityBits, proofs, hash, publicWeights);
    }

    public CommitOptions withHash(HashFunction h) {
        return new CommitOptions(securityBits, hidingProofs, h, publicWeights);
    }

    public CommitOptions withPublicWeights(boolean isPublic) {
        return new CommitOptions(securityBits, hidingProofs, hash, isPublic);
    }
}
