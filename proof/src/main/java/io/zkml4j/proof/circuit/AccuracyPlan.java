package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * The vectors of an accuracy circuit beyond the model's own, for the witness: the dataset's
 * features and labels (in the dataset commitment), the rescaling remainder's parts (itself, or its limbs; part l weighs 2^(partBits·l)), for a one-output model the map that derives its scores (else null), the scores the
 * prediction is the argmax of (the output, or for a one-output model the pair (threshold − 1,
 * output)), the prediction's one-hot e, its prefix sums s (s_j = Σ_{k>j} e_k), the row maximum m,
 * the gaps d = m − score − s, the label's one-hot L, the products c = e·L and the public indicator
 * of real rows.
 */
public record AccuracyPlan(AccuracySpec spec, TensorPlan features, TensorPlan labels, List<TensorPlan> remainderParts, int remainderPartBits,
                           GatherPlan scoring, TensorPlan scores,
                           int classes, TensorPlan oneHot, TensorPlan prefix, TensorPlan max, TensorPlan gap, TensorPlan labelOneHot,
                           TensorPlan correct, TensorPlan realRows) {
    /** The statement value the correct count is bound to. */
    public static final String CORRECT = "accuracy.correct";

    public AccuracyPlan {
        remainderParts = List.copyOf(remainderParts);
    }

}
