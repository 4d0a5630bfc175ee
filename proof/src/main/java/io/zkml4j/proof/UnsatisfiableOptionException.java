package io.zkml4j.proof;

/** A commit option that no parameters can satisfy for this model; {@link #satisfiable()} says how far it can go. */
public final class UnsatisfiableOptionException extends IllegalArgumentException {
    private final int satisfiable;

    UnsatisfiableOptionException(String message, int satisfiable) {
        super(message);
        this.satisfiable = satisfiable;
    }

    /** The largest value of the option that can be satisfied (0 when none). */
    public int satisfiable() {
        return satisfiable;
    }
}
