package io.zkml4j.model.onnx;

import java.util.List;

/** The model uses operators zkml4j does not support at all (reported before anything else is checked). */
public final class UnsupportedOperatorException extends UnsupportedModelException {
    private static final long serialVersionUID = 1L;

    private final List<String> operators;

    public UnsupportedOperatorException(String message, List<String> operators) {
        super(message);
        this.operators = List.copyOf(operators);
    }

    /** The unsupported operator types, as {@code domain.OpType} for non-default domains, in order of first use. */
    public List<String> operators() {
        return operators;
    }
}
