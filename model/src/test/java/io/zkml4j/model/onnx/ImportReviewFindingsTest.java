package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intsAttr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Review findings: each test states the ONNX result (hand-computed) or the expected clean refusal. */
class ImportReviewFindingsTest {
    private static Graph load(OnnxModelBuilder b) throws ModelImportException {
        return OnnxImporter.load(b.build(), "m.onnx");
    }

    private static float[] run(Graph g, String input, Tensor value) {
        Map<String, Tensor> out = new FloatExecutor(g).runOutputs(Map.of(input, value));
        return out.values().iterator().next().data();
    }

    private static ProtoWriter boolTensor(String name, long... values) {
        return new ProtoWriter().varint(1, values.length).varint(2, DataType.BOOL.code()).packedVarints(5, values).string(8, name);
    }

    /** CastLike(c, like=bool): ONNX casts to BOOL, 0.5 -> true (1), -2 -> true (1), 0 -> false. */
    @Test
    void castLikeToABoolTargetCastsToBool() throws Exception {
        Graph g = load(new OnnxModelBuilder(15).input("x", FLOAT, 3)
                .initializer("c", new int[] {3}, 0.5f, -2f, 0f).initializer(boolTensor("b", 1, 0, 1))
                .node("cl", "CastLike", List.of("c", "b"), List.of("cb"))
                .node("add", "Add", List.of("x", "cb"), List.of("y")).output("y"));
        assertArrayEquals(new float[] {1, 1, 0}, run(g, "x", new Tensor(new int[] {3}, new float[3])), 0f);
    }

    /** CastLike of computed data to a bool target must be refused as Cast(to=BOOL) is, not silently a no-op. */
    @Test
    void castLikeOfComputedDataToBoolIsRefused() {
        assertThrows(UnsupportedModelException.class, () -> load(new OnnxModelBuilder(15).input("x", FLOAT, 3)
                .initializer(boolTensor("b", 1, 0, 1))
                .node("cl", "CastLike", List.of("x", "b"), List.of("y")).output("y")));
    }

    /** Trilu(full(-inf), upper, k=1), the usual causal mask: ONNX gives [[0, -inf], [0, 0]], never NaN. */
    @Test
    void triluOfAnInfiniteConstantZeroesTheOtherTriangle() throws Exception {
        float n = Float.NEGATIVE_INFINITY;
        Graph g = load(new OnnxModelBuilder(14).input("x", FLOAT, 2, 2)
                .initializer("full", new int[] {2, 2}, n, n, n, n).int64Initializer("k", 1)
                .node("t", "Trilu", List.of("full", "k"), List.of("m"))
                .node("add", "Add", List.of("x", "m"), List.of("y")).output("y"));
        assertArrayEquals(new float[] {0, n, 0, 0}, run(g, "x", new Tensor(new int[] {2, 2}, new float[4])), 0f);
    }

    /** Max(Shape-like int64 5, 3) / 2 is integer division: 2, then Cast to float: ONNX gives x + 2. */
    @Test
    void maxOfIntegerConstantsStaysIntegerForDiv() throws Exception {
        Graph g = load(new OnnxModelBuilder(13).input("x", FLOAT, 1)
                .int64Initializer("a", 5).int64Initializer("b", 3).int64Initializer("two", 2)
                .node("m", "Max", List.of("a", "b"), List.of("mx"))
                .node("d", "Div", List.of("mx", "two"), List.of("q"))
                .node("c", "Cast", List.of("q"), List.of("qf"), intAttr("to", FLOAT))
                .node("add", "Add", List.of("x", "qf"), List.of("y")).output("y"));
        assertArrayEquals(new float[] {2}, run(g, "x", new Tensor(new int[] {1}, new float[1])), 0f);
    }

