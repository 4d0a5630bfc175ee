package io.zkml4j.proof.format;

import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Structural checks of a quantised model: layers in an order where every input exists, each
 * tensor written once, and every layer's parameters agreeing with its tensors' shapes.
 */
final class ModelConsistency {
    private ModelConsistency() {}

    /** Null when consistent, else what is wrong and where. */
    static String problem(QuantizedModel m, boolean withWeights) {
        Set<String> known = new HashSet<>(Set.of(m.input()));
        Set<String> layerNames = new HashSet<>();
        for (QLayer layer : m.layers()) {
            if (!layerNames.add(layer.name())) {
                return "two layers are named '" + layer.name() + "'";
            }
            for (String in : layer.inputs()) {
                if (!known.contains(in)) {
                    return "layer '" + layer.name() + "' reads '" + in + "' before it is computed";
                }
            }
            if (!known.add(layer.output())) {
                return "layer '" + layer.name() + "' writes '" + layer.output() + "', which is already computed";
            }
            String p = layerProblem(m, layer, withWeights);
            if (p != null) {
                return "layer '" + layer.name() + "': " + p;
            }
        }
        if (!known.contains(m.output())) {
            return "no layer computes the output '" + m.output() + "'";
        }
        String ports = portsProblem(m);
        return ports != null ? ports : io.zkml4j.proof.circuit.CircuitBounds.problem(m, 1);
    }

    /**
     * Several inputs or outputs must be what their names say: each input port's tensor a copy of
     * its slice of the packed input (a Select layer), the packed output the concatenation of the
     * output ports' tensors (flattened by reshapes) in order. The proof is about the packed tensors;
     * this ties the names and scales a verifier reports to the values proven.
     */
    private static String portsProblem(QuantizedModel m) {
        java.util.Map<String, QLayer> producers = new java.util.HashMap<>(); // each tensor is written once (checked above)
        m.layers().forEach(l -> producers.put(l.output(), l));
        if (m.inputPorts().size() > 1) {
            for (QuantizedModel.Port port : m.inputPorts()) {
                int size = size(m, port.tensor());
                boolean found = false;
                if (producers.get(port.tensor()) instanceof QLayer.Select s) {
                    int[] expected = new int[size];
                    Arrays.setAll(expected, i -> port.offset() + i);
                    found = s.input().equals(m.input()) && Arrays.equals(s.sourceIndex(), expected);
                }
                if (!found) {
                    return "input '" + port.name() + "' is not copied out of the packed input '" + m.input() + "' at " + port.offset();
                }
            }
        }
        if (m.outputPorts().size() > 1) {
            QLayer.Concat join = producers.get(m.output()) instanceof QLayer.Concat c ? c : null;
            if (join == null || join.axis() != 0 || join.inputs().size() != m.outputPorts().size()
                    || m.tensor(m.output()).shape().length != 1) {
                return "the packed output '" + m.output() + "' is not the outputs joined one after another";
            }
            for (int k = 0; k < join.inputs().size(); k++) {
                String part = join.inputs().get(k);
                QuantizedModel.Port port = m.outputPorts().get(k);
                boolean flattened = part.equals(port.tensor())
                        || producers.get(part) instanceof QLayer.Reshape r && r.input().equals(port.tensor());
                if (!flattened || m.tensor(part).shape().length != 1) {
                    return "output '" + port.name() + "' is not part " + k + " of the packed output '" + m.output() + "'";
                }
            }
        }
        return null;
    }

    private static int size(QuantizedModel m, String tensor) {
        return m.tensor(tensor).size();
    }

