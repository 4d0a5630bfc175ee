package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QLayer;

/** How one requantising layer is proven. */
public sealed interface LayerPlan {
    QLayer layer();

    /**
     * acc = W·x + b·[valid sample] over the flattened input, then requantised. The weights are laid
     * out as rows of the input's sample block ({@code columns} = input sample size), so the input
     * needs no rearranging.
     */
    record Dense(QLayer.Dense layer, TensorPlan input, VectorRef weight, VectorRef bias, int rows, int columns,
                 RequantPlan requant) implements LayerPlan {}

    /** acc = x (shift 0): only the activation's lookup. */
    record Activate(QLayer.Activate layer, TensorPlan input, TensorPlan output) implements LayerPlan {}
}
