package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Gemm: Y = alpha · A' · B' + beta · C, where A' and B' are A and B, transposed when transA /
 * transB is 1, and the optional C broadcasts to the M×N result (unidirectionally).
 */
final class GemmKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 3);
        Shapes.requireRank(in[0], 2, "Gemm input A");
        Shapes.requireRank(in[1], 2, "Gemm input B");
        boolean ta = node.intAttr("transA", 0) != 0;
        boolean tb = node.intAttr("transB", 0) != 0;
        int m = ta ? in[0][1] : in[0][0];
        int ka = ta ? in[0][0] : in[0][1];
        int kb = tb ? in[1][1] : in[1][0];
        int n = tb ? in[1][0] : in[1][1];
        if (ka != kb) {
            throw new IllegalArgumentException("Gemm inner dimensions differ: A" + (ta ? "ᵀ" : "") + " is " + m + "x" + ka
                    + ", B" + (tb ? "ᵀ" : "") + " is " + kb + "x" + n);
        }
        int[] out = {m, n};
        if (in.length > 2 && in[2] != null && !Broadcasting.broadcastsTo(in[2], out)) {
            throw new IllegalArgumentException("Gemm input C of shape " + Shapes.toString(in[2])
                    + " does not broadcast to the result " + Shapes.toString(out));
        }
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] out = outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length])[0];
        boolean ta = node.intAttr("transA", 0) != 0;
        boolean tb = node.intAttr("transB", 0) != 0;
        double alpha = node.floatAttr("alpha", 1f);
        double beta = node.floatAttr("beta", 1f);
        int m = out[0];
        int n = out[1];
        int k = ta ? in[0].dim(0) : in[0].dim(1);
        float[] a = in[0].data();
        float[] b = in[1].data();
        // Row/column strides of A' and B' so both layouts share one loop.
        int aRow = ta ? 1 : k;
        int aCol = ta ? m : 1;
        int bRow = tb ? 1 : n;
        int bCol = tb ? k : 1;
        float[] y = new float[m * n];
        Tensor c = in.length > 2 ? in[2] : null;
        int[] cStrides = c == null ? null : Broadcasting.stridesFor(c.shape(), out);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += (double) a[i * aRow + t * aCol] * b[t * bRow + j * bCol];
                }
                double v = alpha * sum;
                if (c != null) {
                    v += beta * c.data()[i * cStrides[0] + j * cStrides[1]];
                }
                y[i * n + j] = (float) v;
            }
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
