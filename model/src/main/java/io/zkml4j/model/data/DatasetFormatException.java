package io.zkml4j.model.data;

import java.io.IOException;

/** A dataset file that cannot be read as labelled rows; the message names the file, line and column. */
public final class DatasetFormatException extends IOException {
    public DatasetFormatException(String message) {
        super(message);
    }
}
