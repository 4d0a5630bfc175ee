package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Gather: picks entries of data along axis at the given indices (negative indices count from the
 * end); the output shape is data.shape[:axis] + indices.shape + data.shape[axis+1:]. zkml4j uses
 * it to fold shape computations, such as picking the batch size out of a Shape.
 */
final class GatherKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 2);
        int[] data = in[0];
        int[] indices = in[1];
        if (data.length == 0) {
            throw new IllegalArgumentException("Gather data must have rank at least 1");
        }
        int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), data.length, "Gather axis");
        int[] out = new int[data.length - 1 + indices.length];
        System.arraycopy(data, 0, out, 0, axis);
        System.arraycopy(indices, 0, out, axis, indices.length);
        System.arraycopy(data, axis + 1, out, axis + indices.length, data.length - axis - 1);
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] out = outputShapes(node, Kernels.shapesOf(in), new Tensor[2])[0];
        int[] ds = in[0].shape();
        int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), ds.length, "Gather axis");
        int outer = Shapes.product(ds, 0, axis);
        int len = ds[axis];
        int inner = Shapes.product(ds, axis + 1, ds.length);
        long[] indices = Shapes.toLongs(in[1], "Gather indices");
        float[] y = new float[Shapes.size(out)];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < indices.length; i++) {
                long index = indices[i];
                if (index < -len || index >= len) {
                    throw new IllegalArgumentException("Gather index " + index + " is out of range for dimension " + axis
                            + " of size " + len);
                }
                int row = (int) (index < 0 ? index + len : index);
                System.arraycopy(in[0].data(), (o * len + row) * inner, y, (o * indices.length + i) * inner, inner);
            }
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
