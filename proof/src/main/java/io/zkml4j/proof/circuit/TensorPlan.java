package io.zkml4j.proof.circuit;

/**
 * How a model tensor appears in the proof: its layout, and whether its values are public (the
 * input or output, which the verifier knows) or committed ({@code vector}). Aliases (reshape,
 * transpose) share their source's vector under another layout; a public tensor's values are those
 * of {@code publicRoot} (the model's input or output), whose vector it shares.
 */
public record TensorPlan(String name, TensorLayout layout, Visibility visibility, VectorRef vector, long padValue, String publicRoot) {
    public enum Visibility { PUBLIC, COMMITTED }

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }

    public int numVars() {
        return layout.numVars();
    }
}