    private static String layerProblem(QuantizedModel m, QLayer layer, boolean withWeights) {
        int out = size(m, layer.output());
        return switch (layer) {
            case QLayer.Dense d -> {
                if (size(m, d.input()) != d.in() || out != d.out()) {
                    yield "its sizes " + d.in() + " → " + d.out() + " do not match its tensors";
                }
                yield weights(d.weight().length, d.bias().length, (long) d.in() * d.out(), d.out(), withWeights);
            }
            case QLayer.Conv c -> {
                QLayer.ConvGeometry g = c.geometry();
                if (min(g.inC(), g.inH(), g.inW(), g.outC(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.groups()) < 1
                        || min(g.padTop(), g.padLeft(), g.padBottom(), g.padRight()) < 0 || g.inC() % g.groups() != 0
                        || g.outC() % g.groups() != 0 || g.outH() < 1 || g.outW() < 1) {
                    yield "invalid convolution geometry";
                }
                if (size(m, c.input()) != g.inC() * g.inH() * g.inW() || out != g.outC() * g.outH() * g.outW()) {
                    yield "its geometry does not match its tensors";
                }
                yield weights(c.weight().length, c.bias().length, (long) g.outC() * g.groupInC() * g.kH() * g.kW(), g.outC(), withWeights);
            }
            case QLayer.AvgPool p -> {
                String g = pool(m, p.input(), out, p.geometry());
                yield g != null ? g : p.multipliers().length != p.geometry().outH() * p.geometry().outW() ? "one multiplier per output position expected" : null;
            }
            case QLayer.MaxPool p -> pool(m, p.input(), out, p.geometry());
            case QLayer.Add a -> size(m, a.a()) == out && size(m, a.b()) == out ? null : "its operands and output differ in size";
            case QLayer.Mul a -> size(m, a.a()) == out && size(m, a.b()) == out ? null : "its operands and output differ in size";
            case QLayer.MatMul p -> size(m, p.a()) == (long) p.rows() * p.inner() && size(m, p.b()) == (long) p.inner() * p.columns()
                    && out == (long) p.rows() * p.columns() ? null : "its operands and output do not have its rows, inner and columns";
            case QLayer.Affine a -> (long) a.channels() * a.inner() == out && size(m, a.input()) == out && a.scale().length == a.channels()
                    && a.shift().length == a.channels() ? null : "its channels do not match its tensors";
            case QLayer.Activate a -> size(m, a.input()) == out ? null : "input and output differ in size";
            case QLayer.Reshape r -> size(m, r.input()) == out ? null : "input and output differ in size";
            case QLayer.Transpose t -> transpose(m.tensor(t.input()).shape(), m.tensor(t.output()).shape(), t.perm());
            case QLayer.Concat c -> concat(m, c);
            case QLayer.Select s -> select(m, s, out);
            case QLayer.Broadcast b -> QLayer.Broadcast.sourceIndex(m.tensor(b.input()).shape(), m.tensor(b.output()).shape()) != null ? null
                    : "its input's shape does not broadcast to its output's";
        };
    }

    private static String weights(int weights, int bias, long expectedWeights, int expectedBias, boolean withWeights) {
        if (withWeights) {
            return weights == expectedWeights && bias == expectedBias ? null
                    : "holds " + weights + " weights and " + bias + " biases, expected " + expectedWeights + " and " + expectedBias;
        }
        return weights == 0 && bias == 0 ? null : "a verifying key must not hold weights";
    }

    private static String pool(QuantizedModel m, String input, int out, QLayer.PoolGeometry g) {
        if (min(g.channels(), g.inH(), g.inW(), g.kH(), g.kW(), g.strideH(), g.strideW()) < 1
                || min(g.padTop(), g.padLeft(), g.padBottom(), g.padRight()) < 0 || Math.max(g.padTop(), g.padBottom()) >= g.kH()
                || Math.max(g.padLeft(), g.padRight()) >= g.kW() || g.outH() < 1 || g.outW() < 1) {
            return "invalid pooling geometry";
        }
        return size(m, input) == g.channels() * g.inH() * g.inW() && out == g.channels() * g.outH() * g.outW() ? null
                : "its geometry does not match its tensors";
    }

    private static String select(QuantizedModel m, QLayer.Select s, int out) {
        if (s.sourceIndex().length != out) {
            return "its index map has " + s.sourceIndex().length + " entries for " + out + " outputs";
        }
        int in = size(m, s.input());
        for (int i : s.sourceIndex()) {
            if (i < -1 || i >= in) {
                return "its index map reads position " + i + " of an input of " + in;
            }
        }
        return s.fill() < io.zkml4j.model.quant.Activation.MIN || s.fill() > io.zkml4j.model.quant.Activation.MAX
                ? "its fill value " + s.fill() + " is outside the 16-bit range" : null;
    }

    private static String transpose(int[] in, int[] out, int[] perm) {
        if (perm.length != in.length || out.length != in.length) {
            return "permutation rank differs from the tensors'";
        }
        boolean[] seen = new boolean[perm.length];
        for (int j = 0; j < perm.length; j++) {
            if (perm[j] < 0 || perm[j] >= perm.length || seen[perm[j]] || out[j] != in[perm[j]]) {
                return "not a permutation matching the shapes";
            }
            seen[perm[j]] = true;
        }
        return null;
    }

    private static String concat(QuantizedModel m, QLayer.Concat c) {
        int[] out = m.tensor(c.output()).shape();
        if (c.axis() >= out.length) {
            return "axis " + c.axis() + " beyond the output's rank";
        }
        int along = 0;
        for (String name : c.inputs()) {
            int[] s = m.tensor(name).shape();
            if (s.length != out.length) {
                return "input '" + name + "' has another rank";
            }
            for (int d = 0; d < s.length; d++) {
                if (d != c.axis() && s[d] != out[d]) {
                    return "input '" + name + "' differs from the output off the axis";
                }
            }
            along += s[c.axis()];
        }
        return along == out[c.axis()] ? null : "inputs do not add up to the output along the axis";
    }

    private static int min(int... v) {
        return Arrays.stream(v).min().orElse(0);
    }
}
