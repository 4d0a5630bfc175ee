package io.zkml4j.training;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.OnnxModelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A trainable network of dense layers, each y = W·x + b optionally followed by an activation (ReLU,
 * leaky ReLU, sigmoid or tanh; the last layer's output is the logits), read from an ONNX graph the
 * way {@code torch.onnx.export} writes an untrained model: Gemm, or MatMul then Add of a constant
 * bias, then Relu, LeakyRelu, Sigmoid or Tanh, with Flatten, Reshape and Identity passed through.
 * Anything else is refused before training, naming the node. A layer written without a bias gets
 * one, starting at zero, and trains it.
 */
public record DenseNetwork(List<Layer> layers) {
    /** One layer: weights[o][i] (outputs × inputs), bias[o], and the activation that follows; every value finite. */
    public record Layer(double[][] weights, double[] bias, LayerActivation activation) {
        /** A layer followed by ReLU where {@code relu}, by nothing elsewhere. */
        public Layer(double[][] weights, double[] bias, boolean relu) {
            this(weights, bias, relu ? LayerActivation.RELU : LayerActivation.NONE);
        }

        public Layer {
            java.util.Objects.requireNonNull(activation, "activation");
            if (weights.length == 0 || weights[0].length == 0 || bias.length != weights.length) {
                throw new IllegalArgumentException("a layer has at least one input and output, and one bias per output");
            }
            for (double[] row : weights) {
                if (row.length != weights[0].length) {
                    throw new IllegalArgumentException("a layer's weight rows all have one length");
                }
                for (double w : row) {
                    if (!Double.isFinite(w)) {
                        throw new IllegalArgumentException("a weight is " + w);
                    }
                }
            }
            for (double b : bias) {
                if (!Double.isFinite(b)) {
                    throw new IllegalArgumentException("a bias is " + b);
                }
            }
        }

        public int inputs() {
            return weights[0].length;
        }

        public int outputs() {
            return weights.length;
        }

        Layer copy() {
            double[][] w = new double[weights.length][];
            for (int o = 0; o < w.length; o++) {
                w[o] = weights[o].clone();
            }
            return new Layer(w, bias.clone(), activation);
        }
    }

    private static final Set<String> PASS_THROUGH = Set.of("Flatten", "Reshape", "Identity");

    public DenseNetwork {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network has at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layer " + l + " takes " + layers.get(l).inputs() + " inputs, layer " + (l - 1) + " gives "
                        + layers.get(l - 1).outputs());
            }
        }
    }

    public int inputs() {
        return layers.get(0).inputs();
    }

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    public int parameterCount() {
        int n = 0;
        for (Layer l : layers) {
            n += l.outputs() * (l.inputs() + 1);
        }
        return n;
    }

    /** A deep copy (training changes the weights in place). */
    public DenseNetwork copy() {
        return new DenseNetwork(layers.stream().map(Layer::copy).toList());
    }

    /**
     * The network as an ONNX model (opset 13) of float weights: input "input" [1, inputs], a Gemm
     * (transB = 1) per layer, its activation's node where it has one, output "logits" [1, outputs]; what
     * {@link #of} reads back, and what ONNX Runtime or PyTorch load.
     */
    public byte[] toOnnx(String graphName) {
        OnnxModelBuilder b = new OnnxModelBuilder(13).named(graphName, "zkml4j")
                .input("input", OnnxModelBuilder.FLOAT, 1, inputs()).output("logits", 1, outputs());
        String current = "input";
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            float[] w = new float[layer.outputs() * layer.inputs()];
            for (int o = 0; o < layer.outputs(); o++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    w[o * layer.inputs() + i] = (float) layer.weights()[o][i];
                }
            }
            float[] bias = new float[layer.outputs()];
            for (int o = 0; o < bias.length; o++) {
                bias[o] = (float) layer.bias()[o];
            }
            b.initializer("dense" + l + ".weight", new int[] {layer.outputs(), layer.inputs()}, w)
                    .initializer("dense" + l + ".bias", new int[] {layer.outputs()}, bias);
            boolean last = l == layers.size() - 1;
            LayerActivation f = layer.activation();
            String out = last && f.isNone() ? "logits" : "dense" + l + ".out";
            b.node("dense" + l, "Gemm", List.of(current, "dense" + l + ".weight", "dense" + l + ".bias"), List.of(out),
                    OnnxModelBuilder.intAttr("transB", 1));
            current = out;
            if (!f.isNone()) {
                String name = f.onnxOp().toLowerCase(java.util.Locale.ROOT) + l;
                String activated = last ? "logits" : name + ".out";
                if (f.kind() == LayerActivation.Kind.LEAKY_RELU) {
                    b.node(name, f.onnxOp(), List.of(current), List.of(activated), OnnxModelBuilder.floatAttr("alpha", (float) f.alpha()));
                } else {
                    b.node(name, f.onnxOp(), List.of(current), List.of(activated));
                }
                current = activated;
            }
        }
        return b.build();
    }

    /** The network of an imported ONNX graph, or why it cannot be trained. */
    public static DenseNetwork of(Graph graph) throws TrainingSetupException {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new TrainingSetupException("the model has " + graph.inputs().size() + " inputs and " + graph.outputs().size()
                    + " outputs; training takes one of each");
        }
        String current = graph.inputs().get(0).name();
        List<Layer> layers = new ArrayList<>();
        boolean biasOpen = false; // the last layer came from a MatMul and may take an Add of its bias
        for (Node n : graph.nodes()) {
            if (n.inputs().isEmpty() || !n.inputs().get(0).equals(current) && !(n.opType().equals("Add") && n.inputs().contains(current))) {
                throw new TrainingSetupException("node " + n.describe() + " does not continue the chain of layers from the input: training takes "
                        + "a plain sequence of dense layers");
            }
            String op = n.opType();
            if (PASS_THROUGH.contains(op)) {
                int[] shape = graph.shapes().get(n.outputs().get(0));
                boolean flat = shape == null || shape.length == 1 || shape.length == 2 && shape[0] == 1;
                if (!flat || op.equals("Flatten") && n.intAttr("axis", 1) != 1) {
                    throw new TrainingSetupException("node " + n.describe() + " does not flatten one sample into a vector; training takes "
                            + "dense layers on vectors");
                }
                current = n.outputs().get(0);
                continue;
            }
            if ((op.equals("Gemm") || op.equals("MatMul") || op.equals("Add")) && n.inputs().size() < 2) {
                throw new TrainingSetupException("node " + n.describe() + " has " + n.inputs().size() + " input; " + op + " takes two or more");
            }
            switch (op) {
                case "Gemm" -> {
                    layers.add(gemm(graph, n));
                    biasOpen = false;
                }
                case "MatMul" -> {
                    double[][] w = transpose(matrix(graph, n, n.inputs().get(1)));
                    layers.add(layer(n, w, new double[w.length]));
                    biasOpen = true;
                }
                case "Add" -> {
                    if (!biasOpen) {
                        throw new TrainingSetupException("node " + n.describe() + " adds to something other than a MatMul's output");
                    }
                    String other = n.inputs().get(0).equals(current) ? n.inputs().get(1) : n.inputs().get(0);
                    Layer last = layers.remove(layers.size() - 1);
                    layers.add(layer(n, last.weights(), vector(graph, n, other, last.outputs())));
                    biasOpen = false;
                }
                case "Relu", "LeakyRelu", "Sigmoid", "Tanh" -> {
                    if (layers.isEmpty() || !layers.get(layers.size() - 1).activation().isNone()) {
                        throw new TrainingSetupException("node " + n.describe() + " is an activation that does not follow a dense layer");
                    }
                    LayerActivation f;
                    try {
                        // ONNX stores α as a float: read 0.1f as the 0.1 it was written from, not as 0.10000000149.
                        f = LayerActivation.ofOnnx(op, Double.parseDouble(Float.toString(n.floatAttr("alpha", 0.01f))));
                    } catch (IllegalArgumentException e) {
                        throw new TrainingSetupException("node " + n.describe() + ": " + e.getMessage());
                    }
                    Layer last = layers.remove(layers.size() - 1);
                    layers.add(new Layer(last.weights(), last.bias(), f));
                    biasOpen = false;
                }
                default -> throw new TrainingSetupException("node " + n.describe() + ": " + op + " is not supported in training yet; supported "
                        + "are dense layers (Gemm, or MatMul and Add) with ReLU, LeakyRelu, Sigmoid or Tanh, and Flatten, Reshape, Identity");
            }
            current = n.outputs().get(0);
        }
        if (layers.isEmpty()) {
            throw new TrainingSetupException("the model has no dense layer to train");
        }
        if (!current.equals(graph.outputs().get(0).name())) {
            throw new TrainingSetupException("the chain of layers ends at '" + current + "', not at the model's output '"
                    + graph.outputs().get(0).name() + "'");
        }
        LayerActivation lastActivation = layers.get(layers.size() - 1).activation();
        if (!lastActivation.isNone()) {
            throw new TrainingSetupException("the last layer is followed by " + lastActivation.describe()
                    + "; training takes the last dense layer's output as the logits");
        }
        try {
            return new DenseNetwork(layers);
        } catch (IllegalArgumentException e) {
            throw new TrainingSetupException("the model's layers do not chain: " + e.getMessage());
        }
    }

    private static Layer gemm(Graph graph, Node n) throws TrainingSetupException {
        if (n.floatAttr("alpha", 1f) != 1f || n.floatAttr("beta", 1f) != 1f || n.intAttr("transA", 0) != 0) {
            throw new TrainingSetupException("node " + n.describe() + ": a Gemm with alpha, beta or transA other than 1, 1, 0 is not supported");
        }
        double[][] b = matrix(graph, n, n.inputs().get(1));
        double[][] w = n.intAttr("transB", 0) == 1 ? b : transpose(b);
        double[] bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? vector(graph, n, n.inputs().get(2), w.length) : new double[w.length];
        return layer(n, w, bias);
    }

    /** A layer of the node's weights, or why they are not trainable (an empty or non-finite tensor). */
    private static Layer layer(Node n, double[][] w, double[] bias) throws TrainingSetupException {
        try {
            return new Layer(w, bias, LayerActivation.NONE);
        } catch (IllegalArgumentException e) {
            throw new TrainingSetupException("node " + n.describe() + ": " + e.getMessage());
        }
    }

    private static Tensor constant(Graph graph, Node n, String name) throws TrainingSetupException {
        Tensor t = graph.constants().get(name);
        if (t == null) {
            throw new TrainingSetupException("node " + n.describe() + ": '" + name + "' is not an initializer; trained weights must be");
        }
        return t;
    }

    private static double[][] matrix(Graph graph, Node n, String name) throws TrainingSetupException {
        Tensor t = constant(graph, n, name);
        if (t.rank() != 2) {
            throw new TrainingSetupException("node " + n.describe() + ": '" + name + "' has rank " + t.rank() + ", a dense layer's weights rank 2");
        }
        double[][] m = new double[t.dim(0)][t.dim(1)];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                m[r][c] = t.get(r * m[r].length + c);
            }
        }
        return m;
    }

    private static double[] vector(Graph graph, Node n, String name, int size) throws TrainingSetupException {
        Tensor t = constant(graph, n, name);
        if (t.size() != size) {
            throw new TrainingSetupException("node " + n.describe() + ": the bias '" + name + "' has " + t.size() + " values for " + size + " outputs");
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                t[c][r] = m[r][c];
            }
        }
        return t;
    }
}
