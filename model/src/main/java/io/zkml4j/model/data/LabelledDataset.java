package io.zkml4j.model.data;

import io.zkml4j.model.io.InputData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Labelled rows as read from a file: numeric feature columns in order and one integer label per
 * row. Read from CSV (a header row, then one row per record; the label column named) or from the
 * EZKL-style JSON {@code {"input_data": [[...]], "labels": [...]}} that {@code zkml accuracy}
 * reads (the samples back to back in one list). Every value is finite; labels are non-negative.
 */
public record LabelledDataset(List<String> featureNames, double[][] rows, int[] labels) {
    /** Rows a dataset may have, and features per row: bounds checked before anything is allocated. */
    public static final int MAX_ROWS = 1 << 20;
    public static final int MAX_FEATURES = 1 << 16;
    /** Labels are class indices below this. */
    public static final int MAX_CLASSES = 1 << 12;

    public LabelledDataset {
        featureNames = List.copyOf(featureNames);
        if (rows.length != labels.length || rows.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one row and one label per row");
        }
        for (double[] r : rows) {
            if (r.length != featureNames.size()) {
                throw new IllegalArgumentException("every row has one value per feature");
            }
        }
    }

    public int size() {
        return rows.length;
    }

    public int features() {
        return featureNames.size();
    }

    /** One more than the largest label. */
    public int classes() {
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }

