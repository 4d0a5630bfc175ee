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

    /** The accumulator in terms of this witness, less its constant: 2^shift·t + Σ_l 2^(8l)·r_l. */
    public List<LinearTerm> accumulatorTerms() {
        List<LinearTerm> terms = new java.util.ArrayList<>();
        terms.add(new LinearTerm(t, 1L << shift));
        for (int l = 0; l < limbs.size(); l++) {
            terms.add(new LinearTerm(limbs.get(l), 1L << (LIMB_BITS * l)));
        }
        return terms;
    }

    /** The accumulator's constant: −2^(shift−1) (0 without a shift). */
    public long accumulatorConstant() {
        return shift > 0 ? -(1L << (shift - 1)) : 0;
    }

    public static int limbCount(int shift) {
        return (shift + LIMB_BITS - 1) / LIMB_BITS;
    }
}
