package io.zkml4j.model.onnx;

/**
 * The bytes are not a valid ONNX model: malformed or truncated protobuf, fields of the wrong
 * type, tensors whose data does not match their shape, or a graph that breaks the ONNX rules
 * (undefined values, cycles, values defined twice, shapes that do not fit together). The message
 * names the file and where the problem is.
 */
public final class ModelFormatException extends ModelImportException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
