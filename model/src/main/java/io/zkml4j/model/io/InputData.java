package io.zkml4j.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model inputs in the EZKL-style JSON the examples and the command line use:
 * {@code {"input_data": [[...], ...]}} with one flat, row-major list per model input, and an
 * optional {@code "labels": [...]} of class indices. Several samples of one input are stored
 * concatenated in its list; {@link #samples(int)} splits them.
 *
 * @param inputs one array per model input
 * @param labels the labels, or an empty array when the file has none
 */
public record InputData(List<float[]> inputs, int[] labels) {
    public InputData {
        inputs = List.copyOf(inputs);
        labels = labels.clone();
    }

    /**
     * Reads a file.
     *
     * @throws IOException when it cannot be read, is not JSON, or lacks a well-formed "input_data"
     *                     (the message names the file and the position)
     */
    public static InputData read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses JSON text.
     *
     * @param source how messages name the text, e.g. its file name
     */
    public static InputData parse(String json, String source) throws IOException {
        Object root = Json.parse(json, source);
        if (!(root instanceof Map<?, ?> object)) {
            throw new IOException(source + ": expected a JSON object with \"input_data\"");
        }
        Object data = object.get("input_data");
        if (!(data instanceof List<?> lists) || lists.isEmpty()) {
            throw new IOException(source + ": \"input_data\" must be a non-empty list of lists of numbers");
        }
        List<float[]> inputs = new ArrayList<>();
        for (int k = 0; k < lists.size(); k++) {
            if (!(lists.get(k) instanceof List<?> values)) {
                throw new IOException(source + ": \"input_data\"[" + k + "] is not a list of numbers");
            }
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(values.get(i) instanceof Double d)) {
                    throw new IOException(source + ": \"input_data\"[" + k + "][" + i + "] is not a number");
                }
                v[i] = (float) (double) d;
            }
            inputs.add(v);
        }
        int[] labels = new int[0];
        Object l = object.get("labels");
        if (l != null) {
            if (!(l instanceof List<?> values)) {
                throw new IOException(source + ": \"labels\" must be a list of integers");
            }
            labels = new int[values.size()];
            for (int i = 0; i < labels.length; i++) {
                if (!(values.get(i) instanceof Double d) || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    throw new IOException(source + ": \"labels\"[" + i + "] is not an integer");
                }
                labels[i] = (int) (double) d;
            }
        }
        return new InputData(inputs, labels);
    }

    /**
     * The samples of the first (only) input, each {@code sampleSize} values long.
     *
     * @throws IllegalArgumentException when the model has several inputs or the values do not divide into samples
     */
    public List<float[]> samples(int sampleSize) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the data holds " + inputs.size() + " inputs; samples are split for one");
        }
        float[] all = inputs.get(0);
        if (sampleSize < 1 || all.length % sampleSize != 0 || all.length == 0) {
            throw new IllegalArgumentException("the data holds " + all.length + " values, which is not a whole number of samples of "
                    + sampleSize);
        }
        List<float[]> samples = new ArrayList<>();
        for (int from = 0; from < all.length; from += sampleSize) {
            samples.add(Arrays.copyOfRange(all, from, from + sampleSize));
        }
        return samples;
    }
}
