package io.zkml4j.model.quant;

import io.zkml4j.model.exec.Broadcasting;
import io.zkml4j.model.exec.Kernels;
import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.exec.UnaryFunction;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.UnsupportedModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Translates an imported graph into quantised layers, node by node in topological order (see
 * {@link Quantizer} for the rules). A node that starts a layer takes along the nodes that fold
 * into it: elementwise steps with a constant after Dense, Conv or Affine layers, and an
 * activation after any requantising layer, as long as each intermediate value has no other reader.
 *
 * <p>Shapes: when the graph input has rank ≥ 2 and a leading dimension of 1, that dimension is
 * the batch axis of every runtime value; quantised tensors have it removed and axis attributes
 * are shifted. Otherwise the input is one sample as it stands.
 */
final class GraphQuantizer {
    private static final double INPUT_BOUND = -(double) Activation.MIN;
    private static final int ACTIVATION_BITS = 14;
    /** The operators {@link #translate} handles. */
    private static final Set<String> TRANSLATED = Set.of("Gemm", "MatMul", "Conv", "Add", "Sub", "Mul", "BatchNormalization",
            "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
            "Identity", "Transpose", "Concat", "ReduceSum", "ReduceMean", "ReduceMax", "Slice", "Pad", "Expand", "Tile", "Split", "Gather", "GatherElements");

