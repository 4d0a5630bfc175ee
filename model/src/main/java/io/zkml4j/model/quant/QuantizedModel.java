package io.zkml4j.model.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model in exact integer arithmetic: what a proof is about. Tensors have a shape and a real
 * scale (real value ≈ integer × scale); the input is quantised outside the model, the output is
 * dequantised outside it.
 *
 * <p>A model with several inputs or outputs still has one input tensor and one output tensor, each
 * the concatenation of its {@linkplain Port ports} (flattened, in the graph's order): the model's
 * first layers copy each input port out of the packed input, its last layer joins the output ports
 * into the packed output. Everything that proves the model sees one input vector and one output
 * vector per sample; only quantising inputs, dequantising outputs and naming values (each port has
 * its own scale) look at the ports.
 */
public final class QuantizedModel {
    /** Shape and real scale of a tensor. */
    public record TensorSpec(int[] shape, double scale) {
        public int size() {
            int s = 1;
            for (int d : shape) {
                s *= d;
            }
            return s;
        }
    }

    /**
     * One of the model's inputs or outputs as the user sees it: its name in the source graph, the
     * quantised tensor holding it (shape and scale), and where its values start in the packed tensor.
     */
    public record Port(String name, String tensor, int offset) {}

    private final String name;
    private final Map<String, TensorSpec> tensors;
    private final String input;
    private final String output;
    private final List<QLayer> layers;
    private final List<Port> inputPorts;
    private final List<Port> outputPorts;

    /** A model of one input and one output, its ports named after their tensors. */
    public QuantizedModel(String name, Map<String, TensorSpec> tensors, String input, String output, List<QLayer> layers) {
        this(name, tensors, input, output, layers, List.of(new Port(input, input, 0)), List.of(new Port(output, output, 0)));
    }

    /**
     * @param inputPorts  the inputs: one port reading the input tensor itself, or several whose tensors the layers copy
     *                    out of the packed input tensor (offsets consecutive, sizes adding up to it)
     * @param outputPorts the outputs, likewise packed into the output tensor
     */
    public QuantizedModel(String name, Map<String, TensorSpec> tensors, String input, String output, List<QLayer> layers,
                          List<Port> inputPorts, List<Port> outputPorts) {
        this.name = name;
        this.tensors = new LinkedHashMap<>(tensors);
        this.input = input;
        this.output = output;
        this.layers = List.copyOf(layers);
        this.inputPorts = List.copyOf(inputPorts);
        this.outputPorts = List.copyOf(outputPorts);
        if (!tensors.containsKey(input) || !tensors.containsKey(output)) {
            throw new IllegalArgumentException("input and output must be tensors of the model");
        }
        checkPorts("input", this.inputPorts, input);
        checkPorts("output", this.outputPorts, output);
        for (QLayer l : layers) {
            for (String t : l.inputs()) {
                if (!tensors.containsKey(t)) {
                    throw new IllegalArgumentException("layer " + l.name() + " reads unknown tensor '" + t + "'");
                }
            }
            if (!tensors.containsKey(l.output())) {
                throw new IllegalArgumentException("layer " + l.name() + " writes unknown tensor '" + l.output() + "'");
            }
        }
    }

    private void checkPorts(String role, List<Port> ports, String packed) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("the model needs at least one " + role);
        }
        if (ports.size() == 1 && !ports.get(0).tensor().equals(packed)) {
            throw new IllegalArgumentException("the only " + role + " port must be the " + role + " tensor '" + packed + "'");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        long offset = 0;
        for (Port p : ports) {
            TensorSpec spec = tensors.get(p.tensor());
            if (spec == null) {
                throw new IllegalArgumentException(role + " '" + p.name() + "' names unknown tensor '" + p.tensor() + "'");
            }
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("two " + role + "s are named '" + p.name() + "'");
            }
            if (p.offset() != offset) {
                throw new IllegalArgumentException(role + " '" + p.name() + "' starts at " + p.offset() + ", not after the previous one at "
                        + offset);
            }
            offset += spec.size();
        }
        if (offset != tensors.get(packed).size()) {
            throw new IllegalArgumentException("the " + role + "s hold " + offset + " values, the " + role + " tensor '" + packed + "' "
                    + tensors.get(packed).size());
        }
    }

    public String name() {
        return name;
    }

    /** The inputs as the user gives them, in order (one, unless the source graph has several). */
    public List<Port> inputPorts() {
        return inputPorts;
    }

    /** The outputs as the user reads them, in order. */
    public List<Port> outputPorts() {
        return outputPorts;
    }

    /**
     * The ports of {@code ports} a statement shows (all when {@code shown} is null), each offset into
     * the shown ports' values laid one after another: how a proof showing only some of them holds
     * their values.
     */
    public List<Port> shown(List<Port> ports, List<Boolean> shown) {
        List<Port> out = new java.util.ArrayList<>();
        int offset = 0;
        for (int k = 0; k < ports.size(); k++) {
            if (shown == null || shown.get(k)) {
                out.add(new Port(ports.get(k).name(), ports.get(k).tensor(), offset));
                offset += spec(ports.get(k)).size();
            }
        }
        return out;
    }

    /** Values the given ports hold together. */
    public int size(List<Port> ports) {
        return ports.stream().mapToInt(p -> spec(p).size()).sum();
    }

    /** Shape and scale of a port's values. */
    public TensorSpec spec(Port port) {
        return tensors.get(port.tensor());
    }

    public Map<String, TensorSpec> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    public TensorSpec tensor(String tensorName) {
        TensorSpec s = tensors.get(tensorName);
        if (s == null) {
            throw new IllegalArgumentException("no tensor '" + tensorName + "'");
        }
        return s;
    }

    public String input() {
        return input;
    }

    public String output() {
        return output;
    }

    public List<QLayer> layers() {
        return layers;
    }

    public TensorSpec inputSpec() {
        return tensors.get(input);
    }

    public TensorSpec outputSpec() {
        return tensors.get(output);
    }

    /** Number of committed parameters (weights, biases, multipliers). */
    public long parameterCount() {
        long n = 0;
        for (QLayer l : layers) {
            n += switch (l) {
                case QLayer.Dense d -> d.weight().length + d.bias().length;
                case QLayer.Conv c -> c.weight().length + c.bias().length;
                case QLayer.Affine a -> a.scale().length + a.shift().length;
                default -> 0;
            };
        }
        return n;
    }

    /**
     * Quantises a real input: x / scale rounded half up. Fails, naming the position, if a value
     * falls outside the 16-bit range (the model cannot represent it).
     */
    public long[] quantizeInput(float[] values) {
        TensorSpec spec = inputSpec();
        if (values.length != spec.size()) {
            throw new IllegalArgumentException("the model expects " + spec.size() + " input values ("
                    + (inputPorts.size() == 1 ? "shape " + java.util.Arrays.toString(spec.shape()) : describe(inputPorts)) + "), got "
                    + values.length);
        }
        return quantize(inputPorts, values);
    }

    /**
     * Some of the model's inputs, packed one after another as {@link #shown} lays them out, in
     * integers: each at its own scale.
     */
    public long[] quantizeInputs(List<Port> ports, float[] values) {
        if (values.length != size(ports)) {
            throw new IllegalArgumentException("the inputs " + describe(ports) + " take " + size(ports) + " values, got " + values.length);
        }
        return quantize(ports, values);
    }

    private long[] quantize(List<Port> ports, float[] values) {
        long[] q = new long[values.length];
        for (Port port : ports) {
            TensorSpec p = spec(port);
            String which = inputPorts.size() == 1 ? "input value " : "input '" + port.name() + "' value ";
            for (int i = 0; i < p.size(); i++) {
                float x = values[port.offset() + i];
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException(which + i + " is " + x);
                }
                long v = (long) Math.floor(x / p.scale() + 0.5);
                if (v < Activation.MIN || v > Activation.MAX) {
                    throw new IllegalArgumentException(which + i + " (" + x + ") is outside the quantisation range ±"
                            + (float) (Activation.MAX * p.scale()) + " of this model");
                }
                q[port.offset() + i] = v;
            }
        }
        return q;
    }

    /** Real values of the output tensor (each output port at its own scale). */
    public double[] dequantizeOutput(long[] values) {
        return dequantize(values, outputPorts);
    }

    /** Real values laid out as {@code ports} say, each port at its own scale. */
    public double[] dequantize(long[] values, List<Port> ports) {
        double[] out = new double[values.length];
        for (Port port : ports) {
            double s = spec(port).scale();
            int end = Math.min(values.length, port.offset() + spec(port).size());
            for (int i = port.offset(); i < end; i++) {
                out[i] = values[i] * s;
            }
        }
        return out;
    }

    /** "name [shape], name [shape]": the ports for messages. */
    public String describe(List<Port> ports) {
        StringBuilder b = new StringBuilder();
        for (Port p : ports) {
            b.append(b.isEmpty() ? "" : ", ").append('\'').append(p.name()).append("' ").append(java.util.Arrays.toString(spec(p).shape()));
        }
        return b.toString();
    }
}
