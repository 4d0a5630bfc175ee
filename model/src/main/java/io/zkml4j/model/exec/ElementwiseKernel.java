package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/** An operator of one input whose output has the input's shape (activations, functions of one value, Identity). */
abstract class ElementwiseKernel implements OpKernel {
    @Override
    public final int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        return new int[][] {in[0]};
    }
}
