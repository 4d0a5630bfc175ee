package io.zkml4j.proof.witness;

/**
 * One training step's rows as the prover knows them: each row's committed fixed-point features (the
 * dataset's integers, before rescaling) and its label, in batch order.
 */
public record TrainingBatch(long[][] features, int[] labels) {
    public TrainingBatch {
        if (features.length != labels.length || features.length == 0) {
            throw new IllegalArgumentException("a batch has rows, one label each");
        }
    }
}
