package io.zkml4j.proof;

/** A commit option that no parameters can satisfy for this model; {@link #satisfiable()} says how far it can go. */
public final class UnsatisfiableOptionException extends IllegalArgumentException {
    /** Which of {@link CommitOptions} cannot be met. */
    public enum Option { SECURITY }

    private final Option option;
    private final int satisfiable;

    UnsatisfiableOptionException(Option option, String message, int satisfiable) {
        super(message);
        this.option = option;
        this.satisfiable = satisfiable;
    }

    public Option option() {
        return option;
    }

    /** The largest value of the option that can be satisfied with the others as given (0 when none). */
    public int satisfiable() {
        return satisfiable;
    }
}
