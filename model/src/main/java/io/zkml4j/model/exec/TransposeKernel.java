package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/** Transpose: output dimension k is input dimension perm[k] (perm defaults to reversing the axes). */
final class TransposeKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        int[] perm = perm(node, in[0].length);
        int[] out = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            out[k] = in[0][perm[k]];
        }
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        int[] perm = perm(node, xs.length);
        int[] out = outputShapes(node, new int[][] {xs}, new Tensor[1])[0];
        int[] inStrides = Shapes.strides(xs);
        // Stride in the input for a step along each output axis.
        int[] step = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            step[k] = inStrides[perm[k]];
        }
        float[] x = in[0].data();
        float[] y = new float[x.length];
        int[] index = new int[out.length];
        int src = 0;
        for (int k = 0; k < y.length; k++) {
            y[k] = x[src];
            for (int axis = out.length - 1; axis >= 0; axis--) {
                if (++index[axis] < out[axis]) {
                    src += step[axis];
                    break;
                }
                index[axis] = 0;
                src -= step[axis] * (out[axis] - 1);
            }
        }
        return new Tensor[] {new Tensor(out, y)};
    }

    /** The permutation, defaulted and checked. */
    static int[] perm(Node node, int rank) {
        long[] p = node.intsAttr("perm", null);
        int[] perm = new int[rank];
        if (p == null) {
            for (int k = 0; k < rank; k++) {
                perm[k] = rank - 1 - k;
            }
            return perm;
        }
        if (p.length != rank) {
            throw new IllegalArgumentException("Transpose perm " + Arrays.toString(p) + " has " + p.length
                    + " entries for an input of rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        for (int k = 0; k < rank; k++) {
            int axis = Shapes.normalizeAxis(p[k], rank, "Transpose perm entry");
            if (seen[axis]) {
                throw new IllegalArgumentException("Transpose perm " + Arrays.toString(p) + " is not a permutation");
            }
            seen[axis] = true;
            perm[k] = axis;
        }
        return perm;
    }
}
