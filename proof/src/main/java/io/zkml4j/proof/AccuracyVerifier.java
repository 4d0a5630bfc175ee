package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.circuit.AccuracySpec;

import java.util.Arrays;
import java.util.HexFormat;

/** Checks accuracy proofs against a verifying key and a dataset's public description. Every rejection says why. */
public final class AccuracyVerifier {
    private final VerifyingKey key;
    private final double minimumBits;

    public AccuracyVerifier(VerifyingKey key) {
        this(key, Verifier.DEFAULT_MINIMUM_BITS);
    }

    public AccuracyVerifier(VerifyingKey key, double minimumBits) {
        this.key = key;
        this.minimumBits = minimumBits;
    }

    /**
     * Verifies that the key's model predicts the committed label on exactly the stated number of
     * the dataset's rows.
     *
     * @throws InvalidProofException with the reason, when the proof is not valid for this key and dataset
     */
    public VerifiedAccuracy verify(DatasetCommitment data, AccuracyProof proof) throws InvalidProofException {
        InvalidProofException.check(Arrays.equals(proof.modelDigest(), key.digest()),
                "the proof is for another model (key digest %s), not for this verifying key (%s)",
                HexFormat.of().formatHex(proof.modelDigest()), key.digestHex());
        InvalidProofException.check(Arrays.equals(proof.datasetDigest(), data.digest()),
                "the proof is for another dataset (digest %s), not for this one (%s)", HexFormat.of().formatHex(proof.datasetDigest()),
                data.digestHex());
        InvalidProofException.check(proof.rows() == data.rows(), "the proof counts %d rows, the dataset has %d", proof.rows(), data.rows());
        InvalidProofException.check(proof.correct() >= 0 && proof.correct() <= proof.rows(), "the proof states %d correct of %d rows",
                proof.correct(), proof.rows());
        AccuracySpec spec;
        try {
            spec = AccuracyStatement.spec(key.architecture(), data);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("the dataset does not fit the model: " + e.getMessage());
        }
        String chunking = AccuracyStatement.chunkingProblem(key.architecture(), data.rows(), proof.chunkRows());
        InvalidProofException.check(chunking == null, "the proof's chunks are not ones this verifier checks: %s", chunking);
        AccuracyProtocol.Chunks chunks = AccuracyStatement.chunks(key.architecture(), spec, proof.chunkRows());
        LigeroParameters keyParams = key.proofParameters();
        InvalidProofException.check(data.commitment().parameters().hash().name().equals(keyParams.hash().name()),
                "the dataset is committed with %s, the model's proofs use %s", data.commitment().parameters().hash().name(),
                keyParams.hash().name());
        LigeroParameters params = AccuracyStatement.parameters(chunks, keyParams);
        String problem = io.zkml4j.core.sealed.SealedOpening.geometryProblem(data.commitment(), params);
        InvalidProofException.check(problem == null, "the dataset commitment cannot be opened in a proof: %s", problem);
        FiatShamirVerifier channel = new FiatShamirVerifier(keyParams.hash(), AccuracyStatement.domainSeparator(key.commitment().parameters(),
                data.commitment().parameters(), params), proof.transcript());
        AccuracyProtocol.verify(chunks, key.commitment(), params, key.digest(),
                new AccuracyProtocol.Statement(data.commitment(), data.digest(), proof.correct(), proof.chunkRows()), channel, minimumBits);
        channel.finish();
        double bits = Math.min(key.securityBits(), Math.min(params.security().bits(), data.commitment().parameters().security().bits()));
        return new VerifiedAccuracy(key.digestHex(), data.digestHex(), proof.correct(), proof.rows(), bits);
    }
}
