package io.zkml4j.model.onnx;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an ONNX model file into the zkml4j IR.
 *
 * <p>The steps, in order: decode the protobuf; refuse unsupported operators (before anything
 * else, so the user learns first whether the model can work at all); check the operator-set
 * versions; read initializers as constants; fix the graph inputs' shapes (an unknown or symbolic
 * batch dimension becomes 1; every other dimension must be static); sort the nodes
 * topologically; lower them to canonical form with constant folding and shape inference
 * ({@link NodeLowering}); and drop what no output depends on.
 *
 * <p>The resulting {@link Graph} holds only compute operators in their latest ONNX definition,
 * with explicit attributes and a static shape for every value.
 */
public final class OnnxImporter {
    /** Before IR version 3 models had no opset_import and used opset 1. */
    private static final long FIRST_IR_WITH_OPSET_IMPORT = 3;

    private OnnxImporter() {}

    /** Imports a model file; the file name appears in every message. */
    public static Graph load(Path file) throws ModelImportException, IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        return load(bytes, file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    /**
     * Imports a model from its bytes.
     *
     * @param sourceName how messages name the model, e.g. its file name
     */
    public static Graph load(byte[] bytes, String sourceName) throws ModelImportException {
        return load(bytes, sourceName, Map.of());
    }

    /**
     * Imports a model from its bytes, fixing some graph inputs to given values: they become
     * constants, as if they were initializers. This is how a model whose shape or axis parameters
     * are graph inputs (rather than constants) can still be imported.
     *
     * @param boundInputs values for graph inputs, by name; each must match the input's declared shape
     */
    public static Graph load(byte[] bytes, String sourceName, Map<String, Tensor> boundInputs) throws ModelImportException {
        ModelProto model = OnnxDecoder.decodeModel(bytes, sourceName);
        GraphProto g = model.graph();
        if (g == null) {
            throw new ModelFormatException(sourceName + ": the model has no graph");
        }
        checkOperatorsSupported(g, sourceName);
        int opset = defaultOpset(model, g, sourceName);

        Map<String, Tensor> constants = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        Set<String> names = new HashSet<>();
        Map<String, Integer> types = new HashMap<>(); // constants' element types: integers divide truncating
        for (TensorProto init : g.initializers()) {
            if (init.name().isEmpty()) {
                throw new ModelFormatException(sourceName + ": " + init.location() + " has no name");
            }
            if (constants.containsKey(init.name())) {
                throw new ModelFormatException(sourceName + ": initializer '" + init.name() + "' is defined twice");
            }
            Tensor t = init.toTensor(sourceName);
            types.put(init.name(), init.dataType());
            constants.put(init.name(), t);
            shapes.put(init.name(), t.shape());
            names.add(init.name());
        }
        if (g.sparseInitializerCount() > 0) {
            throw new UnsupportedModelException(sourceName + ": the graph has " + g.sparseInitializerCount()
                    + " sparse initializer(s), which zkml4j does not read");
        }
        bind(g, boundInputs, constants, shapes, names, sourceName);
        List<Graph.ValueInfo> inputs = new ArrayList<>();
        Set<String> indexInputs = new HashSet<>();
        for (ValueInfoProto in : g.inputs()) {
            if (constants.containsKey(in.name())) {
                continue; // an input with an initializer is a constant (its default value is the model's weight)
            }
            if (!names.add(in.name())) {
                throw new ModelFormatException(sourceName + ": graph input '" + in.name() + "' is declared twice");
            }
            int[] shape = InputShapes.fix(in, sourceName);
            if (InputShapes.isInteger(in)) {
                indexInputs.add(in.name());
                types.put(in.name(), in.elemType());
            }
            inputs.add(new Graph.ValueInfo(in.name(), shape));
            shapes.put(in.name(), shape);
        }

        List<SourceNode> nodes = new ArrayList<>();
        for (NodeProto np : g.nodes()) {
            Node node = new Node(np.name(), np.opType(), np.inputs(), np.outputs(), AttributeConverter.convert(np, sourceName));
            nodes.add(new SourceNode(node, np.describe()));
            names.addAll(np.outputs());
        }
        // An integer input (token ids) is read as numbers, only where a Gather takes it as indices (an embedding lookup).
        for (SourceNode sn : nodes) {
            for (int k = 0; k < sn.node().inputs().size(); k++) {
                String in = sn.node().inputs().get(k);
                if (indexInputs.contains(in) && !(sn.node().opType().equals("Gather") && k == 1)) {
                    throw new UnsupportedModelException(sourceName + ": graph input '" + in + "' holds integers, which zkml4j reads "
                            + "only as the indices of a Gather (an embedding lookup), but " + sn.describe() + " takes it as input " + k);
                }
            }
        }
        Set<String> defined = new HashSet<>(shapes.keySet());
        nodes = TopologicalOrder.sort(nodes, defined, sourceName);

        // Only a one-output model's final Softmax is left to the verifier: with several outputs every Softmax is proved.
        Set<String> graphOutputs = new HashSet<>();
        if (g.outputs().size() == 1) {
            g.outputs().forEach(o -> graphOutputs.add(o.name()));
        }
        NodeLowering lowering = new NodeLowering(sourceName, opset, constants, shapes, names, graphOutputs, types);
        for (SourceNode sn : nodes) {
            lowering.lower(sn);
        }
        List<Node> lowered = new ArrayList<>(lowering.nodes());
        List<Graph.ValueInfo> outputs = outputs(g, lowering, lowered, constants, shapes, sourceName);
        List<Node> live = withoutDeadNodes(lowered, outputs);

        // Keep the constants and shapes of the values that remain.
        Set<String> used = new LinkedHashSet<>();
        inputs.forEach(i -> used.add(i.name()));
        outputs.forEach(o -> used.add(o.name()));
        for (Node n : live) {
            n.inputs().stream().filter(s -> !s.isEmpty()).forEach(used::add);
            n.outputs().stream().filter(s -> !s.isEmpty()).forEach(used::add);
        }
        Map<String, Tensor> keptConstants = new LinkedHashMap<>();
        Map<String, int[]> keptShapes = new LinkedHashMap<>();
        for (String v : used) {
            if (constants.containsKey(v)) {
                keptConstants.put(v, constants.get(v));
            }
            keptShapes.put(v, shapes.get(v));
        }
        String name = g.name().isEmpty() ? sourceName : g.name();
        return new Graph(name, live, inputs, outputs, keptConstants, keptShapes);
    }

    /** Turns the bound graph inputs into constants. */
    private static void bind(GraphProto g, Map<String, Tensor> bound, Map<String, Tensor> constants, Map<String, int[]> shapes,
                             Set<String> names, String source) throws ModelImportException {
        for (Map.Entry<String, Tensor> e : bound.entrySet()) {
            ValueInfoProto in = g.inputs().stream().filter(i -> i.name().equals(e.getKey())).findFirst().orElse(null);
            if (in == null) {
                throw new IllegalArgumentException(source + ": cannot bind '" + e.getKey() + "': the graph has no input of that name");
            }
            if (constants.containsKey(in.name())) {
                throw new IllegalArgumentException(source + ": cannot bind '" + e.getKey() + "': it already has an initializer");
            }
            Tensor value = e.getValue();
            InputShapes.checkBound(in, value.shape(), source);
            constants.put(in.name(), value);
            shapes.put(in.name(), value.shape());
            names.add(in.name());
        }
    }

    /** Refuses the model if any node uses an operator outside {@link SupportedOps}, naming all of them. */
    private static void checkOperatorsSupported(GraphProto g, String source) throws UnsupportedOperatorException {
        NodeProto first = null;
        Set<String> unsupported = new LinkedHashSet<>();
        for (NodeProto n : g.nodes()) {
            boolean known = OnnxDomains.isDefault(n.domain()) && SupportedOps.find(n.opType()) != null;
            if (!known) {
                if (first == null) {
                    first = n;
                }
                unsupported.add(n.qualifiedOpType());
            }
        }
        if (first == null) {
            return;
        }
        String others = unsupported.size() > 1 ? " (this model uses " + unsupported.size() + " unsupported operators: "
                + String.join(", ", unsupported) + ")" : "";
        String what = first.opType().isEmpty() ? "no op_type" : first.qualifiedOpType();
        throw new UnsupportedOperatorException(source + ": " + first.describe() + " uses " + what
                + ", which zkml4j does not support; supported: " + SupportedOps.describe() + others,
                new ArrayList<>(unsupported));
    }

    /** The version of the default ONNX operator set the model imports, checked against what zkml4j handles. */
    private static int defaultOpset(ModelProto model, GraphProto g, String source) throws ModelImportException {
        Long version = null;
        for (OperatorSetIdProto o : model.opsetImports()) {
            if (o.isDefaultDomain()) {
                if (version != null) {
                    throw new ModelFormatException(source + ": the model imports the default operator set twice");
                }
                version = o.version();
            }
        }
        if (version == null) {
            if (model.irVersion() >= FIRST_IR_WITH_OPSET_IMPORT && !g.nodes().isEmpty()) {
                throw new ModelFormatException(source + ": the model (IR version " + model.irVersion()
                        + ") does not import the default ONNX operator set (opset_import), but its nodes use it");
            }
            version = 1L;
        }
        if (version < 1) {
            throw new ModelFormatException(source + ": the model imports default operator set version " + version);
        }
        for (NodeProto n : g.nodes()) {
            SupportedOps.Op op = SupportedOps.find(n.opType());
            if (version < op.minOpset() || version > op.maxOpset()) {
                throw new UnsupportedModelException(source + ": " + n.describe() + " uses " + n.opType() + " from opset "
                        + version + ", but zkml4j has checked " + n.opType() + " only for opsets " + op.minOpset() + " to "
                        + op.maxOpset() + "; export the model with an opset in that range");
            }
        }
        return (int) (long) version;
    }

    /** The graph outputs with their inferred shapes; outputs that are aliases get an Identity or a constant. */
    private static List<Graph.ValueInfo> outputs(GraphProto g, NodeLowering lowering, List<Node> nodes,
                                                 Map<String, Tensor> constants, Map<String, int[]> shapes, String source)
            throws ModelFormatException {
        List<Graph.ValueInfo> outputs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ValueInfoProto out : g.outputs()) {
            String name = out.name();
            if (!seen.add(name)) {
                throw new ModelFormatException(source + ": graph output '" + name + "' is declared twice");
            }
            int[] shape = shapes.get(name);
            if (shape == null) {
                throw new ModelFormatException(source + ": graph output '" + name
                        + "' is computed by no node and is neither an input nor an initializer");
            }
            String target = lowering.resolve(name);
            if (!target.equals(name)) {
                // The output's producer was removed as a no-op (Identity, Dropout): the value must
                // still appear under the output's name.
                if (constants.containsKey(target)) {
                    constants.put(name, constants.get(target));
                } else {
                    nodes.add(new Node("", "Identity", List.of(target), List.of(name), Map.of()));
                }
            }
            InputShapes.checkDeclared(out, shape, source);
            outputs.add(new Graph.ValueInfo(name, shape));
        }
        if (outputs.isEmpty()) {
            throw new ModelFormatException(source + ": the graph declares no outputs");
        }
        return outputs;
    }

    /** Drops nodes whose results no output depends on (they would only cost proving time). */
    private static List<Node> withoutDeadNodes(List<Node> nodes, List<Graph.ValueInfo> outputs) {
        Set<String> needed = new HashSet<>();
        outputs.forEach(o -> needed.add(o.name()));
        boolean[] keep = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(needed::contains)) {
                keep[i] = true;
                needed.addAll(n.inputs());
            }
        }
        List<Node> live = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (keep[i]) {
                live.add(nodes.get(i));
            }
        }
        return live;
    }
}
