package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;

import java.util.Arrays;
import java.util.Random;

/** Sealed weight commitments for protocol tests that build circuits by hand. */
final class TestCommitments {
    static final LigeroParameters SEALED = LigeroParameters.withoutRandomColumns(40, 10, 2, Sha256.INSTANCE);

    private TestCommitments() {}

    static SealedCommitment seal(long[][] vectors, Random random) {
        return SealedCommitment.commit(SEALED, Arrays.asList(vectors), random);
    }

    static String domain(LigeroParameters proof) {
        return InferenceProtocol.domainSeparator(SEALED, proof);
    }
}
