package io.zkml4j.model.quant;

import java.util.Arrays;

/**
 * What the verifier applies to the dequantised model output, outside the proof. A Softmax that
 * ends a model is not quantised: it changes no prediction (it is monotonic), a table for exp
 * over the output range would cost more than the rest of a small model, and anyone holding the
 * proven logits can compute it exactly. The quantiser drops it and records it here.
 *
 * @param axis for {@link Kind#SOFTMAX}: the axis of the per-sample output it normalises over
 */
public record Postprocess(Kind kind, int axis) {
    public enum Kind { NONE, SOFTMAX }

    public static final Postprocess NONE = new Postprocess(Kind.NONE, 0);

    public Postprocess {
        if (axis < 0) {
            throw new IllegalArgumentException("axis must be non-negative, got " + axis);
        }
    }

    public static Postprocess softmax(int axis) {
        return new Postprocess(Kind.SOFTMAX, axis);
    }

    /**
     * Applies this step to dequantised output values.
     *
     * @param shape the per-sample output shape ({@link QuantizedModel#outputSpec()})
     */
    public double[] apply(double[] values, int[] shape) {
        if (kind == Kind.NONE) {
            return values.clone();
        }
        if (axis >= shape.length) {
            throw new IllegalArgumentException("softmax axis " + axis + " is beyond the output shape " + Arrays.toString(shape));
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int len = shape[axis];
        if ((long) outer * len * inner != values.length) {
            throw new IllegalArgumentException(values.length + " values do not have the shape " + Arrays.toString(shape));
        }
        double[] out = new double[values.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, values[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    sum += Math.exp(values[base + k * inner] - max);
                }
                for (int k = 0; k < len; k++) {
                    out[base + k * inner] = Math.exp(values[base + k * inner] - max) / sum;
                }
            }
        }
        return out;
    }

    public String describe() {
        return kind == Kind.NONE ? "nothing" : "softmax over axis " + axis + " of the output";
    }
}
