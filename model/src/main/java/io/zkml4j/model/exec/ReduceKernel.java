package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * ReduceSum, ReduceMean and ReduceMax as the importer leaves them: one input, the
 * reduced axes as a non-negative {@code axes} attribute (all axes when absent), {@code keepdims}
 * (default 1).
 */
final class ReduceKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        boolean[] reduced = reducedAxes(node, in[0].length);
        boolean keep = node.intAttr("keepdims", 1) != 0;
        int rank = 0;
        for (int a = 0; a < reduced.length; a++) {
            rank += keep || !reduced[a] ? 1 : 0;
        }
        int[] out = new int[rank];
        for (int a = 0, j = 0; a < reduced.length; a++) {
            if (!reduced[a]) {
                out[j++] = in[0][a];
            } else if (keep) {
                out[j++] = 1;
            }
        }
        return new int[][] {out};
    }

    /** Which axes are reduced: those listed, or all. */
    static boolean[] reducedAxes(Node node, int rank) {
        long[] axes = node.intsAttr("axes", null);
        boolean[] reduced = new boolean[rank];
        if (axes == null) {
            java.util.Arrays.fill(reduced, true);
            return reduced;
        }
        for (long a : axes) {
            reduced[Shapes.normalizeAxis(a, rank, node.opType() + " axis")] = true;
        }
        return reduced;
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        int[] out = outputShapes(node, new int[][] {xs}, new Tensor[1])[0];
        boolean[] reduced = reducedAxes(node, xs.length);
        int[] strides = Shapes.strides(xs);
        int outSize = Shapes.size(out);
        double[] acc = new double[outSize];
        int[] count = new int[outSize];
        boolean max = node.opType().equals("ReduceMax");
        float[] x = in[0].data();
        for (int i = 0; i < x.length; i++) {
            int o = 0; // the output position: the kept coordinates, row-major
            for (int a = 0, rest = i; a < xs.length; a++) {
                int coordinate = rest / strides[a];
                rest %= strides[a];
                if (!reduced[a]) {
                    o = o * xs[a] + coordinate;
                }
            }
            double v = x[i];
            acc[o] = count[o] == 0 ? v : max ? Math.max(acc[o], v) : acc[o] + v;
            count[o]++;
        }
        float[] y = new float[outSize];
        for (int o = 0; o < outSize; o++) {
            y[o] = (float) (node.opType().equals("ReduceMean") ? acc[o] / count[o] : acc[o]);
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
