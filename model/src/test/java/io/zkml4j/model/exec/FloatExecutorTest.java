package io.zkml4j.model.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloatExecutorTest {
    /** y = relu(x · W + b), a two-node graph built by hand. */
    private static Graph mlp() {
        Tensor w = new Tensor(new int[] {2, 2}, new float[] {1, -1, 1, 1});
        Tensor b = new Tensor(new int[] {2}, new float[] {0, -10});
        return new Graph("mlp",
                List.of(new Node("fc", "Gemm", List.of("x", "w", "b"), List.of("h"), Map.of("beta", new Attribute.Float(1f))),
                        new Node("act", "Relu", List.of("h"), List.of("y"), Map.of())),
                List.of(new Graph.ValueInfo("x", new int[] {1, 2})),
                List.of(new Graph.ValueInfo("y", new int[] {1, 2})),
                Map.of("w", w, "b", b),
                Map.of("x", new int[] {1, 2}, "w", new int[] {2, 2}, "b", new int[] {2}, "h", new int[] {1, 2}, "y", new int[] {1, 2}));
    }

    @Test
    void runsAndReturnsEveryValueOrJustOutputs() {
        FloatExecutor exec = new FloatExecutor(mlp());
        Map<String, Tensor> in = Map.of("x", new Tensor(new int[] {1, 2}, new float[] {3, 4}));
        Map<String, Tensor> all = exec.run(in);
        assertArrayEquals(new float[] {7, -9}, all.get("h").data());
        assertArrayEquals(new float[] {7, 0}, all.get("y").data());
        assertEquals(List.of("x", "w", "b", "h", "y"), List.copyOf(all.keySet()));
        assertEquals(List.of("y"), List.copyOf(exec.runOutputs(in).keySet()));
    }

    @Test
    void wrongInputsAreNamed() {
        FloatExecutor exec = new FloatExecutor(mlp());
        assertEquals("the graph has no input named 'X'; its inputs are: x [1, 2]",
                assertThrows(IllegalArgumentException.class, () -> exec.run(Map.of("X", Tensor.zeros(1, 2)))).getMessage());
        assertEquals("missing input 'x' of shape [1, 2]; the graph's inputs are: x [1, 2]",
                assertThrows(IllegalArgumentException.class, () -> exec.run(Map.of())).getMessage());
        assertEquals("input 'x' has shape [2, 1], but the graph expects [1, 2]",
                assertThrows(IllegalArgumentException.class, () -> exec.run(Map.of("x", Tensor.zeros(2, 1)))).getMessage());
    }

    @Test
    void operatorsWithoutKernelAreRefusedUpFront() {
        Graph g = new Graph("g", List.of(new Node("l", "LSTM", List.of("x"), List.of("y"), Map.of())),
                List.of(new Graph.ValueInfo("x", new int[] {1})), List.of(new Graph.ValueInfo("y", new int[] {1})),
                Map.of(), Map.of("x", new int[] {1}, "y", new int[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FloatExecutor(g));
        assertEquals(true, e.getMessage().startsWith("node 'l' (LSTM) uses LSTM, which the float executor does not run"));
    }

    @Test
    void aShapeDisagreementWithTheGraphIsCaught() {
        Graph g = new Graph("g", List.of(new Node("r", "Relu", List.of("x"), List.of("y"), Map.of())),
                List.of(new Graph.ValueInfo("x", new int[] {2})), List.of(new Graph.ValueInfo("y", new int[] {3})),
                Map.of(), Map.of("x", new int[] {2}, "y", new int[] {3}));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FloatExecutor(g).run(Map.of("x", Tensor.zeros(2))));
        assertEquals("node 'r' (Relu) computed shape [2] for 'y', but the graph records [3]", e.getMessage());
    }
}
