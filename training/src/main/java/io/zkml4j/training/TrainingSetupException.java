package io.zkml4j.training;

/** A recipe, model or dataset that training refuses before it starts; the message names what and why. */
public final class TrainingSetupException extends Exception {
    public TrainingSetupException(String message) {
        super(message);
    }
}
