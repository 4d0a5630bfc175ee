package io.zkml4j.proof.circuit;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Prediction;

/**
 * What an accuracy circuit proves about: {@code rows} rows (its batch), the first
 * {@code realRows} of them rows of a committed dataset (the others its padding rows), of
 * {@code features} fixed-point values (each in {@code widthBits} bits) and labels below
 * {@code labelClasses}, converted into the model's inputs by {@code rescale}, predictions by
 * {@code prediction}. Everything here is public (the dataset's description and the model's key).
 */
public record AccuracySpec(int rows, int realRows, int features, int labelClasses, int widthBits, InputRescale rescale, Prediction prediction) {
    public AccuracySpec {
        if (realRows < 1 || realRows > rows) {
            throw new IllegalArgumentException("an accuracy circuit has 1 to " + rows + " real rows, got " + realRows);
        }
    }

    /** A circuit over all of a dataset's {@code rows} rows. */
    public AccuracySpec(int rows, int features, int labelClasses, int widthBits, InputRescale rescale, Prediction prediction) {
        this(rows, rows, features, labelClasses, widthBits, rescale, prediction);
    }

    /** The same statement for a chunk of {@code batch} rows, of which the first {@code real} are the dataset's. */
    public AccuracySpec chunk(int batch, int real) {
        return new AccuracySpec(batch, real, features, labelClasses, widthBits, rescale, prediction);
    }
}
