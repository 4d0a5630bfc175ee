package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * An element-wise product of tensors in one layout equals a linear combination of tensors at every
 * position: Π factors = Σ target terms (booleanity: e·e = e; complementary zeros: e·d = 0).
 */
public record ProductPlan(String label, List<TensorPlan> factors, List<LinearTerm> target) {
    public ProductPlan {
        factors = List.copyOf(factors);
        target = List.copyOf(target);
    }
}
