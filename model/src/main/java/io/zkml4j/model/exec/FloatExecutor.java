package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a graph in floating point, node by node in topological order, following the ONNX
 * definition of every operator (accumulating in double). This is the float reference that
 * quantised models are compared against.
 *
 * <p>Every computed value is checked against the shape the importer inferred, so a disagreement
 * between shape inference and execution cannot go unnoticed.
 */
public final class FloatExecutor {
    private final Graph graph;

    /**
     * @throws IllegalArgumentException when the graph contains an operator without a kernel
     */
    public FloatExecutor(Graph graph) {
        this.graph = graph;
        for (Node node : graph.nodes()) {
            if (!Kernels.has(node.opType())) {
                throw new IllegalArgumentException("node " + node.describe() + " uses " + node.opType()
                        + ", which the float executor does not run; it runs: " + Kernels.opTypes());
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    /**
     * Runs the graph and returns every value: the inputs, the constants the nodes read, and every
     * node output, in the order they were computed.
     *
     * @param inputs one tensor per graph input, by name, with exactly the input's shape
     * @throws IllegalArgumentException naming the input when one is missing, unknown or has the wrong shape
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        checkInputs(inputs);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Graph.ValueInfo in : graph.inputs()) {
            values.put(in.name(), inputs.get(in.name()));
        }
        Map<String, Tensor> constants = graph.constants();
        for (Node node : graph.nodes()) {
            Tensor[] args = new Tensor[node.inputs().size()];
            for (int k = 0; k < args.length; k++) {
                String name = node.inputs().get(k);
                if (name.isEmpty()) {
                    continue; // omitted optional input
                }
                Tensor v = values.get(name);
                if (v == null) {
                    v = constants.get(name);
                    if (v == null) {
                        throw new IllegalStateException("node " + node.describe() + " reads '" + name
                                + "', which is neither an input, a constant nor computed before it");
                    }
                    values.put(name, v);
                }
                args[k] = v;
            }
            Tensor[] results;
            try {
                results = Kernels.of(node.opType()).compute(node, args);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + node.describe() + ": " + e.getMessage(), e);
            }
            for (int k = 0; k < results.length && k < node.outputs().size(); k++) {
                String name = node.outputs().get(k);
                if (name.isEmpty()) {
                    continue;
                }
                int[] expected = graph.shapes().get(name);
                if (expected != null && !Arrays.equals(expected, results[k].shape())) {
                    throw new IllegalStateException("node " + node.describe() + " computed shape "
                            + Shapes.toString(results[k].shape()) + " for '" + name + "', but the graph records "
                            + Shapes.toString(expected));
                }
                values.put(name, results[k]);
            }
        }
        for (Graph.ValueInfo out : graph.outputs()) {
            if (!values.containsKey(out.name())) {
                Tensor c = constants.get(out.name());
                if (c == null) {
                    throw new IllegalStateException("graph output '" + out.name() + "' was not computed");
                }
                values.put(out.name(), c);
            }
        }
        return values;
    }

    /** Runs the graph and returns only its outputs, in the graph's output order. */
    public Map<String, Tensor> runOutputs(Map<String, Tensor> inputs) {
        Map<String, Tensor> all = run(inputs);
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (Graph.ValueInfo out : graph.outputs()) {
            outputs.put(out.name(), all.get(out.name()));
        }
        return outputs;
    }

    private void checkInputs(Map<String, Tensor> inputs) {
        Map<String, int[]> expected = new HashMap<>();
        for (Graph.ValueInfo in : graph.inputs()) {
            expected.put(in.name(), in.shape());
        }
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                throw new IllegalArgumentException("the graph has no input named '" + e.getKey() + "'; its inputs are: "
                        + describeInputs());
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' is null");
            }
            int[] shape = e.getValue().shape();
            if (!Arrays.equals(shape, expected.get(e.getKey()))) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' has shape " + Shapes.toString(shape)
                        + ", but the graph expects " + Shapes.toString(expected.get(e.getKey())));
            }
        }
        for (Graph.ValueInfo in : graph.inputs()) {
            if (!inputs.containsKey(in.name())) {
                throw new IllegalArgumentException("missing input '" + in.name() + "' of shape " + Shapes.toString(in.shape())
                        + "; the graph's inputs are: " + describeInputs());
            }
        }
    }

    private String describeInputs() {
        return graph.inputs().stream().map(i -> i.name() + " " + Shapes.toString(i.shape()))
                .collect(Collectors.joining(", "));
    }
}
