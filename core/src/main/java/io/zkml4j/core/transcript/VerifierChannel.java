package io.zkml4j.core.transcript;

/**
 * The verifier's side: reads the prover's messages in protocol order (each read names what it
 * expects, so a wrong or missing message is reported by name) and draws the same challenges.
 */
public interface VerifierChannel extends ChallengeSource {
    long[] receiveBase(String label, int count) throws InvalidProofException;

    /** Receives {@code count} extension elements as an interleaved vector. */
    long[] receiveExt(String label, int count) throws InvalidProofException;

    byte[] receiveDigest(String label) throws InvalidProofException;

    byte[] receiveBytes(String label, int length) throws InvalidProofException;

    /** Checks the prover's proof of work (see {@link ProverChannel#grind}). */
    void verifyGrind(String label, int bits) throws InvalidProofException;
}
