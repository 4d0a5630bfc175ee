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
     * @param samples each sample's values: every graph input's, flattened, one after another in the graph's order
     * @param outputs the values whose float results are kept per sample (joined in this order)
     * @throws IllegalArgumentException naming the sample when there are none, one has the wrong length or holds NaN or
     *                                  ±∞, or the float model computes NaN or ±∞ from one
     */
    static Calibration run(Graph graph, List<float[]> samples, List<String> outputs) {
        int size = 0;
        for (Graph.ValueInfo in : graph.inputs()) {
            size += Math.toIntExact(Tensor.size(in.shape()));
        }
        String expected = describe(graph);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no calibration samples: at least one input of " + size + " values ("
                    + (graph.inputs().size() == 1 ? "shape " + Arrays.toString(graph.inputs().get(0).shape()) : expected)
                    + ") is needed to choose the scales");
        }
        for (int s = 0; s < samples.size(); s++) {
            float[] x = samples.get(s);
            if (x == null || x.length != size) {
                throw new IllegalArgumentException("calibration sample " + s + " has " + (x == null ? "no" : x.length)
                        + " values; " + expected + " hold" + (graph.inputs().size() == 1 ? "s " : " ") + size);
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
            Map<String, Tensor> values = executor.run(split(graph, samples.get(s)));
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
            int length = 0;
            for (String out : outputs) {
                length += values.get(out).data().length;
            }
            double[] joined = new double[length];
            int at = 0;
            for (String out : outputs) {
                for (float v : values.get(out).data()) {
                    joined[at++] = v;
                }
            }
            c.outputs.add(joined);
        }
        return c;
    }

    /** One sample's values cut into the graph's inputs, in order. */
    static Map<String, Tensor> split(Graph graph, float[] sample) {
        Map<String, Tensor> inputs = new HashMap<>();
        int offset = 0;
        for (Graph.ValueInfo in : graph.inputs()) {
            int n = Math.toIntExact(Tensor.size(in.shape()));
            inputs.put(in.name(), new Tensor(in.shape(), Arrays.copyOfRange(sample, offset, offset + n)));
            offset += n;
        }
        return inputs;
    }

    /** "the input 'x' of shape [1, 3]", or "the inputs 'a' [1, 3], 'b' [1, 2]". */
    private static String describe(Graph graph) {
        if (graph.inputs().size() == 1) {
            Graph.ValueInfo input = graph.inputs().get(0);
            return "the input '" + input.name() + "' of shape " + Arrays.toString(input.shape());
        }
        StringBuilder b = new StringBuilder("the inputs ");
        for (Graph.ValueInfo in : graph.inputs()) {
            b.append(b.length() > 11 ? ", " : "").append('\'').append(in.name()).append("' ").append(Arrays.toString(in.shape()));
        }
        return b.toString();
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
