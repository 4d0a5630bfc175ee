package io.zkml4j.model.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What quantisation chose, layer by layer and after the model, and how closely the quantised
 * model follows the float model on the calibration samples. {@link #format()} (and
 * {@code toString}) prints it as a short table for people.
 *
 * @param postprocess what is left to the verifier (a final Softmax that was not quantised)
 */
public record QuantizationReport(List<LayerSummary> layers, Postprocess postprocess, Comparison comparison) {
    public QuantizationReport {
        layers = List.copyOf(layers);
    }

    /**
     * One quantised layer.
     *
     * @param kind        the layer type (Dense, Conv, Affine, …)
     * @param inputScales the real scale of each input tensor
     * @param requant     the layer's requantisation (shift and activation), or null for layers that only move or
     *                    select values (MaxPool, Reshape, Transpose, Concat)
     */
    public record LayerSummary(String name, String kind, List<Double> inputScales, double outputScale, Requant requant) {
        public LayerSummary {
            inputScales = List.copyOf(inputScales);
        }
    }

    /**
     * Float output against the dequantised quantised output, over the calibration samples.
     *
     * @param maxAbsError   the largest |float − dequantised| over all samples and output values
     * @param meanAbsError  the mean of |float − dequantised| over all samples and output values
     * @param outputMin     the smallest float output value seen
     * @param outputMax     the largest float output value seen
     * @param argmaxMatches the number of samples whose quantised output has its largest value at the float output's argmax
     */
    public record Comparison(int samples, double maxAbsError, double meanAbsError, double outputMin, double outputMax,
                             int argmaxMatches) {
        /** The fraction of samples whose argmax agrees. */
        public double argmaxAgreement() {
            return samples == 0 ? 1 : (double) argmaxMatches / samples;
        }

        /** Compares float outputs with dequantised ones, sample by sample. */
        public static Comparison of(List<double[]> floats, List<double[]> dequantized) {
            if (floats.size() != dequantized.size()) {
                throw new IllegalArgumentException(floats.size() + " float outputs but " + dequantized.size() + " quantised ones");
            }
            double max = 0;
            double sum = 0;
            long count = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int matches = 0;
            for (int s = 0; s < floats.size(); s++) {
                double[] f = floats.get(s);
                double[] q = dequantized.get(s);
                if (f.length != q.length) {
                    throw new IllegalArgumentException("sample " + s + ": " + f.length + " float outputs, " + q.length + " quantised");
                }
                for (int i = 0; i < f.length; i++) {
                    double e = Math.abs(f[i] - q[i]);
                    max = Math.max(max, e);
                    sum += e;
                    lo = Math.min(lo, f[i]);
                    hi = Math.max(hi, f[i]);
                }
                count += f.length;
                if (argmax(f) == argmax(q)) {
                    matches++;
                }
            }
            return new Comparison(floats.size(), max, count == 0 ? 0 : sum / count, lo, hi, matches);
        }
    }

    /** The first index of the largest value (-1 for an empty array). */
    public static int argmax(double[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (best < 0 || values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The per-layer part of a report, read off a quantised model. */
    static List<LayerSummary> summarize(QuantizedModel model) {
        List<LayerSummary> out = new ArrayList<>();
        for (QLayer layer : model.layers()) {
            List<Double> in = layer.inputs().stream().map(t -> model.tensor(t).scale()).toList();
            Requant rq = QLayer.requantOf(layer);
            out.add(new LayerSummary(layer.name(), layer.getClass().getSimpleName(), in, model.tensor(layer.output()).scale(), rq));
        }
        return out;
    }

    /** A human-readable table of the layers and a summary of the comparison. */
    public String format() {
        int nameWidth = 5;
        for (LayerSummary l : layers) {
            nameWidth = Math.max(nameWidth, l.name().length());
        }
        nameWidth = Math.min(nameWidth, 48);
        StringBuilder sb = new StringBuilder();
        String row = "%-" + nameWidth + "s  %-9s  %-21s  %-9s  %5s  %s%n";
        sb.append(String.format(Locale.ROOT, row, "layer", "kind", "input scale(s)", "out scale", "shift", "activation"));
        for (LayerSummary l : layers) {
            String name = l.name().length() > nameWidth ? l.name().substring(0, nameWidth - 1) + "…" : l.name();
            String inputs = String.join(", ", l.inputScales().stream().map(QuantizationReport::scale).toList());
            sb.append(String.format(Locale.ROOT, row, name, l.kind(), inputs, scale(l.outputScale()),
                    l.requant() == null ? "-" : String.valueOf(l.requant().shift()),
                    l.requant() == null ? "-" : l.requant().activation().describe()));
        }
        if (postprocess.kind() != Postprocess.Kind.NONE) {
            sb.append("after the model, left to the verifier: ").append(postprocess.describe()).append('\n');
        }
        Comparison c = comparison;
        sb.append(String.format(Locale.ROOT,
                "quantised vs float output on %d calibration sample(s): max |error| %.4g, mean |error| %.4g, "
                        + "float output range [%.4g, %.4g], argmax agreement %d/%d (%.1f%%)%n",
                c.samples(), c.maxAbsError(), c.meanAbsError(), c.outputMin(), c.outputMax(), c.argmaxMatches(), c.samples(),
                100 * c.argmaxAgreement()));
        return sb.toString();
    }

    private static String scale(double s) {
        return String.format(Locale.ROOT, "%.3e", s);
    }

    @Override
    public String toString() {
        return format();
    }
}
