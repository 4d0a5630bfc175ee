package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/** The elementwise functions of one value ({@link UnaryFunction}), computed in double precision. */
final class UnaryFunctionKernel extends ElementwiseKernel {
    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        UnaryFunction.Bound f = UnaryFunction.of(node);
        float[] x = in[0].data();
        float[] y = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = (float) f.apply(x[k]);
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }
}