    /** Whether a Transpose moves axis 0 of a tensor whose leading dimension is 1. */
    private static boolean movesTheLeadingAxis(Graph graph) {
        for (Node n : graph.nodes()) {
            if (n.opType().equals("Transpose")) {
                long[] perm = n.intsAttr("perm", null);
                int[] in = graph.shape(n.inputs().get(0));
                if (perm != null && perm.length > 0 && perm[0] != 0 && in.length > 0 && in[0] == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Operators this class translates: the above and every elementwise function of one value. */
    static boolean translates(String opType) {
        return TRANSLATED.contains(opType) || UnaryFunction.isUnary(opType) || opType.equals("Pow");
    }

    /** Pow's exponent when it is a constant scalar, else NaN. */
    private double constantExponent(Node n) {
        io.zkml4j.model.ir.Tensor e = graph.constants().get(n.inputs().get(1));
        return e == null || e.size() != 1 || !isRuntime(n.inputs().get(0)) ? Double.NaN : e.get(0);
    }

    private final Graph graph;
    private final String source;
    private final QuantizerOptions options;
    private final List<String> inputs;
    private final List<String> outputs;
    /** The first input: the one a one-input model's messages name. */
    private final String input;
    private final Node finalSoftmax;
    private final Postprocess postprocess;
    private final boolean batched;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Set<String> absorbed = new HashSet<>();
    private final Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
    private final List<QLayer> layers = new ArrayList<>();
    private final Set<String> layerNames = new HashSet<>();
    private Calibration calibration;

    /**
     * Checks the model's structure: at least one runtime input, a Softmax only at the end of a model
     * of one output.
     */
    GraphQuantizer(Graph graph, QuantizerOptions options) throws UnsupportedModelException {
        this.graph = graph;
        this.source = graph.name();
        this.options = options;
        if (graph.inputs().isEmpty()) {
            throw new UnsupportedModelException(source + ": the model has no runtime input, so its output is a constant; "
                    + "there is nothing to prove");
        }
        if (graph.outputs().isEmpty()) {
            throw new UnsupportedModelException(source + ": the model has no output; there is nothing to prove");
        }
        inputs = graph.inputs().stream().map(Graph.ValueInfo::name).toList();
        input = inputs.get(0);
        // A leading 1 is the batch axis, left out of every quantised shape, unless the graph moves it (PyTorch's attention
        // transposes to sequence-first): then every shape keeps its 1s, and the axis is an ordinary one of size 1.
        boolean leadingOnes = true;
        for (Graph.ValueInfo in : graph.inputs()) {
            leadingOnes &= in.shape().length >= 2 && in.shape()[0] == 1;
        }
        batched = leadingOnes && !movesTheLeadingAxis(graph);
        for (Node n : graph.nodes()) {
            n.outputs().forEach(o -> producers.put(o, n));
            for (String in : new HashSet<>(n.inputs())) {
                if (isRuntime(in)) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (Graph.ValueInfo out : graph.outputs()) {
            if (graph.constants().containsKey(out.name())) {
                throw new UnsupportedModelException(source + ": the output '" + out.name() + "' is a constant; there is nothing to prove");
            }
        }
        String graphOutput = graph.outputs().get(0).name();
        Node last = producers.get(graphOutput);
        if (graph.outputs().size() == 1 && last != null && last.opType().equals("Softmax") && readers(graphOutput).isEmpty()) {
            finalSoftmax = last;
            outputs = List.of(last.inputs().get(0));
            postprocess = Postprocess.softmax(sampleAxis(last, (int) last.intAttr("axis", -1), "normalises over"));
        } else {
            finalSoftmax = null;
            outputs = graph.outputs().stream().map(Graph.ValueInfo::name).distinct().toList();
            postprocess = Postprocess.NONE;
            if (outputs.size() != graph.outputs().size()) {
                throw new UnsupportedModelException(source + ": the model names one value as two of its outputs");
            }
        }
        for (Node n : graph.nodes()) {
            if (n == finalSoftmax) {
                continue;
            }
            if (n.opType().equals("Softmax")) {
                throw unsupported(n, "is not the model's final node; zkml4j proves no Softmax inside a model and leaves "
                        + "only a final one to the verifier");
            }
            if (n.opType().equals("Pow") && Double.isInfinite(constantExponent(n))) {
                throw unsupported(n, "raises to an infinite power; zkml4j quantises Pow with a finite constant exponent");
            }
            if (n.opType().equals("Pow") && Double.isNaN(constantExponent(n))) {
                throw unsupported(n, "raises to the power '" + n.inputs().get(1) + "', which is not a constant scalar; zkml4j "
                        + "quantises Pow with a constant scalar exponent only");
            }
            if (!translates(n.opType())) {
                throw unsupported(n, "uses " + n.opType() + ", which zkml4j does not quantise; it quantises "
                        + String.join(", ", new TreeSet<>(TRANSLATED)) + ", the elementwise functions of one value, and a final Softmax");
            }
        }
        if (inputs.containsAll(outputs)) {
            throw new UnsupportedModelException(source + ": the model computes nothing from its input"
                    + (finalSoftmax == null ? "" : " but a final Softmax, which is left to the verifier") + "; there is nothing to prove");
        }
    }

    /** The values that become the quantised model's outputs (the final Softmax's input when there is one). */
    List<String> outputs() {
        return outputs;
    }

    /** What the verifier applies to the dequantised output. */
    Postprocess postprocess() {
        return postprocess;
    }

    /** Builds the quantised model with the scales the calibration gives. */
    QuantizedModel build(Calibration stats) throws UnsupportedModelException {
        calibration = stats;
        for (String in : inputs) {
            define(in, sampleShape(in), calibratedScale(in));
            if (tensors.get(in).size() == 0) {
                throw new UnsupportedModelException(source + ": the input '" + in + "' holds no values; there is nothing to prove");
            }
        }
        String packedInput = inputs.size() == 1 ? input : packInputs();
        for (Node n : graph.nodes()) {
            if (n == finalSoftmax || absorbed.contains(out(n))) {
                continue;
            }
            translate(n);
        }
        if (inputs.size() == 1 && outputs.size() == 1) {
            return new QuantizedModel(source, tensors, input, outputs.get(0), layers);
        }
        List<QuantizedModel.Port> inputPorts = ports(inputs);
        List<QuantizedModel.Port> outputPorts = ports(outputs);
        String packedOutput = outputs.size() == 1 ? outputs.get(0) : packOutputs();
        return new QuantizedModel(source, tensors, packedInput, packedOutput, layers, inputPorts, outputPorts);
    }

    /** Ports over the given values' tensors, packed one after another. */
    private List<QuantizedModel.Port> ports(List<String> values) {
        List<QuantizedModel.Port> ports = new ArrayList<>();
        int offset = 0;
        for (String v : values) {
            ports.add(new QuantizedModel.Port(v, tensor(v), offset));
            offset += tensors.get(tensor(v)).size();
        }
        return ports;
    }

    /**
     * Several inputs: one packed input tensor holding them all, flattened one after another, and a
     * proved copy (a Select layer) of each input's values out of it.
     */
    private String packInputs() {
        int total = inputs.stream().mapToInt(in -> tensors.get(in).size()).sum();
        String packed = fresh("inputs#packed");
        define(packed, new int[] {total}, scale(input));
        int offset = 0;
        for (String in : inputs) {
            int[] from = new int[tensors.get(in).size()];
            for (int i = 0; i < from.length; i++) {
                from[i] = offset + i;
            }
            layers.add(new QLayer.Select(uniqueLayerName("unpack " + in), packed, in, from, 0));
            offset += from.length;
        }
        return packed;
    }

    /** Several outputs: each flattened, then joined into one packed output tensor (values copied, each on its own scale). */
    private String packOutputs() {
        List<String> flat = new ArrayList<>();
        int total = 0;
        for (String out : outputs) {
            String t = tensor(out);
            String f = fresh(out + "#flat");
            define(f, new int[] {tensors.get(t).size()}, scale(t));
            layers.add(new QLayer.Reshape(uniqueLayerName("flatten " + out), t, f));
            flat.add(f);
            total += tensors.get(t).size();
        }
        String packed = fresh("outputs#packed");
        define(packed, new int[] {total}, scale(tensor(outputs.get(0))));
        layers.add(new QLayer.Concat(uniqueLayerName("pack outputs"), flat, packed, 0));
        return packed;
    }

    private void translate(Node n) throws UnsupportedModelException {
        switch (n.opType()) {
            case "MatMul" -> {
                if (isRuntime(n.inputs().get(0)) && isRuntime(n.inputs().get(1))) {
                    product(n);
                } else {
                    linear(n);
                }
            }
            case "Gemm", "Conv" -> linear(n);
            case "Add", "Sub", "Mul" -> {
                if (isRuntime(n.inputs().get(0)) && isRuntime(n.inputs().get(1))) {
                    binary(n);
                } else {
                    affine(n);
                }
            }
            case "BatchNormalization" -> affine(n);
            case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip" -> activate(n);
            case "MaxPool" -> maxPool(n);
            case "AveragePool", "GlobalAveragePool" -> averagePool(n);
            case "Flatten", "Reshape", "Identity" -> reshape(n);
            case "Transpose" -> transpose(n);
            case "Concat" -> concat(n);
            case "Pow" -> activate(n);
            case "ReduceSum", "ReduceMean", "ReduceMax" -> reduce(n);
            case "Slice", "Pad", "Expand", "Tile", "Split", "Gather", "GatherElements" -> select(n);
            default -> {
                if (!UnaryFunction.isUnary(n.opType())) {
                    throw new IllegalStateException("no translation for " + n.opType());
                }
                activate(n);
            }
        }
    }

    // ---- fusion ----

    /** A layer's nodes: the head, elementwise steps with a constant folded after it, and a fused activation (or null). */
    private record Chain(Node head, List<Node> folded, Node activation) {
        /** The value before the activation. */
        String preActivation() {
            return out(folded.isEmpty() ? head : folded.get(folded.size() - 1));
        }

        String output() {
            return activation == null ? preActivation() : out(activation);
        }
    }

    /**
     * Collects the nodes that fold into a layer starting at {@code head} and marks them as done.
     *
     * @param foldsConstantSteps whether elementwise steps with a constant fold into the layer (Dense, Conv, Affine)
     */
    private Chain chain(Node head, boolean foldsConstantSteps) {
        List<Node> folded = new ArrayList<>();
        String value = out(head);
        Node next = soleReader(value);
        while (foldsConstantSteps && next != null && isConstantStep(next)) {
            folded.add(next);
            value = out(next);
            next = soleReader(value);
        }
        Node activation = next != null && isFusableActivation(next) ? next : null;
        folded.forEach(n -> absorbed.add(out(n)));
        if (activation != null) {
            absorbed.add(out(activation));
        }
        return new Chain(head, folded, activation);
    }

    /** The only node reading a value, or null when several read it or it is the model output. */
    private Node soleReader(String value) {
        if (outputs.contains(value)) {
            return null;
        }
        List<Node> r = readers(value);
        return r.size() == 1 ? r.get(0) : null;
    }

    private List<Node> readers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** Add, Sub or Mul with one constant operand that does not enlarge the other, or BatchNormalization with constant parameters. */
    private boolean isConstantStep(Node n) {
        return switch (n.opType()) {
            case "Add", "Sub", "Mul" -> {
                int runtime = runtimeOperand(n);
                yield runtime >= 0 && Arrays.equals(graph.shape(out(n)), graph.shape(n.inputs().get(runtime)));
            }
            case "BatchNormalization" -> n.inputs().subList(1, 5).stream().noneMatch(this::isRuntime);
            default -> false;
        };
    }

    private boolean isFusableActivation(Node n) {
        return switch (n.opType()) {
            case "Relu", "LeakyRelu", "Sigmoid", "Tanh" -> true;
            case "Clip" -> n.inputs().subList(1, n.inputs().size()).stream().noneMatch(this::isRuntime);
            case "Pow" -> !Double.isNaN(constantExponent(n));
            default -> UnaryFunction.isUnary(n.opType());
        };
    }

    /** The index of the only runtime operand of a binary node, or -1 when both are runtime values. */
    private int runtimeOperand(Node n) {
        boolean first = isRuntime(n.inputs().get(0));
        boolean second = isRuntime(n.inputs().get(1));
        return first && second ? -1 : first ? 0 : 1;
    }

    // ---- Dense and Conv ----

    /**
     * A Dense or Conv layer in real numbers: out-channel-major weights ({@code fanIn} per channel),
     * a bias per channel, and for each value of the node's output, the channel computing it.
     *
     * @param conv the convolution geometry, or null for a Dense layer
     * @param rows for a matrix product over several rows, computed as a 1×1 convolution: {groups,
     *             rows, columns} of the result; the convolution yields [groups·columns, 1, rows]
     */
    private record Linear(String input, double[] weight, int fanIn, double[] bias, int[] channelOf,
                          QLayer.ConvGeometry conv, int[] rows) {
        /** Folds an elementwise step into the weights and bias; false when it differs within a channel. */
        boolean fold(ElementwiseAffine step) {
            double[][] perChannel = step.perChannel(channelOf, bias.length);
            if (perChannel == null) {
                return false;
            }
            for (int c = 0; c < bias.length; c++) {
                double a = perChannel[0][c];
                for (int i = c * fanIn; i < (c + 1) * fanIn; i++) {
                    weight[i] *= a;
                }
                bias[c] = a * bias[c] + perChannel[1][c];
            }
            return true;
        }
    }

    private void linear(Node head) throws UnsupportedModelException {
        Linear lin = switch (head.opType()) {
            case "Gemm" -> gemm(head);
            case "MatMul" -> matMul(head);
            default -> conv(head);
        };
        Chain chain = chain(head, true);
        int folded = 0;
        while (folded < chain.folded().size() && lin.fold(step(chain.folded().get(folded)))) {
            folded++;
        }
        List<Node> rest = chain.folded().subList(folded, chain.folded().size());
        String t = out(folded == 0 ? head : chain.folded().get(folded - 1));
        List<Node> names = new ArrayList<>(List.of(head));
        names.addAll(chain.folded().subList(0, folded));
        if (rest.isEmpty()) {
            if (chain.activation() != null) {
                names.add(chain.activation());
            }
            emitLinear(layerName(names), lin, t, chain.activation(), chain.output());
            return;
        }
        // A step that differs within a channel (a per-element constant, say) becomes its own layer.
        emitLinear(layerName(names), lin, t, null, t);
        ElementwiseAffine steps = step(rest.get(0));
        for (Node n : rest.subList(1, rest.size())) {
            steps = steps.then(step(n));
        }
        List<Node> affineNames = new ArrayList<>(rest);
        if (chain.activation() != null) {
            affineNames.add(chain.activation());
        }
        emitAffine(layerName(affineNames), t, steps, chain.preActivation(), chain.activation(), chain.output());
    }

    private void emitLinear(String name, Linear lin, String t, Node activation, String out) throws UnsupportedModelException {
        Target target = target(t, activation);
        double ratio = scale(lin.input()) / target.tScale();
        double[] w = new double[lin.weight().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = lin.weight()[i] * ratio;
        }
        double[] b = new double[lin.bias().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = lin.bias()[i] / target.tScale();
        }
        FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, w, lin.fanIn(), b, INPUT_BOUND);
        Requant rq = new Requant(p.shift(), target.activation());
        if (lin.conv() == null) {
            define(out, sampleShape(out), target.outScale());
            layers.add(new QLayer.Dense(name, lin.input(), out, lin.fanIn(), b.length, p.weights(), p.bias(), rq));
        } else if (lin.rows() == null) {
            define(out, sampleShape(out), target.outScale());
            layers.add(new QLayer.Conv(name, lin.input(), out, lin.conv(), p.weights(), p.bias(), rq));
        } else {
            int groups = lin.rows()[0];
            int rows = lin.rows()[1];
            int columns = lin.rows()[2];
            String result = fresh(out + "#columns");
            define(result, new int[] {groups * columns, 1, rows}, target.outScale());
            layers.add(new QLayer.Conv(name, lin.input(), result, lin.conv(), p.weights(), p.bias(), rq));
            String v = reshapeTo(name, result, new int[] {groups, columns, rows});
            if (rows > 1 && columns > 1) {
                v = transposeTo(name, v, new int[] {0, 2, 1});
            }
            layers.add(new QLayer.Reshape(uniqueLayerName(name + "/reshape"), v, out));
            define(out, sampleShape(out), target.outScale());
        }
    }

    private Linear gemm(Node n) throws UnsupportedModelException {
        String a = n.inputs().get(0);
        requireRuntime(n, a, "its input A");
        requireConstant(n, n.inputs().get(1), "its weights B");
        boolean transA = n.intAttr("transA", 0) != 0;
        boolean transB = n.intAttr("transB", 0) != 0;
        double alpha = n.floatAttr("alpha", 1f);
        double beta = n.floatAttr("beta", 1f);
        int[] as = graph.shape(a);
        int m = transA ? as[1] : as[0];
        int k = transA ? as[0] : as[1];
        Tensor bt = graph.constants().get(n.inputs().get(1));
        int cols = transB ? bt.dim(0) : bt.dim(1);
        float[] bv = bt.data();
        double[] w = new double[cols * k];
        for (int o = 0; o < cols; o++) {
            for (int i = 0; i < k; i++) {
                w[o * k + i] = alpha * (transB ? bv[o * k + i] : bv[i * cols + o]);
            }
        }
        int[] channelOf = matrixChannels(1, m, cols);
        double[] bias = new double[cols];
        if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
            requireConstant(n, n.inputs().get(2), "its bias C");
            double[] c = broadcast(graph.constants().get(n.inputs().get(2)), new int[] {m, cols});
            double[] zero = new double[c.length];
            for (int e = 0; e < c.length; e++) {
                c[e] *= beta;
            }
            double[][] perChannel = new ElementwiseAffine(zero, c).perChannel(channelOf, cols);
            if (perChannel == null) {
                throw unsupported(n, "adds a bias C that differs between the rows of A; zkml4j computes the rows with "
                        + "shared weights and a bias per output column");
            }
            bias = perChannel[1];
        }
        if (m == 1) {
            return new Linear(tensor(a), w, k, bias, channelOf, null, null);
        }
        String x = transA ? reshapeTo(label(n), tensor(a), new int[] {k, 1, m})
                : rowsToChannels(label(n), tensor(a), 1, m, k);
        return new Linear(x, w, k, bias, channelOf, pointwise(1, k, m, cols), new int[] {1, m, cols});
    }

    private Linear matMul(Node n) throws UnsupportedModelException {
        String a = n.inputs().get(0);
        String b = n.inputs().get(1);
        if (!isRuntime(a) && isRuntime(b)) {
            throw unsupported(n, "multiplies a constant by a runtime tensor (W·x); zkml4j quantises MatMul with the "
                    + "constant as the second operand (x·W)");
        }
        requireConstant(n, b, "its second operand");
        int[] as = graph.shape(a);
        Tensor bt = graph.constants().get(b);
        int[] bs = bt.shape();
        int k = as[as.length - 1];
        int m = as.length == 1 ? 1 : as[as.length - 2];
        int[] aBatch = as.length <= 2 ? new int[0] : Arrays.copyOf(as, as.length - 2);
        int cols = bs.length == 1 ? 1 : bs[bs.length - 1];
        int[] bBatch = bs.length <= 2 ? new int[0] : Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Broadcasting.shape(aBatch, bBatch);
        if (Shapes.size(batch) != Shapes.size(aBatch)) {
            throw unsupported(n, "broadcasts its input " + Shapes.toString(as) + " against more weight matrices "
                    + Shapes.toString(bs) + "; zkml4j quantises MatMul when the weights broadcast to the input's batch");
        }
        boolean shared = Shapes.size(bBatch) == 1;
        int groups = shared ? 1 : Shapes.size(batch);
        int rows = shared ? Shapes.size(aBatch) * m : m;
        int[] bStrides = Broadcasting.stridesFor(bBatch, batch);
        float[] bv = bt.data();
        double[] w = new double[groups * cols * k];
        int[] index = new int[batch.length];
        for (int g = 0; g < groups; g++) {
            int slice = 0;
            for (int d = 0; d < batch.length; d++) {
                slice += index[d] * bStrides[d];
            }
            for (int o = 0; o < cols; o++) {
                for (int i = 0; i < k; i++) {
                    w[(g * cols + o) * k + i] = bv[slice * k * cols + i * cols + o];
                }
            }
            for (int d = batch.length - 1; d >= 0 && ++index[d] == batch[d]; d--) {
                index[d] = 0;
            }
        }
        int[] channelOf = matrixChannels(groups, rows, cols);
        double[] bias = new double[groups * cols];
        if (groups == 1 && rows == 1) {
            return new Linear(tensor(a), w, k, bias, channelOf, null, null);
        }
        String x = rowsToChannels(label(n), tensor(a), groups, rows, k);
        return new Linear(x, w, k, bias, channelOf, pointwise(groups, k, rows, cols), new int[] {groups, rows, cols});
    }

    /** For each value of a [groups, rows, columns] product, its channel g·columns + column. */
    private static int[] matrixChannels(int groups, int rows, int cols) {
        int[] channelOf = new int[groups * rows * cols];
        for (int e = 0; e < channelOf.length; e++) {
            channelOf[e] = e / (rows * cols) * cols + e % cols;
        }
        return channelOf;
    }

    /** Rearranges a tensor holding [groups, rows, k] into [groups·k, 1, rows]: k channels per group over a row of positions. */
    private String rowsToChannels(String layer, String x, int groups, int rows, int k) {
        String v = reshapeTo(layer, x, new int[] {groups, rows, k});
        if (rows > 1 && k > 1) {
            v = transposeTo(layer, v, new int[] {0, 2, 1});
        }
        return reshapeTo(layer, v, new int[] {groups * k, 1, rows});
    }

    /** A grouped 1×1 convolution over a 1×width image: the matrix product on every row at once. */
    private static QLayer.ConvGeometry pointwise(int groups, int k, int width, int cols) {
        return new QLayer.ConvGeometry(groups * k, 1, width, groups * cols, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, groups);
    }

    /**
     * Conv. A leading dimension N > 1 (an unbatched input holding N images) becomes N groups that
     * share the weights, so each image is convolved on its own.
     */
    private Linear conv(Node n) throws UnsupportedModelException {
        String x = n.inputs().get(0);
        requireRuntime(n, x, "its input");
        requireConstant(n, n.inputs().get(1), "its weights");
        int[] xs = graph.shape(x);
        Tensor wt = graph.constants().get(n.inputs().get(1));
        int images = xs[0];
        int outC = wt.dim(0);
        int fan = wt.dim(1) * wt.dim(2) * wt.dim(3);
        long[] strides = n.intsAttr("strides", new long[] {1, 1});
        long[] dilations = n.intsAttr("dilations", new long[] {1, 1});
        long[] pads = n.intsAttr("pads", new long[4]);
        int group = (int) n.intAttr("group", 1);
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(images * xs[1], xs[2], xs[3], images * outC, wt.dim(2), wt.dim(3),
                (int) strides[0], (int) strides[1], (int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3],
                (int) dilations[0], (int) dilations[1], images * group);
        float[] wv = wt.data();
        double[] w = new double[images * outC * fan];
        double[] bias = new double[images * outC];
        float[] bv = null;
        if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
            requireConstant(n, n.inputs().get(2), "its bias");
            bv = graph.constants().get(n.inputs().get(2)).data();
        }
        for (int img = 0; img < images; img++) {
            for (int o = 0; o < outC; o++) {
                for (int j = 0; j < fan; j++) {
                    w[(img * outC + o) * fan + j] = wv[o * fan + j];
                }
                bias[img * outC + o] = bv == null ? 0 : bv[o];
            }
        }
        int plane = g.outH() * g.outW();
        int[] channelOf = new int[images * outC * plane];
        for (int e = 0; e < channelOf.length; e++) {
            channelOf[e] = e / plane;
        }
        return new Linear(tensor(x), w, fan, bias, channelOf, g, null);
    }

    // ---- elementwise layers ----

    /** Add, Sub or Mul by a constant, or BatchNormalization (with the steps folded after it): one Affine layer. */
    private void affine(Node head) throws UnsupportedModelException {
        if (!isConstantStep(head)) {
            if (head.opType().equals("BatchNormalization")) {
                throw unsupported(head, "takes its parameters from runtime data; zkml4j needs them to be constants");
            }
            int runtime = runtimeOperand(head);
            throw unsupported(head, "broadcasts its runtime operand " + Shapes.toString(graph.shape(head.inputs().get(runtime)))
                    + " to the larger shape " + Shapes.toString(graph.shape(out(head))) + " of its constant; zkml4j quantises "
                    + head.opType() + " by a constant only when the constant does not enlarge the runtime tensor");
        }
        String x = head.opType().equals("BatchNormalization") ? head.inputs().get(0) : head.inputs().get(runtimeOperand(head));
        Chain chain = chain(head, true);
        ElementwiseAffine steps = step(head);
        for (Node n : chain.folded()) {
            steps = steps.then(step(n));
        }
        List<Node> names = new ArrayList<>(List.of(head));
        names.addAll(chain.folded());
        if (chain.activation() != null) {
            names.add(chain.activation());
        }
        emitAffine(layerName(names), tensor(x), steps, chain.preActivation(), chain.activation(), chain.output());
    }

    private void emitAffine(String name, String x, ElementwiseAffine steps, String t, Node activation, String out)
            throws UnsupportedModelException {
        Target target = target(t, activation);
        int[] shape = sampleShape(out);
        ElementwiseAffine.Blocks blocks = steps.blocks(shape);
        double ratio = scale(x) / target.tScale();
        double[] w = new double[blocks.channels()];
        double[] b = new double[blocks.channels()];
        for (int c = 0; c < w.length; c++) {
            w[c] = blocks.a()[c] * ratio;
            b[c] = blocks.b()[c] / target.tScale();
        }
        FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, w, 1, b, INPUT_BOUND);
        define(out, shape, target.outScale());
        layers.add(new QLayer.Affine(name, x, out, blocks.channels(), blocks.inner(), p.weights(), p.bias(),
                new Requant(p.shift(), target.activation())));
    }

    /** The elementwise step a constant Add, Sub, Mul or a BatchNormalization applies to its runtime input. */
    private ElementwiseAffine step(Node n) {
        int[] shape = graph.shape(out(n));
        int size = Shapes.size(shape);
        double[] a = new double[size];
        double[] b = new double[size];
        if (n.opType().equals("BatchNormalization")) {
            int channels = shape[1];
            int inner = Shapes.product(shape, 2, shape.length);
            float[] gamma = constant(n, 1);
            float[] beta = constant(n, 2);
            float[] mean = constant(n, 3);
            float[] var = constant(n, 4);
            double epsilon = n.floatAttr("epsilon", 1e-5f);
            for (int e = 0; e < size; e++) {
                int c = (e / inner) % channels;
                a[e] = gamma[c] / Math.sqrt(var[c] + epsilon); // as the float kernel computes it
                b[e] = beta[c] - mean[c] * a[e];
            }
            return new ElementwiseAffine(a, b);
        }
        int runtime = runtimeOperand(n);
        double[] c = broadcast(graph.constants().get(n.inputs().get(1 - runtime)), shape);
        for (int e = 0; e < size; e++) {
            switch (n.opType()) {
                case "Add" -> {
                    a[e] = 1;
                    b[e] = c[e];
                }
                case "Sub" -> {
                    a[e] = runtime == 0 ? 1 : -1;
                    b[e] = runtime == 0 ? -c[e] : c[e];
                }
                default -> a[e] = c[e]; // Mul
            }
        }
        return new ElementwiseAffine(a, b);
    }

    /** Add, Sub or Mul of two runtime tensors of one shape. */
    private void binary(Node head) throws UnsupportedModelException {
        String a = head.inputs().get(0);
        String b = head.inputs().get(1);
        Chain chain = chain(head, false);
        String name = layerName(chain.activation() == null ? List.of(head) : List.of(head, chain.activation()));
        Target target = target(out(head), chain.activation());
        int[] shape = sampleShape(out(head));
        String qa = broadcastTo(name, tensor(a), shape);
        String qb = broadcastTo(name, tensor(b), shape);
        String out = chain.output();
        QLayer layer;
        if (head.opType().equals("Mul")) {
            double[] m = {scale(qa) * scale(qb) / target.tScale()};
            FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, m, 1, null, INPUT_BOUND * INPUT_BOUND);
            layer = new QLayer.Mul(name, qa, qb, out, p.weights()[0], new Requant(p.shift(), target.activation()));
        } else {
            double sign = head.opType().equals("Sub") ? -1 : 1;
            double[] m = {scale(qa) / target.tScale(), sign * scale(qb) / target.tScale()};
            FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, m, 2, null, INPUT_BOUND);
            layer = new QLayer.Add(name, qa, qb, out, p.weights()[0], p.weights()[1], new Requant(p.shift(), target.activation()));
        }
        define(out, sampleShape(out), target.outScale());
        layers.add(layer);
    }

