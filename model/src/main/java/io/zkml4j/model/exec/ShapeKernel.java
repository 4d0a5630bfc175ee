package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Shape: the input's dimensions as a 1-D tensor, optionally sliced by start/end (opset 15; both
 * clamp to the rank and may be negative). Only the input's shape is read, never its values, so
 * the importer folds it whenever shapes are static.
 */
public final class ShapeKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        int[] range = range(node, in[0].length);
        return new int[][] {{range[1] - range[0]}};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        return new Tensor[] {of(node, in[0].shape())};
    }

    /** The Shape node's value for an input of this shape. */
    public static Tensor of(Node node, int[] shape) {
        int[] range = range(node, shape.length);
        float[] dims = new float[range[1] - range[0]];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = shape[range[0] + k];
        }
        return new Tensor(new int[] {dims.length}, dims);
    }

    private static int[] range(Node node, int rank) {
        int start = clamp(node.intAttr("start", 0), rank);
        int end = clamp(node.intAttr("end", rank), rank);
        return new int[] {start, Math.max(start, end)};
    }

    private static int clamp(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }
}
