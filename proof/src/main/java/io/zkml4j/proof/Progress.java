package io.zkml4j.proof;

/** Receives the names of long-running steps as they start, for progress display. */
@FunctionalInterface
public interface Progress {
    Progress NONE = stage -> { };

    void stage(String description);

    /**
     * Progress through many like items (the steps of a training): {@code done} of {@code total}
     * finished in {@code phase}. A display may show a bar and the time left; by default each item
     * is a stage.
     */
    default void step(String phase, int done, int total) {
        stage(phase + ": " + done + " of " + total);
    }
}
