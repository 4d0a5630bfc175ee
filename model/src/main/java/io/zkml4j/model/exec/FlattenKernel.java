package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/** Flatten: reshapes to 2-D, [product of dims before axis, product of the rest] (axis default 1, may equal rank). */
final class FlattenKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        int rank = in[0].length;
        long axis = node.intAttr("axis", 1);
        if (axis < -rank || axis > rank) {
            throw new IllegalArgumentException("Flatten axis " + axis + " is out of range for rank " + rank
                    + " (allowed: " + (-rank) + " to " + rank + ")");
        }
        int a = (int) (axis < 0 ? axis + rank : axis);
        return new int[][] {{Shapes.product(in[0], 0, a), Shapes.product(in[0], a, rank)}};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        return new Tensor[] {in[0].reshape(outputShapes(node, Kernels.shapesOf(in), new Tensor[1])[0])};
    }
}
