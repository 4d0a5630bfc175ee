package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * 2-D convolution (ONNX Conv on N×C×H×W inputs): weight M×(C/group)×kH×kW, optional bias of
 * length M, strides, pads (or auto_pad), dilations and groups.
 */
final class ConvKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 3);
        int[] x = in[0];
        int[] w = in[1];
        Shapes.requireRank(x, 4, "Conv input X (zkml4j convolves 2-D inputs N×C×H×W)");
        Shapes.requireRank(w, 4, "Conv weight W");
        long group = node.intAttr("group", 1);
        if (group < 1 || x[1] % group != 0 || w[0] % group != 0) {
            throw new IllegalArgumentException("Conv group " + group + " must divide the input channels (" + x[1]
                    + ") and the output channels (" + w[0] + ")");
        }
        if (w[1] != x[1] / group) {
            throw new IllegalArgumentException("Conv weight " + Shapes.toString(w) + " expects " + w[1]
                    + " channels per group, but the input " + Shapes.toString(x) + " has " + x[1] / group
                    + " with group " + group);
        }
        long[] ks = node.intsAttr("kernel_shape", null);
        if (ks != null && (ks.length != 2 || ks[0] != w[2] || ks[1] != w[3])) {
            throw new IllegalArgumentException("Conv kernel_shape " + java.util.Arrays.toString(ks)
                    + " does not match the weight's spatial shape " + w[2] + "x" + w[3]);
        }
        if (in.length > 2 && in[2] != null && (in[2].length != 1 || in[2][0] != w[0])) {
            throw new IllegalArgumentException("Conv bias must have shape [" + w[0] + "], got " + Shapes.toString(in[2]));
        }
        Window2d g = Window2d.resolve(node, x[2], x[3], w[2], w[3]);
        return new int[][] {{x[0], w[0], g.outH(), g.outW()}};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] outShape = outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length])[0];
        int[] xs = in[0].shape();
        int[] ws = in[1].shape();
        Window2d g = Window2d.resolve(node, xs[2], xs[3], ws[2], ws[3]);
        int batch = xs[0];
        int inC = xs[1];
        int h = xs[2];
        int w = xs[3];
        int outC = ws[0];
        int group = (int) node.intAttr("group", 1);
        int inPerGroup = inC / group;
        int outPerGroup = outC / group;
        float[] x = in[0].data();
        float[] wt = in[1].data();
        float[] bias = in.length > 2 && in[2] != null ? in[2].data() : null;
        float[] y = new float[Shapes.size(outShape)];
        int oh = g.outH();
        int ow = g.outW();
        for (int nIdx = 0; nIdx < batch; nIdx++) {
            for (int m = 0; m < outC; m++) {
                int firstIn = (m / outPerGroup) * inPerGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias[m];
                        for (int c = 0; c < inPerGroup; c++) {
                            int xBase = (nIdx * inC + firstIn + c) * h * w;
                            int wBase = (m * inPerGroup + c) * g.kernelH() * g.kernelW();
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                                if (iy < 0 || iy >= h) {
                                    continue; // zero padding
                                }
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                                    if (ix >= 0 && ix < w) {
                                        sum += (double) x[xBase + iy * w + ix] * wt[wBase + ky * g.kernelW() + kx];
                                    }
                                }
                            }
                        }
                        y[((nIdx * outC + m) * oh + oy) * ow + ox] = (float) sum;
                    }
                }
            }
        }
        return new Tensor[] {new Tensor(outShape, y)};
    }
}
