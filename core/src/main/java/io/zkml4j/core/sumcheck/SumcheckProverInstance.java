package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;

/**
 * The prover's side of one sumcheck over n variables: it produces each round's univariate
 * polynomial and then binds the round's variable (x_0 first, see the bit order in
 * {@link io.zkml4j.core.poly}).
 */
public interface SumcheckProverInstance {
    int numVars();

    /** An upper bound on the degree of every round polynomial. */
    int degree();

    /**
     * The degree of round {@code round}'s polynomial; by default {@link #degree()}. Instances whose
     * first variable carries a zero-knowledge mask have a higher degree in round 0 only.
     */
    default int degree(int round) {
        return degree();
    }

    /**
     * The current round polynomial s(X) = Σ over the remaining Boolean variables, as its values at
     * X = 0, 1, ..., degree(round). {@code claim} is s(0) + s(1), which implementations may use to save
     * work.
     */
    Ext2[] roundValues(Ext2 claim);

    /** Fixes the current variable to r. */
    void bind(Ext2 r);
}
