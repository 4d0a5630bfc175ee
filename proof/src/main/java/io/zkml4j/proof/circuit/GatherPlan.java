package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * A public sparse map applied to a committed tensor, sample by sample, equals a linear combination
 * of tensors at every position: map(source) = Σ target terms (an empty target: zero). Row sums,
 * prefix sums, broadcasts and weighted sums are all such maps.
 */
public record GatherPlan(String label, SparseMap map, TensorPlan source, List<LinearTerm> target, boolean definesTarget) {
    public GatherPlan {
        target = List.copyOf(target);
        if (definesTarget && (target.size() != 1 || target.get(0).coefficient() != 1 || target.get(0).tensor().isPublic())) {
            throw new IllegalArgumentException(label + ": a gather that defines its target has one committed target of coefficient 1");
        }
    }

    /** A gather whose target the witness computes elsewhere. */
    public GatherPlan(String label, SparseMap map, TensorPlan source, List<LinearTerm> target) {
        this(label, map, source, target, false);
    }

    /** A gather that defines its one target: the witness fills it as map(source) (a tensor copied into another layout). */
    public static GatherPlan defining(String label, SparseMap map, TensorPlan source, TensorPlan target) {
        return new GatherPlan(label, map, source, LinearTerm.sum(target), true);
    }
}
