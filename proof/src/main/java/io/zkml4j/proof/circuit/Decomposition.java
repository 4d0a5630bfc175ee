package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * value + offset = Σ_i 2^(limbBits·i)·limb_i at every position, a linear check; the limbs themselves
 * are looked up (in the range table, or the top one in the sign table), which bounds the value.
 */
public record Decomposition(String label, TensorPlan value, long offset, List<TensorPlan> limbs, int limbBits) {
    /** Limbs of {@link TablePlan#RANGE_BITS} bits. */
    public Decomposition(String label, TensorPlan value, long offset, List<TensorPlan> limbs) {
        this(label, value, offset, limbs, TablePlan.RANGE_BITS);
    }
}
