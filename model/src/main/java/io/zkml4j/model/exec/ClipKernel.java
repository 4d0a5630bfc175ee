package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Clip: limits values to [min, max]. The bounds are optional scalar inputs (opset 11 and later);
 * the min/max attributes of older opsets are honoured when the inputs are absent.
 */
final class ClipKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 3);
        for (int k = 1; k < in.length; k++) {
            if (in[k] != null && Shapes.size(in[k]) != 1) {
                throw new IllegalArgumentException("Clip " + (k == 1 ? "min" : "max") + " must be a scalar, got shape "
                        + Shapes.toString(in[k]));
            }
        }
        return new int[][] {in[0]};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length]);
        float min = in.length > 1 && in[1] != null ? in[1].get(0) : node.floatAttr("min", Float.NEGATIVE_INFINITY);
        float max = in.length > 2 && in[2] != null ? in[2].get(0) : node.floatAttr("max", Float.POSITIVE_INFINITY);
        float[] x = in[0].data();
        float[] y = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            // min first, then max: when min > max every value becomes max, as in the ONNX reference.
            y[k] = Math.min(Math.max(x[k], min), max);
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }
}
