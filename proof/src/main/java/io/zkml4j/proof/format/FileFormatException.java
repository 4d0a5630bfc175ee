package io.zkml4j.proof.format;

/**
 * A key, proof or model file that does not parse: wrong magic or version, truncated, a field out
 * of range, trailing bytes. The message names the file and the field.
 */
public final class FileFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public FileFormatException(String message) {
        super(message);
    }
}
