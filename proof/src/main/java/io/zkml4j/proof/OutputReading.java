package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

/**
 * How a proven integer output is read: dequantised with the output's scale, and, when the ONNX
 * model ended in a Softmax (which is not proven: it is monotone and public), turned into
 * probabilities by the reader along {@code softmaxAxis}.
 */
public record OutputReading(int softmaxAxis) {
    public static final OutputReading LOGITS = new OutputReading(-1);

    public static OutputReading softmax(int axis) {
        return new OutputReading(axis);
    }

    public boolean hasSoftmax() {
        return softmaxAxis >= 0;
    }

    /** Real output values. */
    public double[] dequantize(QuantizedModel model, long[] output) {
        return model.dequantizeOutput(output);
    }

    /** Softmax of the dequantised output along the axis, or null without a softmax. */
    public double[] probabilities(QuantizedModel model, long[] output) {
        if (!hasSoftmax()) {
            return null;
        }
        double[] x = dequantize(model, output);
        int[] shape = model.outputSpec().shape();
        int inner = 1;
        for (int d = softmaxAxis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int n = shape[softmaxAxis];
        int outer = x.length / (n * inner);
        double[] p = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, x[base + j * inner]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    p[base + j * inner] = Math.exp(x[base + j * inner] - max);
                    sum += p[base + j * inner];
                }
                for (int j = 0; j < n; j++) {
                    p[base + j * inner] /= sum;
                }
            }
        }
        return p;
    }

    void write(BinaryWriter w) {
        w.i32(softmaxAxis);
    }

    static OutputReading read(BinaryReader r, QuantizedModel model) throws FileFormatException {
        int axis = r.i32("softmax axis", -1, model.outputSpec().shape().length - 1);
        return new OutputReading(axis);
    }
}
