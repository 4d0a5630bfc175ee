package io.zkml4j.core.transcript;

/**
 * A proof was rejected. The message says which check failed and where, in words a user can act
 * on ("sumcheck 'pcs.reduce' round 3: g(0) + g(1) does not match the claim"). Verifiers throw
 * only this (or its subclass for malformed bytes) for anything wrong with a proof.
 */
public class InvalidProofException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidProofException(String message) {
        super(message);
    }

    /** Throws with the formatted message unless the condition holds. */
    public static void check(boolean condition, String format, Object... args) throws InvalidProofException {
        if (!condition) {
            throw new InvalidProofException(args.length == 0 ? format : String.format(format, args));
        }
    }
}
