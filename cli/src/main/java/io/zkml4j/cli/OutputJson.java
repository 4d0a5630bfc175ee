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
