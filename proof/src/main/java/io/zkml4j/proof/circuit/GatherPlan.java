package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * A public sparse map applied to a committed tensor, sample by sample, equals a linear combination
 * of tensors at every position: map(source) = Σ target terms (an empty target: zero). Row sums,
 * prefix sums, broadcasts and weighted sums are all such maps.
 */
public record GatherPlan(String label, SparseMap map, TensorPlan source, List<LinearTerm> target) {
    public GatherPlan {
        target = List.copyOf(target);
    }
}
