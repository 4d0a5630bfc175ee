package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/**
 * Squeeze and Unsqueeze: remove size-1 dimensions, or insert them. The axes come from the
 * attribute (before opset 13) or from a constant second input (opset 13 on); Squeeze without
 * axes removes every size-1 dimension. Both only change the shape, never the values.
 */
final class SqueezeKernel implements OpKernel {
    private final boolean squeeze;

    SqueezeKernel(boolean squeeze) {
        this.squeeze = squeeze;
    }

    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 2);
        long[] axes = node.intsAttr("axes", null);
        if (in.length > 1 && in[1] != null) {
            if (constants[1] == null) {
                throw new IllegalArgumentException(node.opType() + "'s axes input must be a constant");
            }
            axes = Shapes.toLongs(constants[1], node.opType() + "'s axes input");
        }
        return new int[][] {squeeze ? squeezed(in[0], axes) : unsqueezed(in[0], axes)};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        Tensor[] constants = in.clone(); // every value is known while computing
        return new Tensor[] {in[0].reshape(outputShapes(node, Kernels.shapesOf(in), constants)[0])};
    }

    private static int[] squeezed(int[] shape, long[] axes) {
        boolean[] drop = new boolean[shape.length];
        if (axes == null) {
            for (int k = 0; k < shape.length; k++) {
                drop[k] = shape[k] == 1;
            }
        } else {
            for (long a : axes) {
                int axis = Shapes.normalizeAxis(a, shape.length, "Squeeze axis");
                if (shape[axis] != 1) {
                    throw new IllegalArgumentException("Squeeze axis " + a + " has size " + shape[axis]
                            + " in shape " + Shapes.toString(shape) + ", not 1");
                }
                drop[axis] = true;
            }
        }
        return Arrays.stream(indices(shape.length)).filter(k -> !drop[k]).map(k -> shape[k]).toArray();
    }

    private static int[] unsqueezed(int[] shape, long[] axes) {
        if (axes == null) {
            throw new IllegalArgumentException("Unsqueeze needs axes");
        }
        int rank = shape.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = Shapes.normalizeAxis(a, rank, "Unsqueeze axis");
            if (inserted[axis]) {
                throw new IllegalArgumentException("Unsqueeze axes " + Arrays.toString(axes) + " repeat axis " + axis);
            }
            inserted[axis] = true;
        }
        int[] out = new int[rank];
        for (int k = 0, src = 0; k < rank; k++) {
            out[k] = inserted[k] ? 1 : shape[src++];
        }
        return out;
    }

    private static int[] indices(int n) {
        int[] out = new int[n];
        Arrays.setAll(out, k -> k);
        return out;
    }
}
