package io.zkml4j.model.onnx;

/**
 * A valid ONNX model that zkml4j cannot import: an operator, attribute value, data type or
 * dynamic computation outside what the toolkit proves. The message says what and where.
 */
public sealed class UnsupportedModelException extends ModelImportException permits UnsupportedOperatorException {
    private static final long serialVersionUID = 1L;

    public UnsupportedModelException(String message) {
        super(message);
    }
}