    /** Reads CSV (by a {@code .csv} name, or when {@code labelColumn} is given) or JSON. */
    public static LabelledDataset read(Path file, String labelColumn) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DatasetFormatException(file + ": not UTF-8 text");
        }
        boolean csv = labelColumn != null || file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
        return csv ? parseCsv(text, file.toString(), labelColumn) : parseJson(text, file.toString());
    }

    /** The JSON format of {@link InputData}, with labels required. */
    public static LabelledDataset parseJson(String json, String source) throws IOException {
        InputData data;
        try {
            data = InputData.parse(json, source);
        } catch (IOException e) {
            throw new DatasetFormatException(e.getMessage());
        }
        if (data.inputs().size() != 1) {
            throw new DatasetFormatException(source + ": a dataset has one \"input_data\" list (the samples back to back), found "
                    + data.inputs().size());
        }
        int n = data.labels().length;
        if (n == 0) {
            throw new DatasetFormatException(source + ": no \"labels\": a dataset needs one label per sample");
        }
        float[] values = data.inputs().get(0);
        if (values.length % n != 0) {
            throw new DatasetFormatException(source + ": " + values.length + " values do not split into " + n + " samples (one per label)");
        }
        int features = values.length / n;
        checkSize(source, n, features);
        double[][] rows = new double[n][features];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < features; c++) {
                float v = values[r * features + c];
                if (!Float.isFinite(v)) {
                    throw new DatasetFormatException(source + ": sample " + r + " value " + c + " is " + v);
                }
                rows[r][c] = v; // the float the model's own quantisation reads
            }
        }
        for (int r = 0; r < n; r++) {
            checkLabel(source + ": \"labels\"[" + r + "]", data.labels()[r]);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < features; c++) {
            names.add("x" + c);
        }
        return new LabelledDataset(names, rows, data.labels());
    }

    /**
     * CSV with a header row; cells separated by commas (optionally double-quoted). Every column but
     * the label column is a feature, in order.
     *
     * @param labelColumn the label column's header name (null: "label")
     */
    public static LabelledDataset parseCsv(String text, String source, String labelColumn) throws DatasetFormatException {
        String label = labelColumn == null ? "label" : labelColumn;
        int[] lineStarts = lineStarts(text);
        int lines = lineStarts.length - 1;
        while (lines > 0 && line(text, lineStarts, lines - 1).isBlank()) {
            lines--;
        }
        if (lines == 0) {
            throw new DatasetFormatException(source + ": empty file (expected a header row and data rows)");
        }
        List<String> header = cells(line(text, lineStarts, 0), source, 1);
        int labelAt = header.indexOf(label);
        if (labelAt < 0) {
            throw new DatasetFormatException(source + ": line 1: no label column '" + label + "' in the header " + shortList(header));
        }
        if (header.size() < 2) {
            throw new DatasetFormatException(source + ": line 1: no feature columns besides the label");
        }
        int n = lines - 1;
        if (n == 0) {
            throw new DatasetFormatException(source + ": no data rows after the header");
        }
        checkSize(source, n, header.size() - 1);
        List<String> names = new ArrayList<>(header);
        names.remove(labelAt);
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        // Rows parse in parallel (a 10,000-image file is 40 MB of text); the error reported is the first line's, as read in order.
        // Only the first bad line's message is kept, and lines after a bad one are skipped: a message names its column, and
        // one per bad line (a long column name over many bad lines) ran out of memory where reading in order stops at the first.
        AtomicInteger firstBad = new AtomicInteger(n);
        String[] firstError = new String[1];
        java.util.stream.IntStream.range(0, n).parallel().forEach(r -> {
            if (r > firstBad.get()) {
                return; // an earlier line is bad: this one cannot be the line reported
            }
            try {
                rows[r] = new double[names.size()];
                labels[r] = parseRow(line(text, lineStarts, r + 1), r + 2, header, labelAt, source, rows[r]);
            } catch (DatasetFormatException e) {
                synchronized (firstError) {
                    if (r < firstBad.get()) {
                        firstBad.set(r);
                        firstError[0] = e.getMessage();
                    }
                }
            }
        });
        synchronized (firstError) {
            if (firstError[0] != null) {
                throw new DatasetFormatException(firstError[0]);
            }
        }
        return new LabelledDataset(names, rows, labels);
    }

    /** Where each line starts, and one past the end of the text last (a line's '\r' before its '\n' is dropped by {@link #line}). */
    private static int[] lineStarts(String text) {
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            count++;
        }
        int[] starts = new int[count + 1];
        int k = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts[k++] = i + 1;
        }
        starts[count] = text.length() + 1;
        return starts;
    }

    private static String line(String text, int[] lineStarts, int index) {
        int end = lineStarts[index + 1] - 1;
        if (end > lineStarts[index] && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(lineStarts[index], end);
    }

    /** One data line's features into {@code row}; returns its label. */
    private static int parseRow(String text, int line, List<String> header, int labelAt, String source, double[] row)
            throws DatasetFormatException {
        List<String> cells = text.indexOf('"') < 0 ? plainCells(text) : cells(text, source, line);
        if (cells.size() != header.size()) {
            throw new DatasetFormatException(source + ": line " + line + ": " + cells.size() + " cells, the header has " + header.size());
        }
        int label = 0;
        int f = 0;
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            try {
                if (c == labelAt) {
                    label = integer(cell);
                } else {
                    row[f++] = number(cell);
                }
            } catch (BadCell e) {
                throw new DatasetFormatException(source + ": line " + line + ", column " + (c + 1) + " (" + header.get(c) + "): " + e.getMessage());
            }
        }
        return label;
    }

    /** The cells of a line without quotes, trimmed. */
    private static List<String> plainCells(String line) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
            out.add(line.substring(from, comma).trim());
            from = comma + 1;
        }
        out.add(line.substring(from).trim());
        return out;
    }

    /** What is wrong with one cell; the caller names where it is. Thrown per bad cell only, so without a stack trace. */
    private static final class BadCell extends Exception {
        BadCell(String message) {
            super(message, null, false, false);
        }
    }

    private static void checkSize(String source, long rows, long features) throws DatasetFormatException {
        if (rows > MAX_ROWS || features > MAX_FEATURES || features < 1) {
            throw new DatasetFormatException(source + ": " + rows + " rows of " + features + " features; at most " + MAX_ROWS
                    + " rows of 1 to " + MAX_FEATURES + " features are supported");
        }
    }

    private static void checkLabel(String where, int label) throws DatasetFormatException {
        if (label < 0 || label >= MAX_CLASSES) {
            throw new DatasetFormatException(where + ": label " + label + " is not a class index 0 to " + (MAX_CLASSES - 1));
        }
    }

    private static double number(String cell) throws BadCell {
        if (cell.isEmpty()) {
            throw new BadCell("empty cell");
        }
        double v;
        try {
            v = DecimalParser.parse(cell);
        } catch (NumberFormatException e) {
            throw new BadCell("'" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadCell("'" + cell + "' is not a finite number");
        }
        return v;
    }

    private static int integer(String cell) throws BadCell {
        double v = number(cell);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new BadCell("label '" + cell + "' is not an integer");
        }
        if (v < 0 || v >= MAX_CLASSES) {
            throw new BadCell("label " + (int) v + " is not a class index 0 to " + (MAX_CLASSES - 1));
        }
        return (int) v;
    }

    /** The cells of one line; a double-quoted cell may hold commas ("" is a quote). */
    private static List<String> cells(String line, String source, int lineNumber) throws DatasetFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DatasetFormatException(source + ": line " + lineNumber + ": a quoted cell is not closed");
        }
        out.add(cell.toString().trim());
        return out;
    }

    /** A header for an error message: the first and last few names of a wide one (784 pixel columns would drown the message). */
    static String shortList(List<String> names) {
        if (names.size() <= 12) {
            return names.toString();
        }
        return "[" + String.join(", ", names.subList(0, 6)) + ", ... (" + (names.size() - 9) + " more), "
                + String.join(", ", names.subList(names.size() - 3, names.size())) + "]";
    }
}
