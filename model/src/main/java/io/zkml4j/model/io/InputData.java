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
        Object root = new JsonReader(json, source).document();
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

    /**
     * A small strict JSON reader (RFC 8259): objects become maps, arrays lists, numbers doubles,
     * strings strings, true/false booleans and null null.
     */
    private static final class JsonReader {
        private final String text;
        private final String source;
        private int pos;

        JsonReader(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Object document() throws IOException {
            Object v = value();
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the JSON value");
            }
            return v;
        }

        private Object value() throws IOException {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of the text");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Map<String, Object> object() throws IOException {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++; // {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipSpace();
                expect(':');
                if (map.put(key, value()) != null) {
                    throw error("duplicate key \"" + key + "\"");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() throws IOException {
            List<Object> list = new ArrayList<>();
            pos++; // [
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() throws IOException {
            StringBuilder sb = new StringBuilder();
            pos++; // opening quote
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            }
        }

        /** A number as JSON writes it: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
        private Double number() throws IOException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (!digits()) {
                throw error("malformed number");
            }
            if (peek() == '.') {
                pos++;
                if (!digits()) {
                    throw error("malformed number");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!digits()) {
                    throw error("malformed number");
                }
            }
            return Double.parseDouble(text.substring(start, pos));
        }

        private boolean digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }

        private Object literal(String word, Object value) throws IOException {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected character '" + text.charAt(pos) + "'");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c) throws IOException {
            if (peek() != c) {
                throw error(pos >= text.length() ? "expected '" + c + "' before the end of the text" : "expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private IOException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(pos, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new IOException(source + ": not valid JSON at line " + line + ", column " + column + ": " + what);
        }
    }
}
