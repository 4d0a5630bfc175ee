package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * BatchNormalization in inference mode: y = (x − mean) / sqrt(var + epsilon) · scale + bias, per
 * channel (dimension 1), with the running mean and variance given as inputs.
 */
final class BatchNormalizationKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 5, 5);
        if (node.intAttr("training_mode", 0) != 0) {
            throw new IllegalArgumentException("BatchNormalization in training mode is not supported (inference only)");
        }
        if (in[0].length < 2) {
            throw new IllegalArgumentException("BatchNormalization input must be N×C×…, got " + Shapes.toString(in[0]));
        }
        String[] names = {"X", "scale", "B", "input_mean", "input_var"};
        for (int k = 1; k < 5; k++) {
            if (in[k].length != 1 || in[k][0] != in[0][1]) {
                throw new IllegalArgumentException("BatchNormalization " + names[k] + " must have shape [" + in[0][1]
                        + "] (one value per channel), got " + Shapes.toString(in[k]));
            }
        }
        return new int[][] {in[0]};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length]);
        int[] xs = in[0].shape();
        int channels = xs[1];
        int inner = Shapes.product(xs, 2, xs.length);
        double epsilon = node.floatAttr("epsilon", 1e-5f);
        float[] x = in[0].data();
        float[] y = new float[x.length];
        for (int c = 0; c < channels; c++) {
            double mul = in[1].data()[c] / Math.sqrt(in[4].data()[c] + epsilon);
            double mean = in[3].data()[c];
            double bias = in[2].data()[c];
            for (int n = 0; n < xs[0]; n++) {
                int base = (n * channels + c) * inner;
                for (int k = 0; k < inner; k++) {
                    y[base + k] = (float) ((x[base + k] - mean) * mul + bias);
                }
            }
        }
        return new Tensor[] {new Tensor(xs, y)};
    }
}
