package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;

/**
 * What prover and verifier channels share: binding public data and drawing challenges. In
 * Fiat–Shamir mode both derive challenges from the same hash of everything absorbed so far; in
 * interactive mode a live verifier draws them from a secure random source and sends them.
 */
public interface ChallengeSource {
    /** Binds statement data both sides already know (nothing is sent). */
    void absorbPublic(String label, byte[] data);

    /** Binds public field elements (canonicalised). */
    void absorbPublic(String label, long[] elements);

    /** A uniformly random extension element. */
    Ext2 challengeExt(String label);

    /** {@code count} independent uniform extension elements. */
    default Ext2[] challengeExts(String label, int count) {
        Ext2[] out = new Ext2[count];
        for (int i = 0; i < count; i++) {
            out[i] = challengeExt(label);
        }
        return out;
    }

    /** {@code count} independent uniform indices in [0, bound), with repetitions possible. */
    int[] challengeIndices(String label, int count, int bound);

    /** True when challenges come from a hash (Fiat–Shamir), false for a live verifier. */
    boolean isFiatShamir();
}
