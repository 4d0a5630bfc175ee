package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * The witness of one requantisation: acc = 2^shift·t + Σ_l 2^(8l)·r_l − 2^(shift−1) at every
 * position. The remainder is either one part r_0 in [0, 2^shift) looked up in a table of exactly
 * that range (when the vector is large enough to pay for the table; then topBits = shift), or
 * 8-bit limbs r_l in [0, 2^8), the last one in [0, 2^topBits) when shift is not a multiple of 8.
 * {@code t} is the output itself for the identity activation; t's own range and the activation are
 * checked separately ({@link Decomposition}, {@link ReluPlan}, lookups).
 */
public record RequantPlan(int shift, TensorPlan t, TensorPlan output, List<TensorPlan> limbs, int topBits) {
    public static final int LIMB_BITS = TablePlan.RANGE_BITS;

    public static int limbCount(int shift) {
        return (shift + LIMB_BITS - 1) / LIMB_BITS;
    }
}