    /**
     * MatMul of two computed matrices (one sample's [rows, inner] and [inner, columns]):
     * acc = m·a·b with m = s_a·s_b / s_t folded into one integer multiplier.
     */
    private void product(Node head) throws UnsupportedModelException {
        String qa = tensor(head.inputs().get(0));
        String qb = tensor(head.inputs().get(1));
        int[] sa = tensors.get(qa).shape();
        int[] sb = tensors.get(qb).shape();
        boolean perHead = sa.length == 3 && (sb.length == 3 && sb[0] == sa[0] || sb.length == 2); // [heads, rows, inner]·[heads?, inner, columns]
        int[] ma = perHead ? Arrays.copyOfRange(sa, 1, 3) : sa;
        int[] mb = sb.length == 3 ? Arrays.copyOfRange(sb, 1, 3) : sb;
        if (!(sa.length == 2 && sb.length == 2 || perHead) || ma[1] != mb[0]) {
            throw unsupported(head, "multiplies computed tensors of shapes " + Shapes.toString(sa) + " and " + Shapes.toString(sb)
                    + "; zkml4j multiplies two computed matrices [rows, inner]·[inner, columns], or heads of them [heads, rows, inner]·"
                    + "[heads, inner, columns]");
        }
        Chain chain = chain(head, false);
        String name = layerName(chain.activation() == null ? List.of(head) : List.of(head, chain.activation()));
        Target target = target(out(head), chain.activation());
        double[] m = {scale(qa) * scale(qb) / target.tScale()};
        FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, m, 1, null, INPUT_BOUND * INPUT_BOUND * ma[1]);
        Requant rq = new Requant(p.shift(), target.activation());
        String out = chain.output();
        if (!perHead) {
            define(out, sampleShape(out), target.outScale());
            layers.add(new QLayer.MatMul(name, qa, qb, out, ma[0], ma[1], mb[1], p.weights()[0], rq));
            return;
        }
        // One product per head, each head's matrices selected from the operands, the results joined along the heads.
        List<String> products = new ArrayList<>();
        for (int h = 0; h < sa[0]; h++) {
            String a = headOf(name, qa, h, sa), b = sb.length == 3 ? headOf(name, qb, h, sb) : qb;
            String y = fresh(out + "#head" + h);
            define(y, new int[] {1, ma[0], mb[1]}, target.outScale());
            layers.add(new QLayer.MatMul(uniqueLayerName(name + "/head" + h), a, b, y, ma[0], ma[1], mb[1], p.weights()[0], rq));
            products.add(y);
        }
        define(out, sampleShape(out), target.outScale());
        layers.add(new QLayer.Concat(uniqueLayerName(name + "/heads"), products, out, 0));
    }

    /** Head h of a [heads, rows, columns] tensor as a [rows, columns] matrix: a Select of its block. */
    private String headOf(String layer, String x, int h, int[] shape) {
        int block = shape[1] * shape[2];
        int[] index = new int[block];
        for (int i = 0; i < block; i++) {
            index[i] = h * block + i;
        }
        String y = fresh(x + "#head" + h);
        define(y, new int[] {shape[1], shape[2]}, scale(x));
        layers.add(new QLayer.Select(uniqueLayerName(layer + "/" + x + "/head" + h), x, y, index, 0));
        return y;
    }

    /** An activation that could not be fused: a layer of its own, on its input's scale. */
    private void activate(Node n) throws UnsupportedModelException {
        String x = tensor(n.inputs().get(0));
        Activation f = activation(n, scale(x));
        define(out(n), sampleShape(out(n)), f.outputScale(scale(x)));
        layers.add(new QLayer.Activate(layerName(List.of(n)), x, out(n), new Requant(0, f)));
    }

    // ---- pooling ----

    private void maxPool(Node n) throws UnsupportedModelException {
        String x = tensor(n.inputs().get(0));
        QLayer.PoolGeometry g = poolGeometry(n, graph.shape(n.inputs().get(0)));
        define(out(n), sampleShape(out(n)), scale(x));
        layers.add(new QLayer.MaxPool(layerName(List.of(n)), x, out(n), g));
    }

    /**
     * ReduceSum, ReduceMean and ReduceMax over constant axes: the reduced axes are transposed to
     * the end (when they are not there already), and the input seen as [kept, 1, reduced] is
     * pooled with one window per kept position — an average pool (multiplier 1/count for the mean,
     * s_in/s_out for the sum, whose output scale is calibrated) or a max pool.
     */
    private void reduce(Node head) throws UnsupportedModelException {
        String x = tensor(head.inputs().get(0));
        int[] shape = tensors.get(x).shape();
        boolean[] reduced = new boolean[shape.length];
        for (long a : head.intsAttr("axes", new long[0])) {
            reduced[sampleAxis(head, (int) a, "reduces")] = true;
        }
        int[] perm = new int[shape.length];
        int kept = 1, count = 1, j = 0;
        for (int a = 0; a < shape.length; a++) {
            if (!reduced[a]) {
                perm[j++] = a;
                kept *= shape[a];
            }
        }
        for (int a = 0; a < shape.length; a++) {
            if (reduced[a]) {
                perm[j++] = a;
                count *= shape[a];
            }
        }
        boolean moved = false;
        for (int a = 0; a < perm.length; a++) {
            moved |= perm[a] != a;
        }
        String pooled = moved ? transposeTo(head.name(), x, perm) : x;
        QLayer.PoolGeometry g = new QLayer.PoolGeometry(kept, 1, count, 1, count, 1, 1, 0, 0, 0, 0);
        if (head.opType().equals("ReduceMax")) {
            define(out(head), sampleShape(out(head)), scale(x));
            layers.add(new QLayer.MaxPool(layerName(List.of(head)), pooled, out(head), g));
            return;
        }
        Chain chain = chain(head, false);
        String name = layerName(chain.activation() == null ? List.of(head) : List.of(head, chain.activation()));
        boolean mean = head.opType().equals("ReduceMean");
        double tScale = mean ? scale(x) : calibratedScale(chain.preActivation());
        Activation f = chain.activation() == null ? Activation.IDENTITY : activation(chain.activation(), tScale);
        double[] multiplier = {mean ? 1.0 / count : scale(x) / tScale};
        FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, multiplier, 1, null, INPUT_BOUND * count);
        define(chain.output(), sampleShape(chain.output()), f.outputScale(tScale));
        layers.add(new QLayer.AvgPool(name, pooled, chain.output(), g, true, p.weights(), new Requant(p.shift(), f)));
    }

    /**
     * AveragePool and GlobalAveragePool: window sums times round(2^k / count) per output
     * position, on the input's scale (an average never leaves its input's range).
     */
    private void averagePool(Node head) throws UnsupportedModelException {
        String x = tensor(head.inputs().get(0));
        int[] xs = graph.shape(head.inputs().get(0));
        QLayer.PoolGeometry g;
        boolean includePad;
        if (head.opType().equals("GlobalAveragePool")) {
            int h = Shapes.product(xs, 2, xs.length - 1);
            int w = xs[xs.length - 1];
            g = new QLayer.PoolGeometry(xs[0] * xs[1], h, w, h, w, 1, 1, 0, 0, 0, 0);
            includePad = false;
        } else {
            g = poolGeometry(head, xs);
            includePad = head.intAttr("count_include_pad", 0) != 0;
        }
        double[] inverseCounts = new double[g.outH() * g.outW()];
        for (int oh = 0; oh < g.outH(); oh++) {
            for (int ow = 0; ow < g.outW(); ow++) {
                int rows = overlap(oh * g.strideH() - g.padTop(), g.kH(), g.inH());
                int cols = overlap(ow * g.strideW() - g.padLeft(), g.kW(), g.inW());
                inverseCounts[oh * g.outW() + ow] = 1.0 / (includePad ? g.kH() * g.kW() : rows * cols);
            }
        }
        Chain chain = chain(head, false);
        String name = layerName(chain.activation() == null ? List.of(head) : List.of(head, chain.activation()));
        Activation f = chain.activation() == null ? Activation.IDENTITY : activation(chain.activation(), scale(x));
        FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, inverseCounts, 1, null,
                INPUT_BOUND * g.kH() * g.kW());
        define(chain.output(), sampleShape(chain.output()), f.outputScale(scale(x)));
        layers.add(new QLayer.AvgPool(name, x, chain.output(), g, includePad, p.weights(), new Requant(p.shift(), f)));
    }

    /** How many of the positions start, …, start + length − 1 lie in [0, size). */
    private static int overlap(int start, int length, int size) {
        return Math.max(0, Math.min(start + length, size) - Math.max(start, 0));
    }

    /** The window of MaxPool or AveragePool over an [N, C, H, W] input (the N·C planes pooled alike). */
    private QLayer.PoolGeometry poolGeometry(Node n, int[] xs) throws UnsupportedModelException {
        long[] k = n.intsAttr("kernel_shape", null);
        long[] strides = n.intsAttr("strides", new long[] {1, 1});
        long[] dilations = n.intsAttr("dilations", new long[] {1, 1});
        long[] pads = n.intsAttr("pads", new long[4]);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw unsupported(n, "has dilations " + Arrays.toString(dilations) + "; zkml4j pools contiguous windows only");
        }
        if (Math.max(pads[0], pads[2]) >= k[0] || Math.max(pads[1], pads[3]) >= k[1]) {
            throw unsupported(n, "pads " + Arrays.toString(pads) + " by as much as its window " + Arrays.toString(k)
                    + ", so some windows hold only padding; zkml4j needs every pad smaller than the window");
        }
        return new QLayer.PoolGeometry(xs[0] * xs[1], xs[2], xs[3], (int) k[0], (int) k[1], (int) strides[0], (int) strides[1],
                (int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3]);
    }

    // ---- data movement ----

    private void reshape(Node n) throws UnsupportedModelException {
        String x = tensor(n.inputs().get(0));
        define(out(n), sampleShape(out(n)), scale(x));
        layers.add(new QLayer.Reshape(layerName(List.of(n)), x, out(n)));
    }

    private void transpose(Node n) throws UnsupportedModelException {
        String x = tensor(n.inputs().get(0));
        long[] perm = n.intsAttr("perm", null);
        int[] p;
        if (batched) {
            if (perm[0] != 0) {
                throw unsupported(n, "moves the batch axis (perm " + Arrays.toString(perm) + "); zkml4j keeps it first");
            }
            p = new int[perm.length - 1];
            for (int j = 1; j < perm.length; j++) {
                p[j - 1] = (int) perm[j] - 1;
            }
        } else {
            p = Arrays.stream(perm).mapToInt(v -> (int) v).toArray();
        }
        define(out(n), sampleShape(out(n)), scale(x));
        layers.add(new QLayer.Transpose(layerName(List.of(n)), x, out(n), p));
    }

    /**
     * Concat. The inputs must share one scale: the output takes the largest of theirs, and each
     * input on a smaller scale is first rescaled by a one-channel Affine layer (rescaling to a
     * larger scale shrinks the integers, so nothing can overflow).
     */
    private void concat(Node n) throws UnsupportedModelException {
        String name = layerName(List.of(n));
        double outScale = 0;
        for (String in : n.inputs()) {
            requireRuntime(n, in, "input '" + in + "'");
            outScale = Math.max(outScale, scale(tensor(in)));
        }
        List<String> inputs = new ArrayList<>();
        Map<String, String> rescaled = new HashMap<>();
        for (String in : n.inputs()) {
            String x = tensor(in);
            if (scale(x) == outScale) {
                inputs.add(x);
                continue;
            }
            String r = rescaled.get(x);
            if (r == null) {
                r = fresh(x + "#rescaled");
                FixedPoint.Parameters p = FixedPoint.choose(source + ": layer " + name, new double[] {scale(x) / outScale}, 1,
                        null, INPUT_BOUND);
                define(r, tensors.get(x).shape(), outScale);
                layers.add(new QLayer.Affine(uniqueLayerName(name + "/rescale"), x, r, 1, tensors.get(x).size(), p.weights(),
                        new long[1], new Requant(p.shift(), Activation.IDENTITY)));
                rescaled.put(x, r);
            }
            inputs.add(r);
        }
        int axis = sampleAxis(n, (int) n.intAttr("axis", 0), "joins along");
        define(out(n), sampleShape(out(n)), outScale);
        layers.add(new QLayer.Concat(name, inputs, out(n), axis));
    }

    /** A reshaped view of a tensor (itself when the shape is already right). */
    private String reshapeTo(String layer, String x, int[] shape) {
        if (Arrays.equals(tensors.get(x).shape(), shape)) {
            return x;
        }
        String y = fresh(x + "#reshaped");
        define(y, shape, scale(x));
        layers.add(new QLayer.Reshape(uniqueLayerName(layer + "/reshape"), x, y));
        return y;
    }

    /**
     * A node that only moves values (Slice, Pad, Expand, Tile, Split, Gather at constant indices):
     * its index maps are the node run on the positions themselves (iota, with −1 as Pad's
     * constant, which no position equals; its other inputs as they are), and each output a Select
     * layer on the input's scale; Pad's constant is rounded to that scale.
     */
    private void select(Node n) throws UnsupportedModelException {
        String x = tensor(n.inputs().get(0));
        int[] full = graph.shape(n.inputs().get(0));
        float[] iota = new float[Shapes.size(full)];
        if (iota.length > 1 << 24) {
            throw unsupported(n, "moves " + iota.length + " values; zkml4j indexes at most 2^24");
        }
        for (int i = 0; i < iota.length; i++) {
            iota[i] = i;
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
        long fill = 0;
        if (n.opType().equals("Pad")) {
            attrs.put("value", new Attribute.Float(-1f));
            double units = n.floatAttr("value", 0f) / scale(x);
            fill = Math.max(Activation.MIN, Math.min(Activation.MAX, Math.round(units)));
        }
        Tensor[] inputs = new Tensor[n.inputs().size()];
        inputs[0] = new Tensor(full, iota);
        for (int k = 1; k < inputs.length; k++) {
            if (!n.inputs().get(k).isEmpty()) {
                requireConstant(n, n.inputs().get(k), "its input " + k);
                inputs[k] = graph.constants().get(n.inputs().get(k));
            }
        }
        Node positions = new Node(n.name(), n.opType(), n.inputs(), n.outputs(), attrs);
        Tensor[] moved = Kernels.of(n.opType()).compute(positions, inputs);
        for (int k = 0; k < n.outputs().size(); k++) {
            String y = n.outputs().get(k);
            if (y.isEmpty()) {
                continue;
            }
            float[] values = moved[k].data();
            int[] index = new int[values.length];
            for (int i = 0; i < index.length; i++) {
                index[i] = (int) values[i];
            }
            define(y, sampleShape(y), scale(x));
            layers.add(new QLayer.Select(layerName(List.of(n)) + (n.outputs().size() > 1 ? "#" + k : ""), x, y, index, fill));
        }
    }

    /** x itself when it has the shape, else a Broadcast layer repeating it to the shape (same scale). */
    private String broadcastTo(String layer, String x, int[] shape) throws UnsupportedModelException {
        int[] in = tensors.get(x).shape();
        if (Arrays.equals(in, shape)) {
            return x;
        }
        if (QLayer.Broadcast.sourceIndex(in, shape) == null) {
            throw new UnsupportedModelException(source + ": layer " + layer + ": '" + x + "' of shape " + Shapes.toString(in)
                    + " does not broadcast to " + Shapes.toString(shape));
        }
        String y = fresh(x + "#broadcast");
        define(y, shape, scale(x));
        layers.add(new QLayer.Broadcast(uniqueLayerName(layer + "/broadcast"), x, y));
        return y;
    }

    private String transposeTo(String layer, String x, int[] perm) {
        int[] in = tensors.get(x).shape();
        int[] shape = new int[perm.length];
        for (int j = 0; j < perm.length; j++) {
            shape[j] = in[perm[j]];
        }
        String y = fresh(x + "#transposed");
        define(y, shape, scale(x));
        layers.add(new QLayer.Transpose(uniqueLayerName(layer + "/transpose"), x, y, perm));
        return y;
    }

    // ---- activations and scales ----

    /** Scales of a requantising layer: t's from calibration, the output's after the activation. */
    private record Target(double tScale, Activation activation, double outScale) {}

    private Target target(String t, Node activationNode) throws UnsupportedModelException {
        double ts = calibratedScale(t);
        Activation f = activationNode == null ? Activation.IDENTITY : activation(activationNode, ts);
        return new Target(ts, f, f.outputScale(ts));
    }

    /**
     * Coarsest scale of an embedding lookup's index − row: with the indices' own scale no coarser,
     * an integer index is off by at most 1/4 (inside {@link UnaryFunction#INDEX_WINDOW}), and the
     * differences to two neighbouring rows stay at least 3/4 apart (so no index matches both).
     */
    static final double MAX_INDEX_SCALE = 0.25;

    /** The activation of a node applied to values of scale {@code inputScale}. */
    private Activation activation(Node n, double inputScale) throws UnsupportedModelException {
        try {
            return activationOf(n, inputScale);
        } catch (IllegalArgumentException e) { // a parameter that is not a finite number (an infinite alpha)
            throw unsupported(n, "cannot be quantised: " + e.getMessage());
        }
    }

    private Activation activationOf(Node n, double inputScale) throws UnsupportedModelException {
        return switch (n.opType()) {
            case "Relu" -> Activation.RELU;
            case "LeakyRelu" -> Activation.leakyRelu(n.floatAttr("alpha", 0.01f));
            case "Sigmoid" -> Activation.sigmoid(inputScale, ACTIVATION_BITS);
            case "Tanh" -> Activation.tanh(inputScale, ACTIVATION_BITS);
            case "Clip" -> {
                long low = clipBound(n, 1, inputScale, Activation.MIN);
                long high = clipBound(n, 2, inputScale, Activation.MAX);
                if (low == Activation.MIN && high == Activation.MAX) {
                    yield Activation.IDENTITY; // the bounds lie beyond the 16-bit range: no table needed
                }
                yield Activation.clip(Math.min(low, high), high); // min > max clips everything to max, as ONNX does
            }
            case "Pow" -> Activation.function(UnaryFunction.POW, constantExponent(n), 0, inputScale,
                    calibratedScale(out(n)));
            default -> {
                if (!UnaryFunction.isUnary(n.opType())) {
                    throw new IllegalStateException("not an activation: " + n.opType());
                }
                UnaryFunction.Bound f = UnaryFunction.of(n);
                if (f.function() == UnaryFunction.INDEX_MATCHES && inputScale > MAX_INDEX_SCALE) {
                    // index − row must round to the right integer: a coarser scale could match a neighbouring row
                    throw unsupported(n, "cannot be quantised exactly: its indices (index − row) get the scale " + inputScale
                            + ", above " + MAX_INDEX_SCALE + " (an embedding table of " + (long) f.alpha() + " rows with "
                            + "this headroom); use fewer --headroom-bits, and calibrate with ids within the table");
                }
                // The output's scale is calibrated like any tensor's: f(x) may be far larger or smaller than x.
                yield Activation.function(f, inputScale, calibratedScale(out(n)));
            }
        };
    }

    /** A Clip bound in units of the input scale, within the 16-bit range. */
    private long clipBound(Node n, int index, double inputScale, long absent) throws UnsupportedModelException {
        if (n.inputs().size() <= index || n.inputs().get(index).isEmpty()) {
            return absent;
        }
        requireConstant(n, n.inputs().get(index), index == 1 ? "its lower bound" : "its upper bound");
        double v = graph.constants().get(n.inputs().get(index)).get(0) / inputScale;
        return Math.max(Activation.MIN, Math.min(Activation.MAX, Math.round(v)));
    }

    private double calibratedScale(String value) {
        return options.scaleFor(calibration.maxAbs(value));
    }

    /** The scale of a quantised tensor. */
    private double scale(String tensor) {
        return tensors.get(tensor).scale();
    }

    // ---- names, shapes, checks ----

    private static String out(Node n) {
        return n.outputs().get(0);
    }

    private boolean isRuntime(String value) {
        return !value.isEmpty() && !graph.constants().containsKey(value);
    }

    /** The quantised tensor of a runtime value computed earlier. */
    private String tensor(String value) {
        if (!tensors.containsKey(value)) {
            throw new IllegalStateException("'" + value + "' is read before it is quantised");
        }
        return value;
    }

    private void define(String name, int[] shape, double scale) {
        if (tensors.put(name, new QuantizedModel.TensorSpec(shape, scale)) != null) {
            throw new IllegalStateException("tensor '" + name + "' is defined twice");
        }
    }

    /** A constant's values broadcast to a shape it does not enlarge. */
    private static double[] broadcast(Tensor c, int[] shape) {
        float[] v = Broadcasting.apply(Tensor.zeros(shape), c, (zero, value) -> value).data();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private float[] constant(Node n, int index) {
        return graph.constants().get(n.inputs().get(index)).data();
    }

    private String fresh(String base) {
        String name = base;
        for (int k = 2; tensors.containsKey(name) || graph.shapes().containsKey(name); k++) {
            name = base + k;
        }
        return name;
    }

    /** How a node is named in layer names: its name, or its op type and output. */
    private static String label(Node n) {
        return n.name().isEmpty() ? n.opType() + ":" + out(n) : n.name();
    }

    private String layerName(List<Node> nodes) {
        return uniqueLayerName(nodes.stream().map(GraphQuantizer::label).collect(Collectors.joining("+")));
    }

    private String uniqueLayerName(String base) {
        String name = base;
        for (int k = 2; layerNames.contains(name); k++) {
            name = base + "#" + k;
        }
        layerNames.add(name);
        return name;
    }

    /** A value's shape without the batch axis (when there is one). */
    private int[] sampleShape(String value) throws UnsupportedModelException {
        int[] full = graph.shape(value);
        if (!batched) {
            return full;
        }
        if (full.length == 0 || full[0] != 1) {
            Node producer = producers.get(value);
            throw new UnsupportedModelException(source + ": " + (producer == null ? "" : producer.describe() + " computes ")
                    + "'" + value + "' of shape " + Shapes.toString(full) + ", which does not keep the batch axis (a leading "
                    + "dimension of 1) of the input '" + input + "'; zkml4j quantises each sample on its own");
        }
        return Arrays.copyOfRange(full, 1, full.length);
    }

    /** An axis of a node's input as an axis of the per-sample tensor. */
    private int sampleAxis(Node n, int axis, String what) throws UnsupportedModelException {
        int rank = graph.shape(n.inputs().get(0)).length;
        int a = axis < 0 ? axis + rank : axis;
        if (!batched) {
            return a;
        }
        if (a == 0) {
            throw unsupported(n, what + " the batch axis; zkml4j quantises each sample on its own");
        }
        return a - 1;
    }

    private void requireRuntime(Node n, String value, String what) throws UnsupportedModelException {
        if (!isRuntime(value)) {
            throw unsupported(n, "takes " + what + " from a constant; zkml4j needs it to be computed from the model input");
        }
    }

    private void requireConstant(Node n, String value, String what) throws UnsupportedModelException {
        if (isRuntime(value)) {
            throw unsupported(n, "takes " + what + " from runtime data ('" + value + "'); zkml4j quantises it only when it "
                    + "is a constant");
        }
    }

    private UnsupportedModelException unsupported(Node n, String what) {
        return new UnsupportedModelException(source + ": " + n.describe() + " " + what);
    }
}
