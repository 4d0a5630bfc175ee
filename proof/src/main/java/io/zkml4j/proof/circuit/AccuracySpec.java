package io.zkml4j.proof.circuit;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Prediction;

/**
 * What an accuracy circuit proves about: a committed dataset of {@code rows} rows of
 * {@code features} fixed-point values (each in {@code widthBits} bits) and labels below
 * {@code labelClasses}, converted into the model's inputs by {@code rescale}, predictions by
 * {@code prediction}. Everything here is public (the dataset's description and the model's key).
 */
public record AccuracySpec(int rows, int features, int labelClasses, int widthBits, InputRescale rescale, Prediction prediction) {}
