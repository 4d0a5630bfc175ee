package io.zkml4j.proof.circuit;

/**
 * A committed tensor laid out (sample, batch) holds rows of a dataset tensor picked by a public
 * list of row indices (the statement's, named {@code rowsName}): target(x, b) = source(x, rows[b])
 * for each real row b. Rows of the padded batch repeat rows[0] ({@code padWithFirst}, so they are
 * real executions) or are zero.
 */
public record SelectionPlan(String label, TensorPlan target, TensorPlan source, String rowsName, boolean padWithFirst) {
    public SelectionPlan {
        if (target.layout().sampleSize() != source.layout().sampleSize()) {
            throw new IllegalArgumentException(label + ": the selected rows and the dataset's rows are laid out differently");
        }
    }
}
