package io.zkml4j.proof.format;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a quantised model, inside key files. Without weights it is the public
 * architecture a verifying key holds: every layer with its shapes, shifts, activations and
 * public constants, but the dense and convolution weights and biases left out (empty arrays).
 * Decoding checks that the model is consistent (shapes agree with every layer), so a corrupt
 * or hand-made file fails here, naming the layer, rather than somewhere inside the prover.
 */
public final class ModelCodec {
    private static final int MAX_TENSORS = 1 << 20;
    private static final int MAX_DIM = 1 << 24;
    private static final int MAX_PORTS = 1 << 10;

    private ModelCodec() {}

    /** The same model with the dense and convolution weights and biases removed: its public architecture. */
    public static QuantizedModel withoutWeights(QuantizedModel m) {
        List<QLayer> layers = new ArrayList<>();
        long[] none = new long[0];
        for (QLayer l : m.layers()) {
            layers.add(switch (l) {
                case QLayer.Dense d -> new QLayer.Dense(d.name(), d.input(), d.output(), d.in(), d.out(), none, none, d.requant());
                case QLayer.Conv c -> new QLayer.Conv(c.name(), c.input(), c.output(), c.geometry(), none, none, c.requant());
                default -> l;
            });
        }
        return new QuantizedModel(m.name(), m.tensors(), m.input(), m.output(), layers, m.inputPorts(), m.outputPorts());
    }

    public static void write(BinaryWriter w, QuantizedModel m, boolean withWeights) {
        w.string(m.name());
        w.i32(m.tensors().size());
        for (Map.Entry<String, QuantizedModel.TensorSpec> e : m.tensors().entrySet()) {
            w.string(e.getKey()).ints(e.getValue().shape()).f64(e.getValue().scale());
        }
        w.string(m.input()).string(m.output());
        writePorts(w, m.inputPorts());
        writePorts(w, m.outputPorts());
        w.i32(m.layers().size());
        for (QLayer layer : m.layers()) {
            writeLayer(w, layer, withWeights);
        }
    }

    private static void writePorts(BinaryWriter w, List<QuantizedModel.Port> ports) {
        w.i32(ports.size());
        for (QuantizedModel.Port p : ports) {
            w.string(p.name()).string(p.tensor()).i32(p.offset());
        }
    }

