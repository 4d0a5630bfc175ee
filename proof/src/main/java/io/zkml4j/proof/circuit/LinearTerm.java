package io.zkml4j.proof.circuit;

import java.util.List;

/** coefficient·tensor, one term of a linear combination that a plan states (coefficient signed). */
public record LinearTerm(TensorPlan tensor, long coefficient) {
    public static LinearTerm of(TensorPlan tensor) {
        return new LinearTerm(tensor, 1);
    }

    public static List<LinearTerm> sum(TensorPlan... tensors) {
        return java.util.Arrays.stream(tensors).map(LinearTerm::of).toList();
    }
}