    /** Where over constants with a NaN in the chosen branch: ONNX keeps the NaN. */
    @Test
    void whereOverConstantsKeepsANaNOfTheChosenBranch() throws Exception {
        Graph g = load(new OnnxModelBuilder(13).input("x", FLOAT, 2)
                .initializer(boolTensor("c", 1, 0)).initializer("a", new int[] {2}, Float.NaN, 1f)
                .initializer("b", new int[] {2}, 7f, 8f)
                .node("w", "Where", List.of("c", "a", "b"), List.of("m"))
                .node("add", "Add", List.of("x", "m"), List.of("y")).output("y"));
        float[] y = run(g, "x", new Tensor(new int[] {2}, new float[2]));
        assertArrayEquals(new float[] {Float.NaN, 8}, y, 0f);
    }

    // ---- malformed nodes: a ModelImportException, not a stack trace ----

    @Test
    void maxOfConstantsThatDoNotBroadcast() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 2)
                .initializer("a", new int[] {2}, 1, 2).initializer("b", new int[] {3}, 1, 2, 3)
                .node("m", "Max", List.of("a", "b"), List.of("mx"))
                .node("add", "Add", List.of("x", "mx"), List.of("y")).output("y")));
    }

    @Test
    void whereWithAConditionThatDoesNotBroadcast() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 3)
                .initializer(boolTensor("c", 1, 0)).initializer("f", new int[] {3}, 1, 2, 3)
                .node("w", "Where", List.of("c", "x", "f"), List.of("y")).output("y")));
    }

    @Test
    void padWithAxesAndTooFewPads() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(18).input("x", FLOAT, 2, 3)
                .int64Initializer("pads", 1, 1).int64Initializer("axes", 0, 1)
                .node("p", "Pad", List.of("x", "pads", "", "axes"), List.of("y")).output("y")));
    }

    @Test
    void padWithoutInputs() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 2)
                .node("p", "Pad", List.of(), List.of("y")).output("y")));
    }

    @Test
    void splitWithZeroOutputs() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(18).input("x", FLOAT, 4)
                .node("s", "Split", List.of("x"), List.of("a", "b"), intAttr("num_outputs", 0)).output("a")));
    }

    @Test
    void splitWithANegativeSizeAttribute() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(11).input("x", FLOAT, 5)
                .node("s", "Split", List.of("x"), List.of("a", "b"), intsAttr("split", -1, 6)).output("b")));
    }

    @Test
    void triluWithAnEmptyK() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(14).input("x", FLOAT, 2, 2)
                .initializer("k", new int[] {0})
                .node("t", "Trilu", List.of("x", "k"), List.of("y")).output("y")));
    }

    @Test
    void maxWithAnEmptyInputName() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 2)
                .node("m", "Max", List.of("x", ""), List.of("y")).output("y")));
    }

    @Test
    void padWithAnEmptyValueTensor() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 2)
                .int64Initializer("pads", 1, 1).initializer("v", new int[] {0})
                .node("p", "Pad", List.of("x", "pads", "v"), List.of("y")).output("y")));
    }

    /** Opset 18 has no axes attribute on ReduceMin: a node carrying one is invalid, and must not silently reduce every axis. */
    @Test
    void anAxesAttributeAtOpset18IsNotSilentlyIgnored() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(18).input("x", FLOAT, 2, 2)
                .node("r", "ReduceMin", List.of("x"), List.of("y"), intsAttr("axes", 1), intAttr("keepdims", 0)).output("y");
        Graph g;
        try {
            g = load(b);
        } catch (ModelFormatException | UnsupportedModelException refused) {
            return; // a refusal is fine
        }
        // ONNX (as the attribute asks): min over axis 1 of [[1, 2], [3, 4]] = [1, 3]
        assertArrayEquals(new float[] {1, 3}, run(g, "x", new Tensor(new int[] {2, 2}, new float[] {1, 2, 3, 4})), 0f);
    }

    @Test
    void whereWithAConstantThenBranchThatDoesNotBroadcast() {
        assertThrows(ModelFormatException.class, () -> load(new OnnxModelBuilder(13).input("x", FLOAT, 3)
                .initializer(boolTensor("c", 1, 0)).initializer("f", new int[] {3}, 1, 2, 3)
                .node("w", "Where", List.of("c", "f", "x"), List.of("y")).output("y")));
    }
}
