package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.proof.circuit.TensorPlan;

import java.util.HashMap;
import java.util.Map;

/** The public tensors' values (proof layout, field elements), known to both sides. */
public final class PublicTensors {
    private final Map<String, long[]> values = new HashMap<>();

    public void put(String tensor, long[] vector) {
        values.put(tensor, vector);
    }

    /** The values put for a tensor, or null when none were. */
    public long[] find(String tensor) {
        return values.get(tensor);
    }

    public long[] get(String tensor) {
        long[] v = values.get(tensor);
        if (v == null) {
            throw new IllegalStateException("tensor '" + tensor + "' is not public");
        }
        return v;
    }

    /** A public tensor's multilinear extension at a point (its values are its public root's). */
    public Ext2 evaluate(TensorPlan tensor, Ext2[] point) {
        return Multilinear.evaluateBase(get(tensor.publicRoot()), point);
    }
}
