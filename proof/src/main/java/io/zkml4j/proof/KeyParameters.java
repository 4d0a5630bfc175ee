package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.FileFormatException;

/** The proofs' commitment parameters as keys store them, read and checked against the weight commitment. */
final class KeyParameters {
    private KeyParameters() {}

    static LigeroParameters read(BinaryReader r) throws FileFormatException {
        try {
            return LigeroParameters.decode(r.bytes("proof commitment parameters"));
        } catch (MalformedProofException e) {
            throw r.error("proof commitment parameters", e.getMessage());
        }
    }

    /** A sealed commitment has no random columns; both use one hash. */
    static void check(BinaryReader r, Commitment sealed, LigeroParameters proof) throws FileFormatException {
        if (sealed.parameters().randomColumns() != 0) {
            throw r.error("weight commitment", "a sealed weight commitment has no random columns");
        }
        if (!sealed.parameters().hash().name().equals(proof.hash().name())) {
            throw r.error("proof commitment parameters", "their hash differs from the weight commitment's");
        }
    }
}
