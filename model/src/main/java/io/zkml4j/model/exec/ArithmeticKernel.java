package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.function.DoubleBinaryOperator;

/** Add, Sub and Mul: elementwise with numpy broadcasting. */
final class ArithmeticKernel implements OpKernel {
    private final DoubleBinaryOperator op;

    ArithmeticKernel(DoubleBinaryOperator op) {
        this.op = op;
    }

    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 2);
        return new int[][] {Broadcasting.shape(in[0], in[1])};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        return new Tensor[] {Broadcasting.apply(in[0], in[1], op)};
    }
}
