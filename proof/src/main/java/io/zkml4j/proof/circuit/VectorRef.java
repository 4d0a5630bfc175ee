package io.zkml4j.proof.circuit;

/**
 * A committed base-field vector: which commitment holds it, its polynomial index there, and the
 * index of its zero-knowledge mask in the witness commitment (−1 when it is never revealed).
 */
public record VectorRef(String name, int commitment, int poly, int mask, int numVars) {
    /** The model commitment (weights), made once by the model owner. */
    public static final int MODEL = 0;
    /** The per-proof witness commitment: activations, remainders, multiplicities, masks. */
    public static final int WITNESS = 1;
    /** The per-proof commitment to inverses, made after the lookup challenges. */
    public static final int INVERSES = 2;
    /** A committed dataset (sealed, made once by the data owner): its features and labels. */
    public static final int DATASET = 4;
    /**
     * The weights before the model's (a training step's W_{t−1}, whose difference to W_t is the
     * velocity momentum reads): the protocol maps it to the commitment that holds them.
     */
    public static final int PREVIOUS = 5;

    public boolean masked() {
        return mask >= 0;
    }
}
