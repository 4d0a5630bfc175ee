package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;

/** The model commitment's vectors (weights and biases in proof layout), in the circuit's order. */
public final class ModelVectors {
    private ModelVectors() {}

    public static long[][] build(Circuit circuit) {
        long[][] out = new long[circuit.modelVectors().size()][];
        for (LayerPlan plan : circuit.layers()) {
            if (plan instanceof LayerPlan.Dense d) {
                long[] w = new long[d.rows() * d.columns()];
                int[] col = d.input().layout().proofIndex();
                int in = d.layer().in();
                for (int o = 0; o < d.layer().out(); o++) {
                    for (int i = 0; i < in; i++) {
                        w[o * d.columns() + col[i]] = Goldilocks.fromSigned(d.layer().weight()[o * in + i]);
                    }
                }
                long[] b = new long[d.rows()];
                for (int o = 0; o < d.layer().out(); o++) {
                    b[o] = Goldilocks.fromSigned(d.layer().bias()[o]);
                }
                out[d.weight().poly()] = w;
                out[d.bias().poly()] = b;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw new IllegalStateException("model vector " + circuit.modelVectors().get(i).ref().name() + " was not built");
            }
        }
        return out;
    }
}
