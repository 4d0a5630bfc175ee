package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * Σ terms + constant = 0 at every position of tensors in one layout, the constant a public
 * per-sample vector (signed values) repeated over the batch: checked at a random point by one
 * commitment claim with a public value.
 */
public record LinearPlan(String label, List<LinearTerm> terms, long[] constantPerSample) {
    public LinearPlan {
        terms = List.copyOf(terms);
        constantPerSample = constantPerSample.clone();
    }
}
