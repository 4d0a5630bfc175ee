package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * 2-D MaxPool and AveragePool over N×C×H×W inputs. Padded positions are ignored by MaxPool; for
 * AveragePool they count as zeros when count_include_pad is 1 and are left out of the divisor
 * when it is 0 (the default).
 */
final class PoolKernel implements OpKernel {
    private final boolean max;

    PoolKernel(boolean max) {
        this.max = max;
    }

    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        if (max && node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw new IllegalArgumentException("MaxPool's second output (Indices) is not supported");
        }
        if (max && node.intAttr("storage_order", 0) != 0) {
            throw new IllegalArgumentException("MaxPool storage_order=1 is not supported (it only affects Indices)");
        }
        Shapes.requireRank(in[0], 4, node.opType() + " input (zkml4j pools 2-D inputs N×C×H×W)");
        int[] k = Window2d.poolKernel(node);
        Window2d g = Window2d.resolve(node, in[0][2], in[0][3], k[0], k[1]);
        return new int[][] {{in[0][0], in[0][1], g.outH(), g.outW()}};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] outShape = outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length])[0];
        int[] xs = in[0].shape();
        int[] k = Window2d.poolKernel(node);
        Window2d g = Window2d.resolve(node, xs[2], xs[3], k[0], k[1]);
        boolean includePad = node.intAttr("count_include_pad", 0) != 0;
        int h = xs[2];
        int w = xs[3];
        int planes = xs[0] * xs[1];
        float[] x = in[0].data();
        float[] y = new float[Shapes.size(outShape)];
        int oh = g.outH();
        int ow = g.outW();
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = x[base + iy * w + ix];
                            best = Math.max(best, v);
                            sum += v;
                            count++;
                        }
                    }
                    float result;
                    if (max) {
                        result = (float) best;
                    } else {
                        // With ceil_mode off a window never leaves the padded input, so "including
                        // pads" means the whole kernel.
                        int divisor = includePad ? g.kernelH() * g.kernelW() : count;
                        result = (float) (sum / divisor);
                    }
                    y[(plane * oh + oy) * ow + ox] = result;
                }
            }
        }
        return new Tensor[] {new Tensor(outShape, y)};
    }
}
