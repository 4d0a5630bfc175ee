package io.zkml4j.model.quant;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the float model on every calibration sample and keeps what quantisation needs: the largest
 * magnitude each runtime value reaches, and the float values of the tensor that becomes the
 * quantised model's output (to compare against afterwards).
 */
final class Calibration {
    private final Map<String, Double> maxAbs = new HashMap<>();
    private final List<double[]> outputs = new ArrayList<>();

    private Calibration() {}

    /**
     * @param output the value whose float results are kept per sample
     * @throws IllegalArgumentException naming the sample when there are none, one has the wrong length or holds NaN or
     *                                  ±∞, or the float model computes NaN or ±∞ from one
     */
    static Calibration run(Graph graph, List<float[]> samples, String output) {
        Graph.ValueInfo input = graph.inputs().get(0);
        int size = Math.toIntExact(Tensor.size(input.shape()));
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no calibration samples: at least one input of " + size + " values (shape "
                    + Arrays.toString(input.shape()) + ") is needed to choose the scales");
        }
        for (int s = 0; s < samples.size(); s++) {
            float[] x = samples.get(s);
            if (x == null || x.length != size) {
                throw new IllegalArgumentException("calibration sample " + s + " has " + (x == null ? "no" : x.length)
                        + " values; the input '" + input.name() + "' of shape " + Arrays.toString(input.shape()) + " holds " + size);
            }
            for (int i = 0; i < x.length; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new IllegalArgumentException("calibration sample " + s + " holds " + x[i] + " at index " + i);
                }
            }
        }
        Calibration c = new Calibration();
        FloatExecutor executor = new FloatExecutor(graph);
        for (int s = 0; s < samples.size(); s++) {
            Map<String, Tensor> values = executor.run(Map.of(input.name(), new Tensor(input.shape(), samples.get(s).clone())));
            for (Map.Entry<String, Tensor> e : values.entrySet()) {
                if (graph.constants().containsKey(e.getKey())) {
                    continue;
                }
                double m = 0;
                for (float v : e.getValue().data()) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("calibration sample " + s + " drives '" + e.getKey()
                                + "' to " + v + " in the float model; no scale can represent that");
                    }
                    m = Math.max(m, Math.abs(v));
                }
                c.maxAbs.merge(e.getKey(), m, Math::max);
            }
            float[] y = values.get(output).data();
            double[] copy = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                copy[i] = y[i];
            }
            c.outputs.add(copy);
        }
        return c;
    }

    /** The largest magnitude a runtime value reached over all samples. */
    double maxAbs(String value) {
        Double m = maxAbs.get(value);
        if (m == null) {
            throw new IllegalStateException("no calibration statistics for '" + value + "'");
        }
        return m;
    }

    /** Float values of the kept output, one array per sample. */
    List<double[]> outputs() {
        return outputs;
    }
}
