package io.zkml4j.model.quant;

import io.zkml4j.model.exec.Kernels;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds small canonical graphs by hand for quantiser tests: shapes come from the float kernels'
 * own shape inference, as the importer computes them.
 */
final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Graph.ValueInfo> inputs = new ArrayList<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Random random;

    GraphBuilder(long seed) {
        random = new Random(seed);
    }

    GraphBuilder input(String name, int... shape) {
        inputs.add(new Graph.ValueInfo(name, shape));
        shapes.put(name, shape);
        return this;
    }

    GraphBuilder constant(String name, Tensor value) {
        constants.put(name, value);
        shapes.put(name, value.shape());
        return this;
    }

    /** A constant of uniform random values in [lo, hi). */
    GraphBuilder random(String name, float lo, float hi, int... shape) {
        float[] v = new float[Math.toIntExact(Tensor.size(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return constant(name, new Tensor(shape, v));
    }

    /** Adds a node with one output; attributes as name, value pairs (Long, Float, long[] or String). */
    GraphBuilder node(String name, String op, List<String> in, String out, Object... attributes) {
        Map<String, Attribute> attrs = new HashMap<>();
        for (int k = 0; k < attributes.length; k += 2) {
            Object v = attributes[k + 1];
            attrs.put((String) attributes[k], switch (v) {
                case Long l -> new Attribute.Int(l);
                case Integer i -> new Attribute.Int(i);
                case Float f -> new Attribute.Float(f);
                case long[] ints -> new Attribute.Ints(ints);
                case String s -> new Attribute.Str(s);
                default -> throw new IllegalArgumentException("attribute type " + v.getClass());
            });
        }
        Node n = new Node(name, op, in, List.of(out), attrs);
        int[][] inShapes = new int[in.size()][];
        Tensor[] values = new Tensor[in.size()];
        for (int k = 0; k < in.size(); k++) {
            if (!in.get(k).isEmpty()) {
                inShapes[k] = shapes.get(in.get(k));
                values[k] = constants.get(in.get(k));
            }
        }
        shapes.put(out, Kernels.of(op).outputShapes(n, inShapes, values)[0]);
        nodes.add(n);
        return this;
    }

    Graph build(String... outputs) {
        List<Graph.ValueInfo> outs = new ArrayList<>();
        for (String o : outputs) {
            outs.add(new Graph.ValueInfo(o, shapes.get(o)));
        }
        return new Graph("test", nodes, inputs, outs, constants, shapes);
    }

    /** {@code count} random inputs of the graph's first input, uniform in [lo, hi). */
    List<float[]> samples(Graph g, int count, float lo, float hi) {
        int size = 0;
        for (Graph.ValueInfo in : g.inputs()) {
            size += Math.toIntExact(Tensor.size(in.shape()));
        }
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = lo + (hi - lo) * random.nextFloat();
            }
            out.add(x);
        }
        return out;
    }
}
