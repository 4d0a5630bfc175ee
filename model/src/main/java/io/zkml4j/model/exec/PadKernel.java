package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Pad as the importer leaves it: one input, {@code pads} (begin values for every axis, then end
 * values; negative ones crop), {@code mode} constant, reflect or edge, and the constant
 * {@code value}.
 */
final class PadKernel implements OpKernel {
    private static long[] pads(Node node, int rank) {
        long[] pads = node.intsAttr("pads", null);
        if (pads == null || pads.length != 2 * rank) {
            throw new IllegalArgumentException("Pad needs " + 2 * rank + " pads for rank " + rank);
        }
        return pads;
    }

    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        long[] pads = pads(node, in[0].length);
        int[] out = new int[in[0].length];
        for (int a = 0; a < out.length; a++) {
            long size = in[0][a] + pads[a] + pads[a + out.length];
            if (size < 0) {
                throw new IllegalArgumentException("Pad crops axis " + a + " below zero");
            }
            out[a] = (int) size;
        }
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        int[] out = outputShapes(node, new int[][] {xs}, new Tensor[1])[0];
        long[] pads = pads(node, xs.length);
        String mode = node.stringAttr("mode", "constant");
        float value = node.floatAttr("value", 0f);
        int[] strides = Shapes.strides(xs);
        float[] y = new float[Shapes.size(out)];
        int[] coordinate = new int[out.length];
        for (int i = 0; i < y.length; i++) {
            int at = 0;
            boolean outside = false;
            for (int a = 0; a < out.length && !outside; a++) {
                int c = (int) (coordinate[a] - pads[a]);
                int n = xs[a];
                if (c < 0 || c >= n) {
                    switch (mode) {
                        case "constant" -> outside = true;
                        case "edge" -> c = c < 0 ? 0 : n - 1;
                        case "reflect" -> {
                            if (n == 1) {
                                c = 0;
                            } else {
                                int period = 2 * (n - 1);
                                c = Math.floorMod(c, period);
                                c = c >= n ? period - c : c;
                            }
                        }
                        default -> throw new IllegalArgumentException("Pad mode '" + mode + "' is not constant, reflect or edge");
                    }
                }
                at += c * strides[a];
            }
            y[i] = outside ? value : in[0].data()[at];
            Shapes.advance(coordinate, out);
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
