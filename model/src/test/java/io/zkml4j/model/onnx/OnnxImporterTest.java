package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.INT64;
import static io.zkml4j.model.onnx.OnnxModelBuilder.floatAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intsAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.stringAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.tensorAttr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {
    private static Graph load(OnnxModelBuilder b) throws ModelImportException {
        return OnnxImporter.load(b.build(), "m.onnx");
    }

    private static String error(Class<? extends ModelImportException> type, OnnxModelBuilder b) {
        return assertThrows(type, () -> load(b)).getMessage();
    }

    private static List<String> ops(Graph g) {
        return g.nodes().stream().map(Node::opType).toList();
    }

    private static float[] run(Graph g, String input, Tensor value) {
        Map<String, Tensor> out = new FloatExecutor(g).runOutputs(Map.of(input, value));
        return out.values().iterator().next().data();
    }

    // ---- what is refused, and how it is said ----

    @Test
    void unsupportedOperatorIsReportedFirstWithTheSupportedList() {
        // The model is also broken in other ways (a FLOAT16 initializer, an undefined input), but
        // the operator is what the user needs to hear about first.
        OnnxModelBuilder b = new OnnxModelBuilder(13)
                .input("x", FLOAT, 1, 4)
                .initializer(new ProtoWriter().varint(1, 1).varint(2, DataType.FLOAT16.code()).string(8, "h"))
                .node("rnn", "LSTM", List.of("x", "nowhere"), List.of("y"))
                .node("", "Loop", List.of("y"), List.of("z"))
                .output("z");
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class, () -> load(b));
        assertTrue(e.getMessage().startsWith("m.onnx: node 'rnn' uses LSTM, which zkml4j does not support; supported: Gemm, "
                + "MatMul, Add, Sub, Mul, Relu, LeakyRelu, Sigmoid, Tanh, Div, Pow, ReduceSum, ReduceMean, ReduceMax, Slice, Pad, Expand, Tile, Split, "), e.getMessage());
        assertTrue(e.getMessage().contains(", Gelu, Elu, ") && e.getMessage().contains(", Atanh, Conv, ConvTranspose, Resize, Upsample, GlobalMaxPool, InstanceNormalization, Sum, Mean, CumSum, DepthToSpace, SpaceToDepth, Shrink, GatherND, ScatterElements, Scatter, ScatterND, Compress, Einsum, NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss, MaxPool, AveragePool, GlobalAveragePool, "
                + "BatchNormalization, Flatten, Reshape, Transpose, Concat, Clip, Softmax, Identity, Constant, Gather; and, where they "
                + "only touch constants or static shapes, Shape, Unsqueeze, Squeeze, Cast, Equal, Greater, Less, GreaterOrEqual, "
                + "LessOrEqual, And, Or, Xor, Not, Dropout"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(this model uses 2 unsupported operators: LSTM, Loop)"), e.getMessage());
        assertEquals(List.of("LSTM", "Loop"), e.operators());
    }

    @Test
    void operatorsOfOtherDomainsAreUnsupported() {
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", FLOAT, 1, 4)
                .node("", "com.microsoft", "Relu", List.of("x"), List.of("y")).output("y");
        assertTrue(error(UnsupportedOperatorException.class, b)
                .startsWith("m.onnx: graph.node[0] (producing 'y') uses com.microsoft.Relu, which zkml4j does not support"));
    }

    @Test
    void opsetsNewerThanCheckedAreRefused() {
        OnnxModelBuilder b = new OnnxModelBuilder(30).input("x", FLOAT, 1, 4).node("r", "Relu", List.of("x"), List.of("y")).output("y");
        assertEquals("m.onnx: node 'r' uses Relu from opset 30, but zkml4j has checked Relu only for opsets 1 to 22; "
                + "export the model with an opset in that range", error(UnsupportedModelException.class, b));
    }

    @Test
    void runtimeInputsMustBeStaticFloatTensors() {
        assertEquals("m.onnx: graph input 'ids' holds integers, which zkml4j reads only as the indices of a Gather (an embedding "
                        + "lookup), but node 'r' (Relu) takes it as input 0",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("ids", INT64, 1, 4)
                        .node("r", "Relu", List.of("ids"), List.of("y")).output("y")));
        assertEquals("m.onnx: graph input 'x' has a symbolic ('N') dimension at position 1 of [1, N]; zkml4j fixes only the "
                        + "batch dimension (position 0) to 1, all others must be static",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, -1)
                        .node("r", "Relu", List.of("x"), List.of("y")).output("y")));
    }

    @Test
    void symbolicBatchBecomesOneAndInitializersThatAreInputsAreConstants() throws Exception {
        Graph g = load(new OnnxModelBuilder(13)
                .irVersion(3)
                .input("x", FLOAT, -1, 2)
                .input("b", FLOAT, 2) // an IR-3 style input that has an initializer
                .initializer("b", new int[] {2}, 10, 20)
                .node("add", "Add", List.of("x", "b"), List.of("y"))
                .output("y"));
        assertEquals(1, g.inputs().size());
        assertArrayEquals(new int[] {1, 2}, g.inputs().get(0).shape());
        assertArrayEquals(new int[] {1, 2}, g.shape("y"));
        assertArrayEquals(new float[] {11, 22}, run(g, "x", new Tensor(new int[] {1, 2}, new float[] {1, 2})));
    }

    // ---- graph structure ----

    @Test
    void unsortedNodesAreSortedAndCyclesRejected() throws Exception {
        Graph g = load(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                .node("second", "Sigmoid", List.of("r"), List.of("y"))
                .node("first", "Relu", List.of("x"), List.of("r"))
                .output("y"));
        assertEquals(List.of("first", "second"), g.nodes().stream().map(Node::name).toList());
        assertTrue(error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                .node("a", "Add", List.of("x", "c"), List.of("b"))
                .node("b", "Relu", List.of("b"), List.of("c"))
                .output("c")).startsWith("m.onnx: the graph has a cycle: 2 node(s) wait on each other, among them node 'a' (Add)"));
    }

    @Test
    void undefinedAndTwiceDefinedValuesAreRejected() {
        assertEquals("m.onnx: node 'r' (Relu) reads 'ghost', which no node, graph input or initializer defines",
                error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                        .node("r", "Relu", List.of("ghost"), List.of("y")).output("y")));
        assertEquals("m.onnx: 'y' is defined twice, by node 'a' (Relu) and by node 'b' (Sigmoid)",
                error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                        .node("a", "Relu", List.of("x"), List.of("y"))
                        .node("b", "Sigmoid", List.of("x"), List.of("y")).output("y")));
        assertEquals("m.onnx: graph output 'z' is computed by no node and is neither an input nor an initializer",
                error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                        .node("a", "Relu", List.of("x"), List.of("y")).output("z")));
    }

    @Test
    void shapeMismatchesNameTheNode() {
        assertEquals("m.onnx: node 'fc' (Gemm): Gemm inner dimensions differ: A is 1x4, B is 3x2",
                error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 4)
                        .initializer("w", new int[] {3, 2}, new float[6])
                        .node("fc", "Gemm", List.of("x", "w"), List.of("y")).output("y")));
        assertEquals("m.onnx: graph output 'y' is declared with shape [1, 3], but the graph computes [1, 2]",
                error(ModelFormatException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                        .node("r", "Relu", List.of("x"), List.of("y")).output("y", 1, 3)));
    }

    @Test
    void missingFileIsReportedByPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> OnnxImporter.load(missing));
        assertTrue(e.getMessage().contains("nope.onnx"), e.getMessage());
    }

    @Test
    void loadsFromAFileNamingItInMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.onnx");
        Files.write(file, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2).node("r", "Relu", List.of("x"), List.of("y"))
                .output("y").build());
        assertEquals(List.of("Relu"), ops(OnnxImporter.load(file)));
        Files.write(file, new byte[] {0x0A, 0x05, 0x01});
        assertTrue(assertThrows(ModelFormatException.class, () -> OnnxImporter.load(file)).getMessage().startsWith("tiny.onnx: "));
    }

    // ---- folding and lowering ----

    @Test
    void pytorchStyleFlattenChainFoldsToOneReshape() throws Exception {
        // x.view(x.size(0), -1) as PyTorch exports it: Shape → Gather → Unsqueeze → Concat → Reshape.
        Graph g = load(new OnnxModelBuilder(13)
                .input("x", FLOAT, -1, 2, 3)
                .int64Initializer("zero", 0)
                .initializer(new ProtoWriter().varint(2, INT64).packedVarints(7, 0).string(8, "index")) // a scalar 0
                .int64Initializer("minus_one", -1)
                .node("shape", "Shape", List.of("x"), List.of("s"))
                .node("gather", "Gather", List.of("s", "index"), List.of("batch"), intAttr("axis", 0))
                .node("unsq", "Unsqueeze", List.of("batch", "zero"), List.of("batch1"))
                .node("cat", "Concat", List.of("batch1", "minus_one"), List.of("target"), intAttr("axis", 0))
                .node("view", "Reshape", List.of("x", "target"), List.of("y"))
                .output("y"));
        assertEquals(List.of("Reshape"), ops(g));
        Node reshape = g.nodes().get(0);
        assertArrayEquals(new float[] {1, 6}, g.constants().get(reshape.inputs().get(1)).data());
        assertArrayEquals(new int[] {1, 6}, g.shape("y"));
        assertEquals(1, g.constants().size(), "the folded shape values are dropped: " + g.constants().keySet());
    }

    @Test
    void constantNodesAndConstantSubgraphsAreFolded() throws Exception {
        Graph g = load(new OnnxModelBuilder(13)
                .input("x", FLOAT, 1, 2)
                .node("c", "Constant", List.of(), List.of("k"), tensorAttr("value", OnnxModelBuilder.floatTensor("", new int[] {2}, 1, 2)))
                .node("c2", "Constant", List.of(), List.of("two"), floatAttr("value_float", 2f))
                .node("scale", "Mul", List.of("k", "two"), List.of("k2")) // constant × constant: folded
                .node("add", "Add", List.of("x", "k2"), List.of("y"))
                .output("y"));
        assertEquals(List.of("Add"), ops(g));
        assertArrayEquals(new float[] {2, 4}, g.constants().get("k2").data());
        assertArrayEquals(new float[] {3, 5}, run(g, "x", new Tensor(new int[] {1, 2}, new float[] {1, 1})));
    }

    @Test
    void inferenceNoOpsAreRemovedButOutputsKeepTheirNames() throws Exception {
        Graph g = load(new OnnxModelBuilder(13)
                .input("x", FLOAT, 1, 3)
                .node("drop", "Dropout", List.of("x"), List.of("d", "mask"))
                .node("id", "Identity", List.of("d"), List.of("i"))
                .node("cast", "Cast", List.of("i"), List.of("c"), intAttr("to", DataType.DOUBLE.code()))
                .node("relu", "Relu", List.of("c"), List.of("r"))
                .node("out", "Identity", List.of("r"), List.of("y"))
                .output("y")
                .output("mask"));
        assertEquals(List.of("Relu", "Identity"), ops(g));
        assertEquals(List.of("x"), g.nodes().get(0).inputs());
        assertArrayEquals(new float[] {1, 1, 1}, g.constants().get("mask").data());
        Map<String, Tensor> out = new FloatExecutor(g).runOutputs(Map.of("x", new Tensor(new int[] {1, 3}, new float[] {-1, 0, 2})));
        assertArrayEquals(new float[] {0, 0, 2}, out.get("y").data());
        assertArrayEquals(new float[] {1, 1, 1}, out.get("mask").data());
    }

    @Test
    void squeezeAndUnsqueezeOfRuntimeDataBecomeReshape() throws Exception {
        Graph g = load(new OnnxModelBuilder(11)
                .input("x", FLOAT, 1, 3)
                .node("u", "Unsqueeze", List.of("x"), List.of("u1"), intsAttr("axes", 2, 0))
                .node("s", "Squeeze", List.of("u1"), List.of("y"), intsAttr("axes", 0))
                .output("y"));
        assertEquals(List.of("Reshape", "Reshape"), ops(g));
        assertArrayEquals(new int[] {1, 1, 1, 3}, g.shape("u1")); // new axes 0 and 2 around [1, 3]
        assertArrayEquals(new int[] {1, 1, 3}, g.shape("y"));
    }

    /**
     * Reductions' axes, wherever the opset keeps them, become one sorted non-negative attribute;
     * no axes reduce everything, or nothing with noop_with_empty_axes; runtime axes are refused.
     */
    @Test
    void reductionAxesAreNormalisedAcrossOpsets() throws Exception {
        Graph attr = load(new OnnxModelBuilder(11).input("x", FLOAT, 1, 3, 4)
                .node("r", "ReduceMean", List.of("x"), List.of("y"), intsAttr("axes", -1, 1)).output("y"));
        assertArrayEquals(new long[] {1, 2}, attr.nodes().get(0).intsAttr("axes", null));
        assertArrayEquals(new int[] {1, 1, 1}, attr.shape("y"));
        Graph input = load(new OnnxModelBuilder(13).input("x", FLOAT, 1, 3, 4).int64Initializer("a", 2)
                .node("r", "ReduceSum", List.of("x", "a"), List.of("y"), intAttr("keepdims", 0)).output("y"));
        assertArrayEquals(new long[] {2}, input.nodes().get(0).intsAttr("axes", null));
        assertArrayEquals(new int[] {1, 3}, input.shape("y"));
        Graph all = load(new OnnxModelBuilder(18).input("x", FLOAT, 1, 3, 4)
                .node("r", "ReduceMax", List.of("x"), List.of("y")).output("y"));
        assertArrayEquals(new long[] {0, 1, 2}, all.nodes().get(0).intsAttr("axes", null));
        Graph none = load(new OnnxModelBuilder(18).input("x", FLOAT, 1, 3, 4)
                .node("r", "ReduceMax", List.of("x"), List.of("m"), intAttr("noop_with_empty_axes", 1))
                .node("e", "Exp", List.of("m"), List.of("y")).output("y"));
        assertEquals(List.of("Exp"), ops(none));
        assertEquals("m.onnx: node 'r' (ReduceSum) takes its axes from runtime data ('a'); zkml4j needs them constant",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2).input("a", FLOAT, 1)
                        .node("r", "ReduceSum", List.of("x", "a"), List.of("y")).output("y")));
    }

    /**
     * Division of integer constants truncates as ONNX does (x · (x.shape[1] // 4), as PyTorch
     * exports it: 6 // 4 = 1), of float constants it does not; an opset 6 Pow aligns its exponent
     * at its axis (found by review: both were wrong silently).
     */
    @Test
    void integerConstantsDivideTruncatingAndLegacyPowBroadcastsAtItsAxis() throws Exception {
        Graph g = load(new OnnxModelBuilder(13).input("x", FLOAT, 1, 6)
                .initializer(new ProtoWriter().varint(2, INT64).packedVarints(7, 1).string(8, "index"))
                .initializer(new ProtoWriter().varint(2, INT64).packedVarints(7, 4).string(8, "four"))
                .initializer("fourf", new int[0], 4f)
                .node("shape", "Shape", List.of("x"), List.of("s"))
                .node("g", "Gather", List.of("s", "index"), List.of("d"), intAttr("axis", 0))
                .node("div", "Div", List.of("d", "four"), List.of("q"))
                .node("cast", "Cast", List.of("q"), List.of("qf"), intAttr("to", FLOAT))
                .node("fdiv", "Div", List.of("qf", "fourf"), List.of("r"))
                .node("mul", "Mul", List.of("x", "r"), List.of("y")).output("y"));
        float[] out = new FloatExecutor(g).runOutputs(Map.of("x", new Tensor(new int[] {1, 6}, new float[] {1, 1, 1, 1, 1, 1})))
                .get("y").data();
        assertEquals(0.25f, out[0], "6 // 4 = 1 (integers), then 1 / 4.0 = 0.25 (floats)");
        Graph pow = load(new OnnxModelBuilder(6).input("x", FLOAT, 1, 2, 2).initializer("e", new int[] {2}, 1f, 2f)
                .node("p", "Pow", List.of("x", "e"), List.of("y"), intAttr("broadcast", 1), intAttr("axis", 1)).output("y"));
        float[] y = new FloatExecutor(pow).runOutputs(Map.of("x", new Tensor(new int[] {1, 2, 2},
                new float[] {3, 3, 3, 3}))).get("y").data();
        assertArrayEquals(new float[] {3, 3, 9, 9}, y);
    }

    @Test
    void structuralOperatorsOverRuntimeDataAreRefused() {
        assertEquals("m.onnx: node 'emb' (Gather) looks up rows at 'i', which is not an integer input of the model; zkml4j looks up "
                        + "rows at token ids the model takes as input",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("i", FLOAT, 1, 2).initializer("table", new int[] {4, 2},
                        1, 2, 3, 4, 5, 6, 7, 8).node("emb", "Gather", List.of("table", "i"), List.of("y")).output("y")));
        assertEquals("m.onnx: node 'cast' (Cast) converts runtime data to INT64; zkml4j computes on floats and folds such casts "
                        + "only when their input is a constant",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                        .node("cast", "Cast", List.of("x"), List.of("y"), intAttr("to", INT64)).output("y")));
        assertEquals("m.onnx: node 'r' (Reshape) takes its target shape from runtime data ('s'); zkml4j needs it to be a constant",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 2).input("s", FLOAT, 2)
                        .node("r", "Reshape", List.of("x", "s"), List.of("y")).output("y")));
    }

    @Test
    void boundInputsBecomeConstants() throws Exception {
        byte[] model = new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).input("shape", INT64, 2)
                .node("r", "Reshape", List.of("x", "shape"), List.of("y")).output("y").build();
        Graph g = OnnxImporter.load(model, "m.onnx", Map.of("shape", new Tensor(new int[] {2}, new float[] {3, -1})));
        assertEquals(List.of("x"), g.inputs().stream().map(Graph.ValueInfo::name).toList());
        assertArrayEquals(new int[] {3, 2}, g.shape("y"));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.load(model, "m.onnx", Map.of("nope", Tensor.scalar(1))));
    }

    @Test
    void deadNodesAreDropped() throws Exception {
        Graph g = load(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2)
                .node("used", "Relu", List.of("x"), List.of("y"))
                .node("unused", "Sigmoid", List.of("x"), List.of("z"))
                .output("y"));
        assertEquals(List.of("used"), g.nodes().stream().map(Node::name).toList());
    }

    // ---- opset normalisation and explicit attributes ----

    @Test
    void autoPadIsResolvedIntoExplicitPads() throws Exception {
        Graph g = load(new OnnxModelBuilder(11).input("x", FLOAT, 1, 1, 5, 5)
                .initializer("w", new int[] {1, 1, 2, 2}, 1, 1, 1, 1)
                .node("conv", "Conv", List.of("x", "w"), List.of("y"), stringAttr("auto_pad", "SAME_LOWER"), intsAttr("strides", 2, 2))
                .output("y"));
        Node conv = g.nodes().get(0);
        // Output ceil(5/2)=3 needs (3-1)*2+2-5 = 1 pixel of padding per axis, at the beginning for SAME_LOWER.
        assertArrayEquals(new long[] {1, 1, 0, 0}, conv.intsAttr("pads", null));
        assertArrayEquals(new long[] {2, 2}, conv.intsAttr("kernel_shape", null));
        assertEquals(null, conv.attribute("auto_pad"));
        assertArrayEquals(new int[] {1, 1, 3, 3}, g.shape("y"));
    }

    @Test
    void oneDimensionalConvolutionIsLiftedTo2d() throws Exception {
        Graph g = load(new OnnxModelBuilder(11).input("x", FLOAT, 1, 1, 5)
                .initializer("w", new int[] {1, 1, 2}, 1, -1)
                .node("conv", "Conv", List.of("x", "w"), List.of("y"), intsAttr("pads", 1, 0))
                .output("y"));
        assertEquals(List.of("Reshape", "Conv", "Reshape"), ops(g));
        assertArrayEquals(new int[] {1, 1, 5}, g.shape("y"));
        // y[i] = x[i-1] - x[i] with x[-1] = 0.
        assertArrayEquals(new float[] {-1, -1, -2, -3, -4},
                run(g, "x", new Tensor(new int[] {1, 1, 5}, new float[] {1, 2, 4, 7, 11})));
    }

    @Test
    void legacySoftmaxNormalisesOverAllTrailingDimensions() throws Exception {
        Graph g = load(new OnnxModelBuilder(11).input("x", FLOAT, 1, 2, 2)
                .node("sm", "Softmax", List.of("x"), List.of("y")) // axis 1 (the old default): over 2×2 values together
                .output("y"));
        float[] y = run(g, "x", new Tensor(new int[] {1, 2, 2}, new float[] {0, 0, 0, (float) Math.log(5)}));
        assertArrayEquals(new float[] {1 / 8f, 1 / 8f, 1 / 8f, 5 / 8f}, y, 1e-6f);
        Graph modern = load(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 2)
                .node("sm", "Softmax", List.of("x"), List.of("y"), intAttr("axis", 1)) // over dimension 1 only
                .output("y"));
        float[] z = run(modern, "x", new Tensor(new int[] {1, 2, 2}, new float[] {0, 0, 0, (float) Math.log(5)}));
        assertArrayEquals(new float[] {0.5f, 1 / 6f, 0.5f, 5 / 6f}, z, 1e-6f);
    }

    @Test
    void legacyClipBoundsAndBroadcastAreRewritten() throws Exception {
        Graph clip = load(new OnnxModelBuilder(6).input("x", FLOAT, 1, 3)
                .node("c", "Clip", List.of("x"), List.of("y"), floatAttr("min", -1), floatAttr("max", 1))
                .output("y"));
        assertEquals(3, clip.nodes().get(0).inputs().size());
        assertArrayEquals(new float[] {-1, 0.5f, 1}, run(clip, "x", new Tensor(new int[] {1, 3}, new float[] {-3, 0.5f, 3})));

        Graph add = load(new OnnxModelBuilder(6).input("x", FLOAT, 1, 2, 3)
                .initializer("b", new int[] {2}, 10, 20)
                .node("a", "Add", List.of("x", "b"), List.of("y"), intAttr("broadcast", 1), intAttr("axis", 1))
                .output("y"));
        assertArrayEquals(new float[] {10, 10, 10, 20, 20, 20}, run(add, "x", Tensor.zeros(1, 2, 3)));
        assertEquals(List.of("Add"), ops(add), "the constant B is reshaped at import");
    }

    @Test
    void refusedFeaturesSayWhatToDo() {
        assertEquals("m.onnx: node 'p' (MaxPool) sets ceil_mode=1 (output size rounded up), which zkml4j does not support; "
                        + "export with ceil_mode=False",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4)
                        .node("p", "MaxPool", List.of("x"), List.of("y"), intsAttr("kernel_shape", 2, 2), intAttr("ceil_mode", 1))
                        .output("y")));
        assertEquals("m.onnx: node 'p' (MaxPool) sets storage_order=1, which zkml4j does not support",
                error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4)
                        .node("p", "MaxPool", List.of("x"), List.of("y"), intsAttr("kernel_shape", 2, 2), intAttr("storage_order", 1))
                        .output("y")));
        assertEquals("m.onnx: node 'bn' (BatchNormalization) is in training mode (it computes batch statistics); zkml4j imports "
                        + "models for inference: export the model in eval mode",
                error(UnsupportedModelException.class, new OnnxModelBuilder(15).input("x", FLOAT, 1, 2)
                        .initializer("s", new int[] {2}, 1, 1).initializer("b", new int[] {2}, 0, 0)
                        .initializer("m", new int[] {2}, 0, 0).initializer("v", new int[] {2}, 1, 1)
                        .node("bn", "BatchNormalization", List.of("x", "s", "b", "m", "v"), List.of("y"), intAttr("training_mode", 1))
                        .output("y")));
        assertTrue(error(UnsupportedModelException.class, new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 2, 2, 2)
                .initializer("w", new int[] {1, 1, 1, 1, 1}, 1)
                .node("c3", "Conv", List.of("x", "w"), List.of("y")).output("y"))
                .contains("supports 1-D and 2-D convolution only"));
    }
}
