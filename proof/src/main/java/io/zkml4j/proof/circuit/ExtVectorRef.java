package io.zkml4j.proof.circuit;

/** An extension-valued committed vector, stored as its c0 and φ components. */
public record ExtVectorRef(VectorRef c0, VectorRef c1) {
    public int numVars() {
        return c0.numVars();
    }
}
