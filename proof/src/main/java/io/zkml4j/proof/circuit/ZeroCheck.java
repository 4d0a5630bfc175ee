package io.zkml4j.proof.circuit;

/**
 * A committed tensor that must be zero wherever the public per-sample {@code selector} is one
 * (the padding of a private input): Σ_x eq(u, x)·selector(x)·v(x) = 0.
 */
public record ZeroCheck(String label, TensorPlan tensor, long[] selector) {}
