package io.zkml4j.model.onnx;

/**
 * An ONNX model could not be imported. Checked on purpose: a model file is user input, and every
 * caller (CLI, service, tests) must decide how to report it. The two subclasses separate "these
 * bytes are not a valid ONNX model" from "a valid model that zkml4j does not handle".
 */
public abstract sealed class ModelImportException extends Exception
        permits ModelFormatException, UnsupportedModelException {
    private static final long serialVersionUID = 1L;

    protected ModelImportException(String message) {
        super(message);
    }
}
