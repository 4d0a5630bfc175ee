package io.zkml4j.core.pcs;

/**
 * An opening would reveal more columns of a commitment than its randomness hides: the prover
 * refuses rather than leak the committed data. Commit again (with new randomness) to go on.
 */
public final class HidingBudgetExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public HidingBudgetExhaustedException(String message) {
        super(message);
    }
}
