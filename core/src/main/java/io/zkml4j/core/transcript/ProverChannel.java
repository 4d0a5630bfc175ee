package io.zkml4j.core.transcript;

/**
 * The prover's side of a protocol: every message it sends is bound before the next challenge.
 * Implementations: {@link FiatShamirProver} (writes a proof) and {@link InteractiveProver}
 * (talks to a live verifier). Protocol code never knows which it has.
 */
public interface ProverChannel extends ChallengeSource {
    void sendBase(String label, long[] elements);

    /** Sends extension elements given as an interleaved vector (c0, c1, c0, c1, ...). */
    void sendExt(String label, long[] interleaved);

    void sendDigest(String label, byte[] digest);

    void sendBytes(String label, byte[] bytes);

    /**
     * Proof of work: in Fiat–Shamir mode finds and sends a nonce whose hash with the transcript
     * has {@code bits} leading zero bits, which makes grinding the next challenge 2^bits times
     * dearer. A no-op with a live verifier, whose challenges cannot be ground.
     */
    void grind(String label, int bits);
}
