package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/** Concat: joins its inputs along axis; all other dimensions must agree. */
final class ConcatKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        if (in.length == 0) {
            throw new IllegalArgumentException("Concat needs at least one input");
        }
        for (int k = 0; k < in.length; k++) {
            if (in[k] == null) {
                throw new IllegalArgumentException("Concat input " + k + " is missing");
            }
        }
        int rank = in[0].length;
        if (node.attribute("axis") == null) {
            throw new IllegalArgumentException("Concat needs the axis attribute");
        }
        int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), rank, "Concat axis");
        int[] out = in[0].clone();
        long total = 0;
        for (int[] s : in) {
            if (s.length != rank) {
                throw new IllegalArgumentException("Concat inputs must have the same rank, got " + Shapes.toString(in[0])
                        + " and " + Shapes.toString(s));
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && s[d] != out[d]) {
                    throw new IllegalArgumentException("Concat along axis " + axis + ": inputs " + Shapes.toString(in[0])
                            + " and " + Shapes.toString(s) + " differ in dimension " + d);
                }
            }
            total += s[axis];
        }
        out[axis] = Math.toIntExact(total);
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] out = outputShapes(node, Kernels.shapesOf(in), new Tensor[in.length])[0];
        int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), out.length, "Concat axis");
        int outer = Shapes.product(out, 0, axis);
        int inner = Shapes.product(out, axis + 1, out.length);
        float[] y = new float[Shapes.size(out)];
        int offset = 0; // position along the axis where the current input starts
        for (Tensor t : in) {
            int len = t.dim(axis) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data(), o * len, y, o * out[axis] * inner + offset * inner, len);
            }
            offset += t.dim(axis);
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