    private static List<QuantizedModel.Port> readPorts(BinaryReader r, String role) throws FileFormatException {
        int n = r.i32(role + " count", 1, MAX_PORTS);
        List<QuantizedModel.Port> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String at = role + " " + i;
            ports.add(new QuantizedModel.Port(r.string(at + " name"), r.string(at + " tensor"), r.i32(at + " offset", 0, MAX_DIM)));
        }
        return ports;
    }

    private static void writeLayer(BinaryWriter w, QLayer layer, boolean withWeights) {
        w.string(layer.name());
        switch (layer) {
            case QLayer.Dense d -> {
                w.u8(1).string(d.input()).string(d.output()).i32(d.in()).i32(d.out());
                w.longs(withWeights ? d.weight() : new long[0]).longs(withWeights ? d.bias() : new long[0]);
                requant(w, d.requant());
            }
            case QLayer.Conv c -> {
                w.u8(2).string(c.input()).string(c.output());
                QLayer.ConvGeometry g = c.geometry();
                w.ints(new int[] {g.inC(), g.inH(), g.inW(), g.outC(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(),
                        g.padBottom(), g.padRight(), g.dilationH(), g.dilationW(), g.groups()});
                w.longs(withWeights ? c.weight() : new long[0]).longs(withWeights ? c.bias() : new long[0]);
                requant(w, c.requant());
            }
            case QLayer.AvgPool p -> {
                w.u8(3).string(p.input()).string(p.output());
                pool(w, p.geometry());
                w.bool(p.countIncludePad()).longs(p.multipliers());
                requant(w, p.requant());
            }
            case QLayer.MaxPool p -> {
                w.u8(4).string(p.input()).string(p.output());
                pool(w, p.geometry());
            }
            case QLayer.Add a -> {
                w.u8(5).string(a.a()).string(a.b()).string(a.output()).i64(a.multA()).i64(a.multB());
                requant(w, a.requant());
            }
            case QLayer.Mul m -> {
                w.u8(6).string(m.a()).string(m.b()).string(m.output()).i64(m.multiplier());
                requant(w, m.requant());
            }
            case QLayer.Affine a -> {
                w.u8(7).string(a.input()).string(a.output()).i32(a.channels()).i32(a.inner()).longs(a.scale()).longs(a.shift());
                requant(w, a.requant());
            }
            case QLayer.Activate a -> {
                w.u8(8).string(a.input()).string(a.output());
                requant(w, a.requant());
            }
            case QLayer.Reshape r -> w.u8(9).string(r.input()).string(r.output());
            case QLayer.Transpose t -> w.u8(10).string(t.input()).string(t.output()).ints(t.perm());
            case QLayer.Concat c -> {
                w.u8(11).i32(c.inputs().size());
                c.inputs().forEach(w::string);
                w.string(c.output()).i32(c.axis());
            }
            case QLayer.Broadcast b -> w.u8(12).string(b.input()).string(b.output());
            case QLayer.Select s -> w.u8(14).string(s.input()).string(s.output()).ints(s.sourceIndex()).i64(s.fill());
            case QLayer.MatMul m -> {
                w.u8(13).string(m.a()).string(m.b()).string(m.output()).i32(m.rows()).i32(m.inner()).i32(m.columns()).i64(m.multiplier());
                requant(w, m.requant());
            }
        }
    }

    private static void pool(BinaryWriter w, QLayer.PoolGeometry g) {
        w.ints(new int[] {g.channels(), g.inH(), g.inW(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.padBottom(),
                g.padRight()});
    }

    /** Explicit wire tags: reordering the enum must not change the format. */
    private static int activationTag(Activation.Kind kind) {
        return switch (kind) {
            case IDENTITY -> 0;
            case RELU -> 1;
            case LEAKY_RELU -> 2;
            case SIGMOID -> 3;
            case TANH -> 4;
            case CLIP -> 5;
            case FUNCTION -> 6;
        };
    }

    private static Activation.Kind activationKind(int tag) {
        for (Activation.Kind k : Activation.Kind.values()) {
            if (activationTag(k) == tag) {
                return k;
            }
        }
        return null;
    }

    private static void requant(BinaryWriter w, Requant rq) {
        Activation a = rq.activation();
        w.u8(rq.shift()).u8(activationTag(a.kind())).f64(a.alpha()).i64(a.clipLow()).i64(a.clipHigh()).f64(a.inputScale())
                .u8(a.outputBits());
        if (a.kind() == Activation.Kind.FUNCTION) { // only after the tag that older files never have: they still read
            w.u8(a.function().tag()).f64(a.beta()).f64(a.outputScale());
        }
    }

    /**
     * Reads a model; with {@code withWeights} the dense and convolution layers must carry their
     * weights, without they must not.
     */
    public static QuantizedModel read(BinaryReader r, boolean withWeights) throws FileFormatException {
        String name = r.string("model name");
        int count = r.i32("tensor count", 1, MAX_TENSORS);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String t = r.string("tensor " + i + " name");
            int[] shape = r.ints("tensor '" + t + "' shape");
            long size = 1;
            for (int d : shape) {
                if (d < 1 || d > MAX_DIM) {
                    throw r.error("tensor '" + t + "' shape", "dimension " + d + " out of range");
                }
                size *= d;
                if (size > MAX_DIM) {
                    throw r.error("tensor '" + t + "' shape", "more than 2^24 values");
                }
            }
            if (tensors.put(t, new QuantizedModel.TensorSpec(shape, r.positive("tensor '" + t + "' scale"))) != null) {
                throw r.error("tensor '" + t + "'", "defined twice");
            }
        }
        String input = r.string("model input");
        String output = r.string("model output");
        List<QuantizedModel.Port> inputPorts = readPorts(r, "model input");
        List<QuantizedModel.Port> outputPorts = readPorts(r, "model output");
        int layerCount = r.i32("layer count", 0, MAX_TENSORS);
        List<QLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(readLayer(r, withWeights));
        }
        QuantizedModel m;
        try {
            m = new QuantizedModel(name, tensors, input, output, layers, inputPorts, outputPorts);
        } catch (IllegalArgumentException e) {
            throw r.error("model", e.getMessage());
        }
        String problem = ModelConsistency.problem(m, withWeights);
        if (problem != null) {
            throw r.error("model", problem);
        }
        return m;
    }

    private static QLayer readLayer(BinaryReader r, boolean withWeights) throws FileFormatException {
        String name = r.string("layer name");
        String at = "layer '" + name + "'";
        int kind = r.u8(at + " kind");
        return switch (kind) {
            case 1 -> new QLayer.Dense(name, r.string(at + " input"), r.string(at + " output"), r.i32(at + " inputs", 1, MAX_DIM),
                    r.i32(at + " outputs", 1, MAX_DIM), r.longs(at + " weights"), r.longs(at + " bias"), requant(r, at));
            case 2 -> {
                String in = r.string(at + " input");
                String out = r.string(at + " output");
                int[] g = r.ints(at + " geometry");
                if (g.length != 15) {
                    throw r.error(at + " geometry", "15 values expected");
                }
                yield new QLayer.Conv(name, in, out, new QLayer.ConvGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10],
                        g[11], g[12], g[13], g[14]), r.longs(at + " weights"), r.longs(at + " bias"), requant(r, at));
            }
            case 3 -> new QLayer.AvgPool(name, r.string(at + " input"), r.string(at + " output"), pool(r, at), r.bool(at + " count_include_pad"),
                    r.longs(at + " multipliers"), requant(r, at));
            case 4 -> new QLayer.MaxPool(name, r.string(at + " input"), r.string(at + " output"), pool(r, at));
            case 5 -> new QLayer.Add(name, r.string(at + " a"), r.string(at + " b"), r.string(at + " output"), r.i64(at + " multA"),
                    r.i64(at + " multB"), requant(r, at));
            case 6 -> new QLayer.Mul(name, r.string(at + " a"), r.string(at + " b"), r.string(at + " output"), r.i64(at + " multiplier"),
                    requant(r, at));
            case 7 -> new QLayer.Affine(name, r.string(at + " input"), r.string(at + " output"), r.i32(at + " channels", 1, MAX_DIM),
                    r.i32(at + " inner", 1, MAX_DIM), r.longs(at + " scale"), r.longs(at + " shift"), requant(r, at));
            case 8 -> new QLayer.Activate(name, r.string(at + " input"), r.string(at + " output"), requant(r, at));
            case 9 -> new QLayer.Reshape(name, r.string(at + " input"), r.string(at + " output"));
            case 10 -> new QLayer.Transpose(name, r.string(at + " input"), r.string(at + " output"), r.ints(at + " permutation"));
            case 11 -> {
                int n = r.i32(at + " input count", 1, 1024);
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    inputs.add(r.string(at + " input " + i));
                }
                yield new QLayer.Concat(name, inputs, r.string(at + " output"), r.i32(at + " axis", 0, 64));
            }
            case 12 -> new QLayer.Broadcast(name, r.string(at + " input"), r.string(at + " output"));
            case 14 -> new QLayer.Select(name, r.string(at + " input"), r.string(at + " output"), r.ints(at + " source index"),
                    r.i64(at + " fill"));
            case 13 -> new QLayer.MatMul(name, r.string(at + " a"), r.string(at + " b"), r.string(at + " output"), r.i32(at + " rows", 1, MAX_DIM),
                    r.i32(at + " inner", 1, MAX_DIM), r.i32(at + " columns", 1, MAX_DIM), r.i64(at + " multiplier"), requant(r, at));
            default -> throw r.error(at + " kind", "unknown layer kind " + kind);
        };
    }

    private static QLayer.PoolGeometry pool(BinaryReader r, String at) throws FileFormatException {
        int[] g = r.ints(at + " geometry");
        if (g.length != 11) {
            throw r.error(at + " geometry", "11 values expected");
        }
        return new QLayer.PoolGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10]);
    }

    private static Requant requant(BinaryReader r, String at) throws FileFormatException {
        int shift = r.u8(at + " shift");
        int tag = r.u8(at + " activation");
        Activation.Kind kind = activationKind(tag);
        if (kind == null) {
            throw r.error(at + " activation", "unknown activation " + tag);
        }
        double alpha = r.f64(at + " alpha");
        long low = r.i64(at + " clip low");
        long high = r.i64(at + " clip high");
        double inputScale = r.f64(at + " activation input scale");
        int outputBits = r.u8(at + " activation output bits");
        if (!Double.isFinite(alpha) || !Double.isFinite(inputScale) || outputBits > 15 || low > high) {
            throw r.error(at + " activation", "parameters out of range");
        }
        io.zkml4j.model.exec.UnaryFunction function = null;
        double beta = 0;
        double outputScale = 0;
        if (kind == Activation.Kind.FUNCTION) {
            int functionTag = r.u8(at + " function");
            function = io.zkml4j.model.exec.UnaryFunction.ofTag(functionTag);
            if (function == null) {
                throw r.error(at + " function", "unknown function " + functionTag);
            }
            beta = r.f64(at + " function parameter");
            outputScale = r.f64(at + " function output scale");
        }
        try {
            return new Requant(shift, new Activation(kind, alpha, low, high, inputScale, outputBits, function, beta, outputScale));
        } catch (IllegalArgumentException e) {
            throw r.error(at, e.getMessage());
        }
    }
}
