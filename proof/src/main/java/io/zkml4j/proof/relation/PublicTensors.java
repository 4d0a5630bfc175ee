package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;

import java.util.HashMap;
import java.util.Map;

/** The public tensors' values (proof layout, field elements), known to both sides. */
public final class PublicTensors {
    private final Map<String, long[]> values = new HashMap<>();

    public void put(String tensor, long[] vector) {
        values.put(tensor, vector);
    }

    public long[] get(String tensor) {
        long[] v = values.get(tensor);
        if (v == null) {
            throw new IllegalStateException("tensor '" + tensor + "' is not public");
        }
        return v;
    }

    public Ext2 evaluate(String tensor, Ext2[] point) {
        return Multilinear.evaluateBase(get(tensor), point);
    }
}
