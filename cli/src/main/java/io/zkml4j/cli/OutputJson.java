package io.zkml4j.cli;

import java.util.List;
import java.util.Locale;

/**
 * The proven outputs as JSON: {@code output_data} in model units (EZKL style, one list per
 * sample), the exact integers that were proven, and the probabilities when the model's output is
 * read through a softmax.
 */
final class OutputJson {
    private OutputJson() {}

    static String of(List<double[]> values, List<long[]> integers, double scale, List<double[]> probabilities, List<Integer> predicted) {
        StringBuilder sb = new StringBuilder("{\n  \"output_data\": ");
        doubles(sb, values);
        sb.append(",\n  \"output_integers\": [");
        for (int b = 0; b < integers.size(); b++) {
            sb.append(b == 0 ? "" : ", ").append('[');
            long[] v = integers.get(b);
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(v[i]);
            }
            sb.append(']');
        }
        sb.append("],\n  \"output_scale\": ").append(number(scale));
        if (probabilities != null) {
            sb.append(",\n  \"probabilities\": ");
            doubles(sb, probabilities);
        }
        sb.append(",\n  \"predicted_class\": ").append(predicted).append("\n}");
        return sb.toString();
    }

    /** One output of several: {"shape": [...], "scale": s, "output_data": [[...]], "output_integers": [[...]]}. */
    static void port(StringBuilder sb, int[] shape, double scale, List<double[]> values, List<long[]> integers) {
        sb.append("{\"shape\": ").append(java.util.Arrays.toString(shape)).append(", \"scale\": ").append(number(scale))
                .append(", \"output_data\": ");
        doubles(sb, values);
        sb.append(", \"output_integers\": [");
        for (int b = 0; b < integers.size(); b++) {
            sb.append(b == 0 ? "" : ", ").append(java.util.Arrays.toString(integers.get(b)));
        }
        sb.append("]}");
    }

    /** A JSON string literal. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The same object with hashed values' commitments added under {@code key} (hex, one per sample). */
    static String withDigests(String json, String key, List<String> digests) {
        StringBuilder sb = new StringBuilder(json.substring(0, json.lastIndexOf("\n}")));
        sb.append(",\n  \"").append(key).append("\": [");
        for (int b = 0; b < digests.size(); b++) {
            sb.append(b == 0 ? "" : ", ").append('"').append(digests.get(b)).append('"');
        }
        return sb.append("]\n}").toString();
    }

    private static void doubles(StringBuilder sb, List<double[]> rows) {
        sb.append('[');
        for (int b = 0; b < rows.size(); b++) {
            sb.append(b == 0 ? "" : ", ").append('[');
            double[] v = rows.get(b);
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(number(v[i]));
            }
            sb.append(']');
        }
        sb.append(']');
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
