package io.zkml4j.model.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model in exact integer arithmetic: what a proof is about. Tensors have a shape and a real
 * scale (real value ≈ integer × scale); the input is quantised outside the model, the output is
 * dequantised outside it.
 */
public final class QuantizedModel {
    /** Shape and real scale of a tensor. */
    public record TensorSpec(int[] shape, double scale) {
        public int size() {
            int s = 1;
            for (int d : shape) {
                s *= d;
            }
            return s;
        }
    }

    private final String name;
    private final Map<String, TensorSpec> tensors;
    private final String input;
    private final String output;
    private final List<QLayer> layers;

    public QuantizedModel(String name, Map<String, TensorSpec> tensors, String input, String output, List<QLayer> layers) {
        this.name = name;
        this.tensors = new LinkedHashMap<>(tensors);
        this.input = input;
        this.output = output;
        this.layers = List.copyOf(layers);
        if (!tensors.containsKey(input) || !tensors.containsKey(output)) {
            throw new IllegalArgumentException("input and output must be tensors of the model");
        }
        for (QLayer l : layers) {
            for (String t : l.inputs()) {
                if (!tensors.containsKey(t)) {
                    throw new IllegalArgumentException("layer " + l.name() + " reads unknown tensor '" + t + "'");
                }
            }
            if (!tensors.containsKey(l.output())) {
                throw new IllegalArgumentException("layer " + l.name() + " writes unknown tensor '" + l.output() + "'");
            }
        }
    }

    public String name() {
        return name;
    }

    public Map<String, TensorSpec> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    public TensorSpec tensor(String tensorName) {
        TensorSpec s = tensors.get(tensorName);
        if (s == null) {
            throw new IllegalArgumentException("no tensor '" + tensorName + "'");
        }
        return s;
    }

    public String input() {
        return input;
    }

    public String output() {
        return output;
    }

    public List<QLayer> layers() {
        return layers;
    }

    public TensorSpec inputSpec() {
        return tensors.get(input);
    }

    public TensorSpec outputSpec() {
        return tensors.get(output);
    }

    /** Number of committed parameters (weights, biases, multipliers). */
    public long parameterCount() {
        long n = 0;
        for (QLayer l : layers) {
            n += switch (l) {
                case QLayer.Dense d -> d.weight().length + d.bias().length;
                case QLayer.Conv c -> c.weight().length + c.bias().length;
                case QLayer.Affine a -> a.scale().length + a.shift().length;
                default -> 0;
            };
        }
        return n;
    }

    /**
     * Quantises a real input: x / scale rounded half up. Fails, naming the position, if a value
     * falls outside the 16-bit range (the model cannot represent it).
     */
    public long[] quantizeInput(float[] values) {
        TensorSpec spec = inputSpec();
        if (values.length != spec.size()) {
            throw new IllegalArgumentException("the model expects " + spec.size() + " input values (shape "
                    + java.util.Arrays.toString(spec.shape()) + "), got " + values.length);
        }
        long[] q = new long[values.length];
        for (int i = 0; i < q.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("input value " + i + " is " + values[i]);
            }
            long v = (long) Math.floor(values[i] / spec.scale() + 0.5);
            if (v < Activation.MIN || v > Activation.MAX) {
                throw new IllegalArgumentException("input value " + i + " (" + values[i] + ") is outside the quantisation range ±"
                        + (float) (Activation.MAX * spec.scale()) + " of this model");
            }
            q[i] = v;
        }
        return q;
    }

    /** Real values of the output tensor. */
    public double[] dequantizeOutput(long[] values) {
        double s = outputSpec().scale();
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * s;
        }
        return out;
    }
}
