package io.zkml4j.proof;

/** What a valid accuracy proof established: the model and dataset (by digest), and the count of correct predictions. */
public record VerifiedAccuracy(String modelDigest, String datasetDigest, int correct, int total, double securityBits) {
    public double accuracy() {
        return (double) correct / total;
    }

    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"correct\": %d, \"total\": %d, \"accuracy\": %.6f, \"model_digest\": \"%s\", \"dataset_digest\": \"%s\", \"security_bits\": %.1f}",
                correct, total, accuracy(), modelDigest, datasetDigest, securityBits);
    }
}
