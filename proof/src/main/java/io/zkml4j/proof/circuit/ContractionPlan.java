package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * A matrix product over any committed operands and any contracted index, at every output position:
 * multiplier·Σ_k U(free_U, k)·F(free_F, k) = Σ target terms + targetConstant. Each operand's variables are a low
 * and a high block (split at {@code uLowVars}, {@code fLowVars}); one block of each is contracted
 * (they have equal sizes), the other is free. The output's variables are the two free blocks, U's
 * low when {@code uFreeLow}. A null F stands for all ones (a sum over the contracted index).
 *
 * <p>Inference's W·x (U the layer's input, public or committed; F the weights, whose own mask is
 * the fold mask, as they are revealed nowhere else), back-propagation's Wᵀ·δ and the weight
 * gradient δ·xᵀ summed over the batch are all this one plan. A target tensor with fewer variables
 * than the output (a dense layer's bias) is repeated over the output's higher variables. U is summed over in its own layout (so it is revealed at the sumcheck's
 * point, like everywhere else); F is folded at the output point first, so its revealed value is at
 * a point of its own and takes a mask of its own ({@code foldMask}).
 */
public record ContractionPlan(String label, TensorPlan unfolded, int uLowVars, boolean uContractedLow, TensorPlan folded, int fLowVars,
                              boolean fContractedLow, VectorRef foldMask, boolean uFreeLow, long multiplier, List<LinearTerm> target,
                              long targetConstant, int targetVars) {
    public ContractionPlan {
        target = List.copyOf(target);
        int uContracted = uContractedLow ? uLowVars : unfolded.numVars() - uLowVars;
        int uFree = unfolded.numVars() - uContracted;
        int fFree = 0;
        if (folded != null) {
            int fContracted = fContractedLow ? fLowVars : folded.numVars() - fLowVars;
            if (fContracted != uContracted) {
                throw new IllegalArgumentException(label + ": the operands' contracted indices differ in size (" + uContracted + " and "
                        + fContracted + " variables)");
            }
            fFree = folded.numVars() - fContracted;
            if (foldMask == null || folded.isPublic()) {
                throw new IllegalArgumentException(label + ": the folded operand must be committed, with a mask of its own");
            }
        }
        if (uFree + fFree != targetVars) {
            throw new IllegalArgumentException(label + ": the free indices have " + (uFree + fFree) + " variables, the target " + targetVars);
        }
        if (!unfolded.isPublic() && !unfolded.vector().masked()) {
            throw new IllegalArgumentException(label + ": a committed summed operand must be masked (it is revealed)");
        }
    }

    public int contractedVars() {
        return uContractedLow ? uLowVars : unfolded.numVars() - uLowVars;
    }

    public int uFreeVars() {
        return unfolded.numVars() - contractedVars();
    }

    public int fFreeVars() {
        return targetVars - uFreeVars();
    }

    /**
     * Inference's dense layer: acc = W·x + b over the flattened input, acc tied to the layer's
     * requantisation witness (acc = 2^k·t + Σ_l 2^(8l)·r_l − 2^(k−1)). x is summed in its own layout,
     * (input, batch); W is laid out as rows of the input's sample block and folded at the output's row.
     */
    public static ContractionPlan dense(LayerPlan.Dense d) {
        int columnVars = Integer.numberOfTrailingZeros(d.columns());
        VectorRef w = d.weight();
        TensorPlan weight = new TensorPlan(w.name() + "#value", TensorLayout.raw(1 << w.numVars(), 1), TensorPlan.Visibility.COMMITTED, w, 0, null);
        TensorPlan bias = new TensorPlan(d.bias().name() + "#value", TensorLayout.raw(1 << d.bias().numVars(), 1), TensorPlan.Visibility.COMMITTED,
                d.bias(), 0, null);
        VectorRef mask = new VectorRef(w.name() + ".mask", VectorRef.WITNESS, w.mask(), -1, io.zkml4j.core.sumcheck.MaskedInstance.COMMITTED_MASK_VARS);
        RequantPlan rq = d.requant();
        List<LinearTerm> target = new java.util.ArrayList<>(rq.accumulatorTerms());
        target.add(new LinearTerm(bias, -1));
        return new ContractionPlan("dense." + d.layer().name(), d.input(), columnVars, true, weight, columnVars, true, mask, false, 1, target,
                rq.accumulatorConstant(),
                rq.output().numVars());
    }
}
