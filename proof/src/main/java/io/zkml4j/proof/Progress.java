package io.zkml4j.proof;

/** Receives the names of long-running steps as they start, for progress display. */
@FunctionalInterface
public interface Progress {
    Progress NONE = stage -> { };

    void stage(String description);
}
