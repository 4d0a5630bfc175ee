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

    /** The sealed commitment's geometry is within the opening's bounds; both use one hash. */
    static void check(BinaryReader r, Commitment sealed, LigeroParameters proof) throws FileFormatException {
        String problem = io.zkml4j.core.sealed.SealedOpening.geometryProblem(sealed, proof);
        if (problem != null) {
            throw r.error("weight commitment", problem);
        }
        if (!sealed.parameters().hash().name().equals(proof.hash().name())) {
            throw r.error("proof commitment parameters", "their hash differs from the weight commitment's");
        }
    }
}
