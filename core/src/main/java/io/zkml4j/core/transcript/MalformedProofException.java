package io.zkml4j.core.transcript;

/** The proof bytes do not parse: truncated, trailing bytes, wrong record, non-canonical element. */
public final class MalformedProofException extends InvalidProofException {
    private static final long serialVersionUID = 1L;

    public MalformedProofException(String message) {
        super(message);
    }
}
