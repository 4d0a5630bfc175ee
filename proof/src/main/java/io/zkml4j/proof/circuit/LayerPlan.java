package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QLayer;

import java.util.List;

/** How one layer is proven: the tensors and auxiliary vectors it commits to, and its maps. */
public sealed interface LayerPlan {
    QLayer layer();

    /** The requantisation witness, or null for layers that do not requantise. */
    default RequantPlan requant() {
        return null;
    }

    /**
     * acc = W·x + b over the flattened input. W is laid out as rows of the input's sample block
     * ({@code columns}), so the input needs no rearranging; {@code rows} is the output's sample block.
     */
    record Dense(QLayer.Dense layer, TensorPlan input, VectorRef weight, VectorRef bias, int rows, int columns,
                 RequantPlan requant) implements LayerPlan {}

    /**
     * A convolution: acc = W·X + bias at valid pixels, with X the input gathered by {@code im2col}
     * (positions (k, g, p) with the kernel index k lowest). X is never committed: its value at the
     * relation's point is a claim on the input, revealed under {@code columnsMask} (null for a public
     * input, whose X value the verifier computes). The weights are laid out (k, c, g); the output
     * (p, c, g).
     */
    record Conv(QLayer.Conv layer, TensorPlan input, VectorRef weight, VectorRef bias, VectorRef columnsMask, SparseMap im2col,
                int pixelVars, int channelVars, int groupVars, int kernelVars, RequantPlan requant) implements LayerPlan {}

    /**
     * Max pooling: for each window position k, the committed differences D_k = y − W_k, where the
     * window values W_k are the input gathered by map k (a constant where the window leaves the
     * input). Every D_k is range-checked and Π_k D_k = 0 everywhere, so y is the largest window value.
     */
    record MaxPool(QLayer.MaxPool layer, TensorPlan input, TensorPlan output, List<TensorPlan> differences,
                   List<SparseMap> maps) implements LayerPlan {}

    /** Average pooling: acc = Σ_window multiplier·x, a sparse map with public weights. */
    record AvgPool(QLayer.AvgPool layer, TensorPlan input, SparseMap sums, RequantPlan requant) implements LayerPlan {}

    /** acc = multA·a + multB·b position by position (a, b and the output share a layout). */
    record Add(QLayer.Add layer, TensorPlan a, TensorPlan b, RequantPlan requant) implements LayerPlan {}

    /** acc = multiplier·a·b position by position. */
    record Mul(QLayer.Mul layer, TensorPlan a, TensorPlan b, RequantPlan requant) implements LayerPlan {}

    /**
     * acc = m·A·B for two computed matrices: each operand is first gathered into a matrix layout
     * ({@code aMatrix} [rows][inner] with the inner index low, {@code bMatrix} [inner][columns] with
     * it high, dimensions padded to powers of two), then one contraction over the inner index.
     */
    record MatMul(QLayer.MatMul layer, TensorPlan a, TensorPlan b, TensorPlan aMatrix, TensorPlan bMatrix, SparseMap aMap, SparseMap bMap,
                  RequantPlan requant) implements LayerPlan {}

    /** acc = scale[c]·x + shift[c] at real positions (public per-position vectors). */
    record Affine(QLayer.Affine layer, TensorPlan input, long[] scale, long[] shift, RequantPlan requant) implements LayerPlan {}

    /** acc = x (no shift): only the activation's lookup. */
    record Activate(QLayer.Activate layer, TensorPlan input, TensorPlan output) implements LayerPlan {}

    /** Concatenation: part k is input k placed by map k (zero elsewhere); the output is Σ parts. */
    record Concat(QLayer.Concat layer, List<TensorPlan> inputs, List<TensorPlan> parts, List<SparseMap> maps, TensorPlan output)
            implements LayerPlan {}
}
