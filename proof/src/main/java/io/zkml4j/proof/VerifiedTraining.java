package io.zkml4j.proof;

/** What a valid training proof established: this recipe, on this dataset, trained the weights of this key, in this many steps. */
public record VerifiedTraining(String recipeDigest, String datasetDigest, String modelDigest, int steps, int rows, double securityBits) {}
