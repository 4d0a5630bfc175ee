package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The operators that only move values, against their ONNX definitions on small cases. */
class MovementKernelsTest {
    private static Tensor run(String op, Map<String, Attribute> attrs, Tensor... in) {
        List<String> names = java.util.stream.IntStream.range(0, in.length).mapToObj(i -> "i" + i).toList();
        return Kernels.of(op).compute(new Node("n", op, names, List.of("y"), attrs), in)[0];
    }

    private static Tensor vector(float... v) {
        return new Tensor(new int[] {v.length}, v);
    }

    /** With a negative step, start is clamped to [0, dim − 1] (numpy's x[0:None:-1] is [x0]; found by review). */
    @Test
    void aBackwardSliceFromBeforeTheStartKeepsElementZero() {
        Tensor y = run("Slice", Map.of("starts", new Attribute.Ints(new long[] {-10}), "ends", new Attribute.Ints(new long[] {Long.MIN_VALUE}),
                "steps", new Attribute.Ints(new long[] {-1})), vector(1, 2, 3));
        assertArrayEquals(new float[] {1}, y.data());
        Tensor back = run("Slice", Map.of("starts", new Attribute.Ints(new long[] {-1}), "ends", new Attribute.Ints(new long[] {Long.MIN_VALUE}),
                "steps", new Attribute.Ints(new long[] {-1})), vector(1, 2, 3));
        assertArrayEquals(new float[] {3, 2, 1}, back.data());
    }

    @Test
    void padReflectsEdgesAndFills() {
        Map<String, Attribute> pads = Map.of("pads", new Attribute.Ints(new long[] {2, 1}));
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2}, run("Pad", with(pads, "reflect"), vector(1, 2, 3)).data());
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 3}, run("Pad", with(pads, "edge"), vector(1, 2, 3)).data());
        Map<String, Attribute> constant = new java.util.HashMap<>(with(pads, "constant"));
        constant.put("value", new Attribute.Float(9));
        assertArrayEquals(new float[] {9, 9, 1, 2, 3, 9}, run("Pad", constant, vector(1, 2, 3)).data());
    }

    private static Map<String, Attribute> with(Map<String, Attribute> pads, String mode) {
        Map<String, Attribute> m = new java.util.HashMap<>(pads);
        m.put("mode", new Attribute.Str(mode));
        return m;
    }

    @Test
    void expandTileAndSplitMoveValuesAsOnnxSays() {
        Tensor x = new Tensor(new int[] {2, 1}, new float[] {1, 2});
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, run("Expand", Map.of(), x, vector(2, 3)).data());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, run("Tile", Map.of(), x, vector(2, 2)).data());
        Tensor[] parts = Kernels.of("Split").compute(new Node("n", "Split", List.of("x", "s"), List.of("a", "b"), Map.of()),
                new Tensor[] {vector(1, 2, 3, 4, 5), vector(2, 3)});
        assertArrayEquals(new float[] {1, 2}, parts[0].data());
        assertArrayEquals(new float[] {3, 4, 5}, parts[1].data());
    }

    /** GatherElements along axis 1 (ONNX's own example) and a negative index; an index out of range is refused. */
    @Test
    void gatherElementsPicksAlongTheAxis() {
        Tensor data = new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, 4});
        Tensor indices = new Tensor(new int[] {2, 2}, new float[] {0, 0, 1, -2});
        Tensor y = run("GatherElements", Map.of("axis", new Attribute.Int(1)), data, indices);
        assertArrayEquals(new float[] {1, 1, 4, 3}, y.data());
        assertThrows(IllegalArgumentException.class, () -> run("GatherElements", Map.of("axis", new Attribute.Int(1)), data,
                new Tensor(new int[] {2, 2}, new float[] {0, 2, 0, 0})));
    }
}
