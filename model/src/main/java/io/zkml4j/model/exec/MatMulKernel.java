package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/**
 * MatMul with numpy semantics: the last two dimensions multiply as matrices, leading (batch)
 * dimensions broadcast; a 1-D left operand is a row vector and a 1-D right operand a column
 * vector, and the added dimension is removed from the result.
 */
final class MatMulKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 2);
        return new int[][] {plan(in[0], in[1]).outShape};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        Plan p = plan(in[0].shape(), in[1].shape());
        float[] a = in[0].data();
        float[] b = in[1].data();
        int batches = Shapes.size(p.batch);
        float[] y = new float[batches * p.m * p.n];
        int[] aStrides = Broadcasting.stridesFor(p.aBatch, p.batch);
        int[] bStrides = Broadcasting.stridesFor(p.bBatch, p.batch);
        int[] index = new int[p.batch.length];
        for (int batch = 0; batch < batches; batch++) {
            int aOff = 0;
            int bOff = 0;
            for (int axis = 0; axis < index.length; axis++) {
                aOff += index[axis] * aStrides[axis];
                bOff += index[axis] * bStrides[axis];
            }
            aOff *= p.m * p.k;
            bOff *= p.k * p.n;
            int yOff = batch * p.m * p.n;
            for (int i = 0; i < p.m; i++) {
                for (int j = 0; j < p.n; j++) {
                    double sum = 0;
                    for (int t = 0; t < p.k; t++) {
                        sum += (double) a[aOff + i * p.k + t] * b[bOff + t * p.n + j];
                    }
                    y[yOff + i * p.n + j] = (float) sum;
                }
            }
            for (int axis = index.length - 1; axis >= 0 && ++index[axis] == p.batch[axis]; axis--) {
                index[axis] = 0;
            }
        }
        return new Tensor[] {new Tensor(p.outShape, y)};
    }

    private record Plan(int[] aBatch, int[] bBatch, int[] batch, int m, int k, int n, int[] outShape) {}

    private static Plan plan(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("MatMul operands must have rank at least 1, got " + Shapes.toString(a)
                    + " and " + Shapes.toString(b));
        }
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int kb = b2[b2.length - 2];
        int n = b2[b2.length - 1];
        if (k != kb) {
            throw new IllegalArgumentException("MatMul inner dimensions differ: " + Shapes.toString(a) + " times "
                    + Shapes.toString(b) + " (" + k + " vs " + kb + ")");
        }
        int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Broadcasting.shape(aBatch, bBatch);
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        if (b.length == 1) {
            out = Arrays.copyOf(out, out.length - 1);
        }
        if (a.length == 1) {
            int[] dropped = new int[out.length - 1];
            System.arraycopy(out, 0, dropped, 0, out.length - (b.length == 1 ? 1 : 2));
            if (b.length != 1) {
                dropped[dropped.length - 1] = n;
            }
            out = dropped;
        }
        return new Plan(aBatch, bBatch, batch, m, k, n, out);
    }
}
