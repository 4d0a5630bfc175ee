package io.zkml4j.model.ir;

import java.util.List;
import java.util.Map;

/**
 * A model as imported: nodes in topological order, the graph inputs (name and shape, batch
 * dimension fixed), outputs, and constant tensors (initializers and folded constants).
 * Shapes of every value are known after import ({@link #shapes}).
 */
public record Graph(String name, List<Node> nodes, List<ValueInfo> inputs, List<ValueInfo> outputs,
                    Map<String, Tensor> constants, Map<String, int[]> shapes) {
    public Graph {
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        constants = Map.copyOf(constants);
        shapes = Map.copyOf(shapes);
    }

    /** A named value with a static shape. */
    public record ValueInfo(String name, int[] shape) {}

    public int[] shape(String value) {
        int[] s = shapes.get(value);
        if (s == null) {
            throw new IllegalArgumentException("no shape known for value '" + value + "'");
        }
        return s.clone();
    }
}
