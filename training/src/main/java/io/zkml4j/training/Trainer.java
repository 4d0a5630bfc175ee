package io.zkml4j.training;

/**
 * One way of running a recipe's SGD steps: in exact fixed point (the statement a training proof
 * proves) or in float (the reference it is compared with). {@link Training} drives either through
 * the same epochs and batches.
 */
public interface Trainer {
    /** One SGD step on the batch of these row indices; returns the batch's mean loss before the step. */
    double step(int[] rows);

    /** The class the current network predicts for a row of features (the first maximum of its output). */
    int predict(double[] features);
}
