package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/** Elementwise activations: Relu, LeakyRelu (attribute alpha, default 0.01), Sigmoid, Tanh. */
final class ActivationKernel extends ElementwiseKernel {
    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        float[] x = in[0].data();
        float[] y = new float[x.length];
        switch (node.opType()) {
            case "Relu" -> {
                for (int k = 0; k < x.length; k++) {
                    y[k] = x[k] > 0 ? x[k] : 0f;
                }
            }
            case "LeakyRelu" -> {
                float alpha = node.floatAttr("alpha", 0.01f);
                for (int k = 0; k < x.length; k++) {
                    y[k] = x[k] >= 0 ? x[k] : (float) ((double) alpha * x[k]);
                }
            }
            case "Sigmoid" -> {
                for (int k = 0; k < x.length; k++) {
                    y[k] = (float) (1.0 / (1.0 + Math.exp(-(double) x[k])));
                }
            }
            case "Tanh" -> {
                for (int k = 0; k < x.length; k++) {
                    y[k] = (float) Math.tanh(x[k]);
                }
            }
            default -> throw new IllegalArgumentException("not an activation: " + node.opType());
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }
}
