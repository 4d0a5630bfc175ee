package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.VectorRef;

/** The model commitment's vectors (weights and biases in proof layout), in the circuit's order. */
public final class ModelVectors {
    private ModelVectors() {}

    public static long[][] build(Circuit circuit) {
        long[][] out = new long[circuit.modelVectors().size()][];
        for (LayerPlan plan : circuit.layers()) {
            if (plan instanceof LayerPlan.Dense d) {
                dense(d, out);
            } else if (plan instanceof LayerPlan.Conv c) {
                conv(c, out);
            }
        }
        for (int i = 0; i < out.length; i++) {
            VectorRef ref = circuit.modelVectors().get(i).ref();
            if (out[i] == null && ref.name().equals(io.zkml4j.proof.CircuitCompiler.NO_WEIGHTS)) {
                out[i] = new long[1 << ref.numVars()];
            }
            if (out[i] == null) {
                throw new IllegalStateException("model vector " + circuit.modelVectors().get(i).ref().name() + " was not built");
            }
        }
        return out;
    }

    /** Rows of the output, each laid out like the input's sample block. */
    private static void dense(LayerPlan.Dense d, long[][] out) {
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

    /** W at ((g·Cg' + c)·K' + k) with k = (input channel in group, kh, kw) flattened; the bias at g·Cg' + c. */
    private static void conv(LayerPlan.Conv c, long[][] out) {
        QLayer.ConvGeometry g = c.layer().geometry();
        int perGroup = g.outC() / g.groups();
        int perGroupPadded = 1 << c.channelVars();
        int kernel = 1 << c.kernelVars();
        int kernelReal = g.groupInC() * g.kH() * g.kW();
        long[] w = new long[(1 << c.groupVars()) * perGroupPadded * kernel];
        long[] b = new long[(1 << c.groupVars()) * perGroupPadded];
        for (int co = 0; co < g.outC(); co++) {
            int row = (co / perGroup) * perGroupPadded + co % perGroup;
            for (int k = 0; k < kernelReal; k++) {
                w[row * kernel + k] = Goldilocks.fromSigned(c.layer().weight()[co * kernelReal + k]);
            }
            b[row] = Goldilocks.fromSigned(c.layer().bias()[co]);
        }
        out[c.weight().poly()] = w;
        out[c.bias().poly()] = b;
    }
}
