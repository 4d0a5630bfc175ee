package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;

import java.util.List;

/**
 * A claim that Σ_t coefficient_t · ⟨weights_t, polynomial_t⟩ = value, over polynomials from one or
 * more commitments. The common case is a single evaluation f(point) = value; sums of several
 * terms let a protocol reveal only a combination (for instance a masked evaluation).
 */
public record LinearClaim(List<Term> terms, Ext2 value) {
    /** One term: coefficient · ⟨weights, table of polynomial {@code polynomial} in commitment {@code commitment}⟩. */
    public record Term(int commitment, int polynomial, Weights weights, Ext2 coefficient) {}

    public LinearClaim {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a claim needs at least one term");
        }
        terms = List.copyOf(terms);
    }

    /** The claim f(point) = value for polynomial {@code polynomial} of commitment {@code commitment}. */
    public static LinearClaim evaluation(int commitment, int polynomial, Ext2[] point, Ext2 value) {
        return new LinearClaim(List.of(new Term(commitment, polynomial, new Weights.Eq(point), Ext2.ONE)), value);
    }

    /** The claim ⟨weights, f⟩ = value with explicit weights. */
    public static LinearClaim weighted(int commitment, int polynomial, long[] weights, Ext2 value) {
        return new LinearClaim(List.of(new Term(commitment, polynomial, new Weights.Explicit(weights), Ext2.ONE)), value);
    }
}
