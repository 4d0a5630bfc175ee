package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Softmax along one axis (the opset-13 definition; axis defaults to -1). The importer rewrites
 * the older definition, which flattened all dimensions from axis on, into this one.
 */
final class SoftmaxKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        if (in[0].length == 0) {
            throw new IllegalArgumentException("Softmax input must have rank at least 1");
        }
        Shapes.normalizeAxis(node.intAttr("axis", -1), in[0].length, "Softmax axis");
        return new int[][] {in[0]};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        int axis = Shapes.normalizeAxis(node.intAttr("axis", -1), xs.length, "Softmax axis");
        int outer = Shapes.product(xs, 0, axis);
        int len = xs[axis];
        int inner = Shapes.product(xs, axis + 1, xs.length);
        float[] x = in[0].data();
        float[] y = new float[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                // Subtract the maximum first so that exp never overflows.
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, x[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    sum += Math.exp(x[base + k * inner] - max);
                }
                for (int k = 0; k < len; k++) {
                    y[base + k * inner] = (float) (Math.exp(x[base + k * inner] - max) / sum);
                }
            }
        }
        return new Tensor[] {new Tensor(xs, y)};
    }
}
