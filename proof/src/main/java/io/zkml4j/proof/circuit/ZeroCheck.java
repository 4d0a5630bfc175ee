package io.zkml4j.proof.circuit;

/**
 * A committed tensor that must equal {@code value} wherever the public per-sample {@code selector}
 * is one (the padding of a private input, value 0; the limbs of a weight vector's padding, the
 * digits of the range offset): Σ_x eq(u, x)·selector(x)·v(x) = value·Σ_x eq(u, x)·selector(x).
 */
public record ZeroCheck(String label, TensorPlan tensor, long[] selector, long value) {
    public ZeroCheck(String label, TensorPlan tensor, long[] selector) {
        this(label, tensor, selector, 0);
    }
}
