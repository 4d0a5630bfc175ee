package io.zkml4j.proof;

/**
 * A model whose weights do not fit the hidden-weight commitment's bounds (the verifier's work
 * on an untrusted key is bounded, and these bounds cap the number of weight tensors times the
 * commitment's row width): refused at commit time, since every verifier would refuse the key.
 */
public final class ModelTooLargeException extends UnsupportedOperationException {
    ModelTooLargeException(String message) {
        super(message);
    }
}
