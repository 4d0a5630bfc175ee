package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * The witness of one requantisation: acc = 2^shift·t + Σ_l 2^(16l)·r_l − 2^(shift−1) at every
 * position, with t in 16 bits and each remainder limb r_l in [0, 2^16) (the last one in
 * [0, 2^topBits) when shift is not a multiple of 16). {@code t} is the output itself for the
 * identity activation.
 */
public record RequantPlan(int shift, TensorPlan t, TensorPlan output, List<TensorPlan> limbs, int topBits) {
    public static final int LIMB_BITS = 16;

    public static int limbCount(int shift) {
        return (shift + LIMB_BITS - 1) / LIMB_BITS;
    }
}
