package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/** GlobalAveragePool: the mean over all spatial dimensions of an N×C×D1×…×Dk input, kept as size-1 dims. */
final class GlobalAveragePoolKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        if (in[0].length < 3) {
            throw new IllegalArgumentException("GlobalAveragePool input must be N×C×D1×…, got " + Shapes.toString(in[0]));
        }
        int[] out = new int[in[0].length];
        Arrays.fill(out, 1);
        out[0] = in[0][0];
        out[1] = in[0][1];
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] out = outputShapes(node, Kernels.shapesOf(in), new Tensor[1])[0];
        int[] xs = in[0].shape();
        int planes = xs[0] * xs[1];
        int area = Shapes.product(xs, 2, xs.length);
        float[] x = in[0].data();
        float[] y = new float[planes];
        for (int p = 0; p < planes; p++) {
            double sum = 0;
            for (int k = 0; k < area; k++) {
                sum += x[p * area + k];
            }
            y[p] = (float) (sum / area);
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
