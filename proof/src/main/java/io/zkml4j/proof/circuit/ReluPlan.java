package io.zkml4j.proof.circuit;

/**
 * y = ReLU(t) without a table: t = lo + 2^8·hi with lo in [0, 2^8) and (hi, s) in the sign table,
 * so s = [t ≥ 0]; then y = s·t, a product zero-check.
 */
public record ReluPlan(String label, TensorPlan t, TensorPlan sign, TensorPlan output) {}
