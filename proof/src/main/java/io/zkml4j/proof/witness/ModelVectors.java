package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.VectorRef;

/** The model commitment's vectors (weights and biases in proof layout), in the circuit's order. */
public final class ModelVectors {
    private ModelVectors() {}

    /** What goes at a weight's position: its field value, or a marker. */
    private interface ValueAt {
        long at(long[] parameters, int index);
    }

    public static long[][] build(Circuit circuit) {
        return build(circuit.layers(), circuit.modelVectors(), (array, i) -> Goldilocks.fromSigned(array[i]), 0, circuit.modelVectors().size());
    }

    /**
     * 1 where a model vector of [from, to) holds a weight or bias, 0 in its padding (what the weights
     * proof zero-checks); null for the other vectors.
     */
    public static long[][] occupancy(java.util.List<LayerPlan> layers, java.util.List<Circuit.VectorSpec> modelVectors, int from, int to) {
        return build(layers, modelVectors, (array, i) -> 1, from, to); // the positions only: an architecture without weights will do
    }

    private static long[][] build(java.util.List<LayerPlan> layers, java.util.List<Circuit.VectorSpec> modelVectors,
                                  ValueAt value, int from, int to) {
        long[][] out = new long[modelVectors.size()][];
        for (LayerPlan plan : layers) {
            if (plan instanceof LayerPlan.Dense d) {
                dense(d, out, value, from, to);
            } else if (plan instanceof LayerPlan.Conv c) {
                conv(c, out, value, from, to);
            }
        }
        for (int i = from; i < to; i++) {
            VectorRef ref = modelVectors.get(i).ref();
            if (out[i] == null && ref.name().equals(io.zkml4j.proof.CircuitCompiler.NO_WEIGHTS)) {
                out[i] = new long[1 << ref.numVars()];
            }
            if (out[i] == null) {
                throw new IllegalStateException("model vector " + ref.name() + " was not built");
            }
        }
        return out;
    }

    /** Rows of the output, each laid out like the input's sample block. */
    private static void dense(LayerPlan.Dense d, long[][] out, ValueAt value, int from, int to) {
        if (inRange(d.weight(), from, to)) {
            out[d.weight().poly()] = denseWeights(d, value);
        }
        if (inRange(d.bias(), from, to)) {
            long[] b = new long[d.rows()];
            for (int o = 0; o < d.layer().out(); o++) {
                b[o] = value.at(d.layer().bias(), o);
            }
            out[d.bias().poly()] = b;
        }
    }

    private static boolean inRange(VectorRef v, int from, int to) {
        return v.poly() >= from && v.poly() < to;
    }

    private static long[] denseWeights(LayerPlan.Dense d, ValueAt value) {
        long[] w = new long[d.rows() * d.columns()];
        int[] col = d.input().layout().proofIndex();
        int in = d.layer().in();
        for (int o = 0; o < d.layer().out(); o++) {
            for (int i = 0; i < in; i++) {
                w[o * d.columns() + col[i]] = value.at(d.layer().weight(), o * in + i);
            }
        }
        return w;
    }

    /** W at ((g·Cg' + c)·K' + k) with k = (input channel in group, kh, kw) flattened; the bias at g·Cg' + c. */
    private static void conv(LayerPlan.Conv c, long[][] out, ValueAt value, int from, int to) {
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
                w[row * kernel + k] = value.at(c.layer().weight(), co * kernelReal + k);
            }
            b[row] = value.at(c.layer().bias(), co);
        }
        if (inRange(c.weight(), from, to)) {
            out[c.weight().poly()] = w;
        }
        if (inRange(c.bias(), from, to)) {
            out[c.bias().poly()] = b;
        }
    }
}
