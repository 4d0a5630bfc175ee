package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.UnsupportedModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per quantisation rule, on small hand-built graphs with seeded random weights. Each
 * compares the dequantised output with the float executor, in units of the output scale s_y, on
 * the calibration samples and on fresh samples from the same distribution.
 *
 * <p>Tolerances: a requantisation rounds by at most ½ unit; an input rounded by ½ of its unit
 * moves an output by ½·Σ|w|·s_x/s_y units, which for the weights here (|w| ≤ 1, a handful of
 * inputs, outputs not much smaller than the inputs) is one or two units; rounding the folded
 * parameters costs well under ½ unit at shift 16. Hence 2 units for one layer, plus up to 2 per
 * further layer the error passes through.
 */
class QuantizerTest {
    private static final float TWO_TO_MINUS_14 = 0x1p-14f;

    /** Max |dequantised − float| over the inputs, in units of the output scale. */
    private static double errorUnits(Graph g, Quantization q, List<float[]> inputs) {
        QuantizedModel m = q.model();
        FloatExecutor exec = new FloatExecutor(g);
        double worst = 0;
        for (float[] x : inputs) {
            Map<String, Tensor> values = exec.run(Calibration.split(g, x));
            double[] actual = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
            assertEquals(m.outputSpec().size(), actual.length);
            for (QuantizedModel.Port port : m.outputPorts()) {
                float[] expected = values.get(m.outputPorts().size() == 1 ? m.output() : port.name()).data();
                assertEquals(m.spec(port).size(), expected.length);
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(actual[port.offset() + i] - expected[i]) / m.spec(port).scale());
                }
            }
        }
        return worst;
    }

    /** Quantises on 16 samples and checks 16 fresh ones as well; returns the result. */
    private static Quantization quantizeAndCheck(GraphBuilder b, Graph g, double units) throws UnsupportedModelException {
        List<float[]> calibration = b.samples(g, 16, -1, 1);
        Quantization q = Quantizer.quantize(g, calibration, QuantizerOptions.DEFAULTS);
        List<float[]> all = new ArrayList<>(calibration);
        all.addAll(b.samples(g, 16, -1, 1));
        double e = errorUnits(g, q, all);
        assertTrue(e <= units, "error " + e + " output units exceeds " + units + "\n" + q.report());
        return q;
    }

    private static List<String> kinds(QuantizedModel m) {
        return m.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    private static Requant requant(QLayer layer) {
        return switch (layer) {
            case QLayer.Dense d -> d.requant();
            case QLayer.Conv c -> c.requant();
            case QLayer.AvgPool p -> p.requant();
            case QLayer.Add a -> a.requant();
            case QLayer.Mul m -> m.requant();
            case QLayer.Affine a -> a.requant();
            case QLayer.Activate a -> a.requant();
            default -> null;
        };
    }

    @Test
    void gemmWithReluFusesIntoOneDenseLayer() throws Exception {
        GraphBuilder b = new GraphBuilder(1).input("x", 1, 6).random("w", -1, 1, 4, 6).random("c", -0.5f, 0.5f, 4);
        Graph g = b.node("fc", "Gemm", List.of("x", "w", "c"), "h", "transB", 1L)
                .node("act", "Relu", List.of("h"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        assertEquals(List.of("Dense"), kinds(q.model()));
        QLayer.Dense d = (QLayer.Dense) q.model().layers().get(0);
        assertEquals("fc+act", d.name());
        assertEquals(new Requant(16, Activation.RELU), d.requant());
        assertArrayEquals(new int[] {4}, q.model().outputSpec().shape()); // batch axis removed
        assertArrayEquals(new int[] {6}, q.model().inputSpec().shape());
        assertEquals(Postprocess.NONE, q.postprocess());
    }

    @Test
    void matMulWithABiasAddFoldsIntoDenseUnlessTheProductHasAnotherReader() throws Exception {
        GraphBuilder b = new GraphBuilder(2).input("x", 1, 5).random("w", -1, 1, 5, 3).random("bias", -1, 1, 3);
        Graph g = b.node("mm", "MatMul", List.of("x", "w"), "h").node("add", "Add", List.of("h", "bias"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        assertEquals(List.of("Dense"), kinds(q.model()));
        assertEquals("mm+add", q.model().layers().get(0).name());
        assertTrue(java.util.Arrays.stream(((QLayer.Dense) q.model().layers().get(0)).bias()).anyMatch(v -> v != 0));

        b = new GraphBuilder(2).input("x", 1, 5).random("w", -1, 1, 5, 3).random("bias", -1, 1, 3);
        g = b.node("mm", "MatMul", List.of("x", "w"), "h").node("add", "Add", List.of("h", "bias"), "a")
                .node("mul", "Mul", List.of("a", "h"), "y").build("y");
        q = quantizeAndCheck(b, g, 4);
        assertEquals(List.of("Dense", "Affine", "Mul"), kinds(q.model()));
    }

    @Test
    void convFollowedByBatchNormAndReluBecomesOneConvLayer() throws Exception {
        GraphBuilder b = new GraphBuilder(3).input("x", 1, 2, 5, 5).random("w", -0.5f, 0.5f, 3, 2, 3, 3)
                .random("cb", -0.2f, 0.2f, 3).random("gamma", 0.5f, 1.5f, 3).random("beta", -0.5f, 0.5f, 3)
                .random("mean", -0.2f, 0.2f, 3).random("var", 0.5f, 2f, 3);
        Graph g = b.node("conv", "Conv", List.of("x", "w", "cb"), "c", "kernel_shape", new long[] {3, 3},
                        "strides", new long[] {1, 1}, "pads", new long[] {1, 1, 1, 1}, "dilations", new long[] {1, 1}, "group", 1L)
                .node("bn", "BatchNormalization", List.of("c", "gamma", "beta", "mean", "var"), "n", "epsilon", 1e-5f)
                .node("relu", "Relu", List.of("n"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 3);
        assertEquals(List.of("Conv"), kinds(q.model()));
        QLayer.Conv conv = (QLayer.Conv) q.model().layers().get(0);
        assertEquals("conv+bn+relu", conv.name());
        assertEquals(Activation.RELU, conv.requant().activation());
        assertEquals(new QLayer.ConvGeometry(2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1), conv.geometry());
        assertArrayEquals(new int[] {3, 5, 5}, q.model().outputSpec().shape());
    }

    @Test
    void standaloneBatchNormBecomesAnAffineLayerPerChannel() throws Exception {
        GraphBuilder b = new GraphBuilder(4).input("x", 1, 3, 4, 4).random("gamma", 0.5f, 1.5f, 3)
                .random("beta", -0.5f, 0.5f, 3).random("mean", -0.2f, 0.2f, 3).random("var", 0.5f, 2f, 3);
        Graph g = b.node("bn", "BatchNormalization", List.of("x", "gamma", "beta", "mean", "var"), "y", "epsilon", 1e-5f)
                .build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QLayer.Affine a = assertInstanceOf(QLayer.Affine.class, q.model().layers().get(0));
        assertEquals(3, a.channels());
        assertEquals(16, a.inner());
    }

    @Test
    void addSubAndMulOfRuntimeTensorsBecomeAddAndMulLayersBroadcastingFirst() throws Exception {
        GraphBuilder b = new GraphBuilder(5).input("x", 1, 4).random("wa", -1, 1, 4, 4).random("wb", -1, 1, 4, 4);
        Graph g = b.node("fa", "Gemm", List.of("x", "wa"), "a").node("fb", "Gemm", List.of("x", "wb"), "bb")
                .node("add", "Add", List.of("a", "bb"), "s").node("sub", "Sub", List.of("s", "a"), "d")
                .node("mul", "Mul", List.of("d", "bb"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 6);
        assertEquals(List.of("Dense", "Dense", "Add", "Add", "Mul"), kinds(q.model()));
        QLayer.Add add = (QLayer.Add) q.model().layers().get(2);
        QLayer.Add sub = (QLayer.Add) q.model().layers().get(3);
        assertTrue(add.multA() > 0 && add.multB() > 0);
        assertTrue(sub.multA() > 0 && sub.multB() < 0);

        // x − x·w over [3, 4] and [3, 1]: the column is repeated across the row first (a Broadcast layer, exact).
        GraphBuilder broadcasting = new GraphBuilder(5).input("x", 3, 4).random("w", -1, 1, 4, 1);
        Graph centred = broadcasting.node("mm", "MatMul", List.of("x", "w"), "col").node("sub", "Sub", List.of("x", "col"), "y")
                .build("y");
        Quantization bq = quantizeAndCheck(broadcasting, centred, 3);
        assertTrue(kinds(bq.model()).contains("Broadcast"), kinds(bq.model()).toString());
        QLayer.Broadcast bc = bq.model().layers().stream().filter(l -> l instanceof QLayer.Broadcast).map(l -> (QLayer.Broadcast) l)
                .findFirst().orElseThrow();
        assertArrayEquals(new int[] {3, 1}, bq.model().tensor(bc.input()).shape());
        assertArrayEquals(new int[] {3, 4}, bq.model().tensor(bc.output()).shape());
        assertEquals(bq.model().tensor(bc.input()).scale(), bq.model().tensor(bc.output()).scale());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, QLayer.Broadcast.sourceIndex(new int[] {3, 1}, new int[] {3, 4}));
        assertArrayEquals(new int[] {0, 1, 0, 1}, QLayer.Broadcast.sourceIndex(new int[] {2}, new int[] {2, 2}));
        assertEquals(null, QLayer.Broadcast.sourceIndex(new int[] {3}, new int[] {3, 4}));
    }

    @Test
    void constantStepsCombineIntoOneAffineLayerWithTheFewestChannels() throws Exception {
        // y = c3 − (x·c1 + c2): per-channel scale and shift over [2, 3].
        GraphBuilder b = new GraphBuilder(6).input("x", 1, 2, 3).random("c1", 0.5f, 2, 2, 1)
                .constant("c2", Tensor.scalar(0.25f)).random("c3", -1, 1, 2, 1);
        Graph g = b.node("mul", "Mul", List.of("x", "c1"), "m").node("add", "Add", List.of("m", "c2"), "a")
                .node("sub", "Sub", List.of("c3", "a"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QLayer.Affine affine = (QLayer.Affine) q.model().layers().get(0);
        assertEquals("mul+add+sub", affine.name());
        assertEquals(2, affine.channels());
        assertEquals(3, affine.inner());
        assertTrue(affine.scale()[0] < 0 && affine.scale()[1] < 0);

        // A scalar: one channel. A constant varying along the last axis: one channel per element.
        b = new GraphBuilder(6).input("x", 1, 2, 3).constant("k", Tensor.scalar(-3f)).random("e", -1, 1, 3);
        g = b.node("mul", "Mul", List.of("k", "x"), "m").node("relu", "Relu", List.of("m"), "r")
                .node("add", "Add", List.of("r", "e"), "y").build("y");
        q = quantizeAndCheck(b, g, 3);
        assertEquals(List.of("Affine", "Affine"), kinds(q.model()));
        QLayer.Affine scalar = (QLayer.Affine) q.model().layers().get(0);
        QLayer.Affine perElement = (QLayer.Affine) q.model().layers().get(1);
        assertEquals("mul+relu", scalar.name());
        assertEquals(Activation.RELU, scalar.requant().activation());
        assertEquals(1, scalar.channels());
        assertEquals(6, perElement.channels());
        assertEquals(1, perElement.inner());
    }

    @Test
    void sigmoidAndTanhOutputsHaveScaleTwoToMinus14() throws Exception {
        GraphBuilder b = new GraphBuilder(7).input("x", 1, 4).random("w1", -2, 2, 4, 4).random("w2", -2, 2, 4, 4);
        Graph g = b.node("f1", "Gemm", List.of("x", "w1"), "h1").node("sig", "Sigmoid", List.of("h1"), "s")
                .node("f2", "Gemm", List.of("x", "w2"), "h2").node("flat", "Flatten", List.of("h2"), "h3", "axis", 1L)
                .node("tanh", "Tanh", List.of("h3"), "t").node("mul", "Mul", List.of("s", "t"), "y").build("y");
        // tanh's input reaches about 5 while the output stays below 1, so the input's rounding (slope up
        // to 1) alone can move the output by about 3 of its units.
        Quantization q = quantizeAndCheck(b, g, 4);
        QuantizedModel m = q.model();
        assertEquals(List.of("Dense", "Dense", "Reshape", "Activate", "Mul"), kinds(m));
        QLayer.Dense fused = (QLayer.Dense) m.layers().get(0);
        assertEquals(Activation.Kind.SIGMOID, fused.requant().activation().kind());
        assertFalse(m.tensors().containsKey("h1")); // folded away: only s exists
        assertEquals(TWO_TO_MINUS_14, m.tensor("s").scale());
        assertEquals(TWO_TO_MINUS_14, m.tensor("t").scale());
        QLayer.Activate tanh = (QLayer.Activate) m.layers().get(3);
        assertEquals(Activation.tanh(m.tensor("h3").scale(), 14), tanh.requant().activation());
        assertEquals(0, tanh.requant().shift());
    }

    /**
     * A transformer's feed-forward block: Gemm, Gelu fused into it, Gemm, then Exp on its own.
     * Each function's output scale comes from calibration (Exp's outputs reach e^2, far above its
     * inputs), and the quantised model follows the float one.
     */
    @Test
    void functionsFuseIntoTheirLayerWithCalibratedOutputScales() throws Exception {
        GraphBuilder b = new GraphBuilder(9).input("x", 1, 6).random("w1", -1, 1, 6, 8).random("w2", -0.5f, 0.5f, 8, 4);
        Graph g = b.node("f1", "Gemm", List.of("x", "w1"), "h").node("gelu", "Gelu", List.of("h"), "a")
                .node("f2", "Gemm", List.of("a", "w2"), "z").node("ex", "Exp", List.of("z"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 3);
        QuantizedModel m = q.model();
        assertEquals(List.of("Dense", "Dense"), kinds(m));
        Activation gelu = ((QLayer.Dense) m.layers().get(0)).requant().activation();
        Activation exp = ((QLayer.Dense) m.layers().get(1)).requant().activation();
        assertEquals(io.zkml4j.model.exec.UnaryFunction.GELU, gelu.function());
        assertEquals(io.zkml4j.model.exec.UnaryFunction.EXP, exp.function());
        assertEquals(exp.outputScale(), m.tensor("y").scale());
        assertTrue(m.tensor("y").scale() > 1.0 / (1 << 15), "exp's output scale covers values above 1");
    }

    /**
     * The decomposed layer normalisation's arithmetic: a division by a constant folds into the
     * layer before it, a square is a table (Pow with a constant exponent), and a constant divided
     * by a computed value is a Reciprocal times the constant (so is a computed value divided by
     * one); a computed exponent is refused, naming the node.
     */
    @Test
    void divisionByConstantsAndConstantPowersAreQuantised() throws Exception {
        float[] w = new float[24];
        java.util.SplittableRandom r = new java.util.SplittableRandom(10);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("w", new int[] {6, 4}, w)
                .initializer("eight", new int[0], 8f).initializer("two", new int[0], 2f).initializer("one", new int[0], 1f)
                .node("f", "Gemm", List.of("x", "w"), List.of("h")).node("d", "Div", List.of("h", "eight"), List.of("s"))
                .node("sq", "Pow", List.of("s", "two"), List.of("p")).node("e", "Add", List.of("p", "one"), List.of("q"))
                .node("r", "Div", List.of("one", "q"), List.of("y")).output("y").build();
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "ln.onnx");
        Quantization q = quantizeAndCheck(new GraphBuilder(10), g, 3);
        QuantizedModel m = q.model();
        assertEquals("Dense", kinds(m).get(0)); // the division by 8 folded into its weights
        Activation square = requant(m.layers().get(0)).activation();
        assertEquals(io.zkml4j.model.exec.UnaryFunction.POW, square.function());
        assertEquals(2.0, square.alpha());
        assertTrue(m.layers().stream().map(QuantizerTest::requant).anyMatch(rq -> rq != null
                && rq.activation().function() == io.zkml4j.model.exec.UnaryFunction.RECIPROCAL), kinds(m).toString());

        byte[] byComputed = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("w", new int[] {6, 6}, java.util.Arrays.copyOf(w, 36))
                .node("f", "Gemm", List.of("x", "w"), List.of("h")).node("d", "Div", List.of("x", "h"), List.of("y")).output("y").build();
        Graph dg = io.zkml4j.model.onnx.OnnxImporter.load(byComputed, "div.onnx");
        assertEquals(List.of("Gemm", "Reciprocal", "Mul"), dg.nodes().stream().map(io.zkml4j.model.ir.Node::opType).toList());
        byte[] computedPower = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("w", new int[] {6, 6}, java.util.Arrays.copyOf(w, 36))
                .node("f", "Gemm", List.of("x", "w"), List.of("h")).node("p", "Pow", List.of("x", "h"), List.of("y")).output("y").build();
        Graph pg = io.zkml4j.model.onnx.OnnxImporter.load(computedPower, "pow.onnx");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Quantizer.quantize(pg, new GraphBuilder(12).samples(pg, 2, -1, 1)));
        assertTrue(e.getMessage().contains("raises to the power 'h', which is not a constant scalar"), e.getMessage());
    }

    /**
     * Reductions become pools over [kept, 1, reduced]: a mean over the last axis keeps the input's
     * scale, a sum over a middle axis is transposed there first and gets a calibrated scale (its
     * values grow with the count), a max is a max pool; all follow the float model.
     */
    @Test
    void reductionsArePoolsOverTheReducedAxes() throws Exception {
        GraphBuilder b = new GraphBuilder(13).input("x", 1, 4, 8).random("w", -1, 1, 8, 8);
        Graph g = b.node("f", "MatMul", List.of("x", "w"), "h").node("mean", "ReduceMean", List.of("h"), "m", "axes", new long[] {2}, "keepdims", 1L)
                .node("sum", "ReduceSum", List.of("h"), "s", "axes", new long[] {1}, "keepdims", 0L)
                .node("max", "ReduceMax", List.of("s"), "t", "axes", new long[] {1}, "keepdims", 1L)
                .node("flat", "Flatten", List.of("m"), "mf", "axis", 1L).node("cat", "Concat", List.of("mf", "t"), "y", "axis", 1L).build("y");
        Quantization q = quantizeAndCheck(b, g, 3);
        QuantizedModel m = q.model();
        List<String> kinds = kinds(m);
        assertTrue(kinds.containsAll(List.of("AvgPool", "Transpose", "MaxPool")), kinds.toString());
        assertEquals(m.tensor("h").scale(), m.tensor("m").scale()); // a mean stays in its input's range
        assertNotEquals(m.tensor("h").scale(), m.tensor("s").scale());
        assertArrayEquals(new int[] {8}, m.tensor("s").shape());
    }

    /**
     * An attention-shaped Softmax inside the model (over the last axis of [4, 6] scores) is
     * imported as the steps that are proved — Exp(x − max), its sum, a Reciprocal, a product
     * with the row broadcast — and the quantised probabilities follow the float ones.
     */
    @Test
    void aSoftmaxInsideTheModelIsExpandedIntoProvedSteps() throws Exception {
        float[] w = new float[8 * 6];
        java.util.SplittableRandom r = new java.util.SplittableRandom(14);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        float[] v = java.util.Arrays.copyOf(w, 6 * 3);
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 4, 8).initializer("w", new int[] {8, 6}, w)
                .initializer("v", new int[] {6, 3}, v)
                .node("scores", "MatMul", List.of("x", "w"), List.of("s")).node("attn", "Softmax", List.of("s"), List.of("a"))
                .node("out", "MatMul", List.of("a", "v"), List.of("y")).output("y").build();
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "attention.onnx");
        assertEquals(List.of("MatMul", "ReduceMax", "Sub", "Exp", "ReduceSum", "Reciprocal", "Mul", "MatMul"),
                g.nodes().stream().map(io.zkml4j.model.ir.Node::opType).toList());
        Quantization q = quantizeAndCheck(new GraphBuilder(15), g, 3);
        assertTrue(kinds(q.model()).contains("Broadcast"), kinds(q.model()).toString());
    }

    /**
     * Multi-head attention as nanoGPT exports it ([heads, rows, inner] products): one product per
     * head, joined. Eight requantised steps from input to output (measured 3.8 output units).
     */
    @Test
    void multiHeadProductsAreOneProductPerHead() throws Exception {
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(AttentionModels.multiHead(26), "multi-head.onnx");
        Quantization q = quantizeAndCheck(new GraphBuilder(27), g, 5);
        assertEquals(4, kinds(q.model()).stream().filter("MatMul"::equals).count(), kinds(q.model()).toString()); // 2 products × 2 heads
    }

    /**
     * LayerNormalization (opset 17) over the last axis, with scale and bias: imported as its steps
     * and quantised. Its error is larger than a single layer's: the variance is a 16-bit tensor
     * whose scale covers the largest row's, so a small row's variance, and its inverse square root,
     * keep fewer significant bits (measured 9 output units here, about 0.1% of the output range).
     */
    @Test
    void layerNormalizationIsQuantisedAsItsSteps() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(18);
        float[] w = new float[8 * 8];
        float[] gamma = new float[8];
        float[] beta = new float[8];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < 8; i++) {
            gamma[i] = (float) r.nextDouble(0.5, 1.5);
            beta[i] = (float) r.nextDouble(-0.5, 0.5);
        }
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(17).input("x", f, 1, 4, 8).initializer("w", new int[] {8, 8}, w)
                .initializer("gamma", new int[] {8}, gamma).initializer("beta", new int[] {8}, beta)
                .node("fc", "MatMul", List.of("x", "w"), List.of("h"))
                .node("ln", "LayerNormalization", List.of("h", "gamma", "beta"), List.of("y"),
                        io.zkml4j.model.onnx.OnnxModelBuilder.floatAttr("epsilon", 1e-5f))
                .output("y").build();
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "layernorm.onnx");
        assertTrue(g.nodes().stream().map(io.zkml4j.model.ir.Node::opType).toList().containsAll(List.of("ReduceMean", "Sub", "Pow")),
                g.nodes().toString());
        quantizeAndCheck(new GraphBuilder(19), g, 12);
    }

    /**
     * Where with a constant mask (folded from Equal on constants): a computed branch times the mask
     * plus the other branch masked; a computed condition is refused, naming the node.
     */
    @Test
    void whereWithAConstantMaskIsQuantisedAndAComputedConditionRefused() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(24);
        float[] w = new float[6 * 6];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("w", new int[] {6, 6}, w)
                .initializer("pattern", new int[] {6}, 1, 0, 1, 1, 0, 1).initializer("one", new int[0], 1f)
                .initializer("fill", new int[0], -0.5f)
                .node("mask", "Equal", List.of("pattern", "one"), List.of("m"))
                .node("fc", "MatMul", List.of("x", "w"), List.of("h"))
                .node("keep", "Where", List.of("m", "h", "fill"), List.of("k"))
                .node("both", "Where", List.of("m", "k", "x"), List.of("y")).output("y").build();
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "where.onnx");
        quantizeAndCheck(new GraphBuilder(25), g, 3);
        byte[] computed = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("zero", new int[0], 0f)
                .node("positive", "Greater", List.of("x", "zero"), List.of("c"))
                .node("pick", "Where", List.of("c", "x", "zero"), List.of("y")).output("y").build();
        io.zkml4j.model.onnx.ModelImportException e = assertThrows(io.zkml4j.model.onnx.ModelImportException.class,
                () -> io.zkml4j.model.onnx.OnnxImporter.load(computed, "relu-by-where.onnx"));
        assertTrue(e.getMessage().contains("(Greater) reads runtime data ('x')"), e.getMessage());
    }

    /**
     * Self-attention over 4 positions: Q = x·Wq, K = x·Wk, V = x·Wv, softmax(Q·Kᵀ / √8)·V, where
     * Q·Kᵀ and the product with V multiply two computed matrices.
     */
    @Test
    void selfAttentionMultipliesComputedMatrices() throws Exception {
        byte[] onnx = AttentionModels.selfAttention(16);
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "self-attention.onnx");
        Quantization q = quantizeAndCheck(new GraphBuilder(17), g, 3);
        assertEquals(2, kinds(q.model()).stream().filter("MatMul"::equals).count(), kinds(q.model()).toString());
    }

    @Test
    void averagePoolingKeepsTheInputScaleWithMultipliersPerPosition() throws Exception {
        GraphBuilder b = new GraphBuilder(8).input("x", 1, 2, 6, 6);
        Graph g = b.node("avg", "AveragePool", List.of("x"), "p", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                        "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 0L)
                .node("gap", "GlobalAveragePool", List.of("p"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QuantizedModel m = q.model();
        assertEquals(List.of("AvgPool", "AvgPool"), kinds(m));
        QLayer.AvgPool avg = (QLayer.AvgPool) m.layers().get(0);
        assertEquals(m.inputSpec().scale(), m.tensor("p").scale());
        assertEquals(16, avg.requant().shift());
        assertEquals(Math.round(65536 / 4.0), avg.multipliers()[0]); // corner window: 2×2 inside the input
        assertEquals(Math.round(65536 / 6.0), avg.multipliers()[1]); // top edge: 2×3
        assertEquals(Math.round(65536 / 9.0), avg.multipliers()[4]); // inside
        QLayer.AvgPool gap = (QLayer.AvgPool) m.layers().get(1);
        assertEquals(new QLayer.PoolGeometry(2, 3, 3, 3, 3, 1, 1, 0, 0, 0, 0), gap.geometry());

        // 1/36 has fewer than 11 significant bits at shift 16, so the shift grows.
        b = new GraphBuilder(8).input("x", 1, 2, 6, 6);
        g = b.node("gap", "GlobalAveragePool", List.of("x"), "y").build("y");
        q = quantizeAndCheck(b, g, 1);
        QLayer.AvgPool wide = (QLayer.AvgPool) q.model().layers().get(0);
        assertEquals(17, wide.requant().shift());
        assertEquals(Math.round(131072 / 36.0), wide.multipliers()[0]);
    }

    @Test
    void concatRescalesInputsToTheLargestScale() throws Exception {
        GraphBuilder b = new GraphBuilder(9).input("x", 1, 3).random("big", -8, 8, 3, 2).random("small", -0.1f, 0.1f, 3, 2);
        Graph g = b.node("fb", "MatMul", List.of("x", "big"), "a").node("fs", "MatMul", List.of("x", "small"), "s")
                .node("cat", "Concat", List.of("a", "s"), "y", "axis", 1L).build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QuantizedModel m = q.model();
        assertEquals(List.of("Dense", "Dense", "Affine", "Concat"), kinds(m));
        QLayer.Concat cat = (QLayer.Concat) m.layers().get(3);
        assertEquals(0, cat.axis()); // axis 1 of [1, 4] is axis 0 of the sample
        assertEquals(List.of("a", "s#rescaled"), cat.inputs());
        assertEquals(m.tensor("a").scale(), m.outputSpec().scale());
        assertEquals(m.tensor("a").scale(), m.tensor("s#rescaled").scale());
        assertTrue(m.tensor("s").scale() < m.tensor("a").scale() / 10);
    }

    @Test
    void aFinalSoftmaxIsLeftToTheVerifier() throws Exception {
        GraphBuilder b = new GraphBuilder(10).input("x", 1, 4).random("w", -1, 1, 4, 5);
        Graph g = b.node("fc", "MatMul", List.of("x", "w"), "logits").node("sm", "Softmax", List.of("logits"), "probs", "axis", 1L)
                .build("probs");
        List<float[]> samples = b.samples(g, 8, -1, 1);
        Quantization q = Quantizer.quantize(g, samples);
        assertEquals(Postprocess.softmax(0), q.postprocess());
        assertEquals(q.postprocess(), q.report().postprocess());
        assertTrue(q.report().format().contains("after the model, left to the verifier: softmax over axis 0 of the output"),
                q.report().format());
        QuantizedModel m = q.model();
        assertEquals("logits", m.output());
        FloatExecutor exec = new FloatExecutor(g);
        for (float[] x : samples) {
            float[] expected = exec.runOutputs(Map.of("x", new Tensor(new int[] {1, 4}, x))).get("probs").data();
            double[] logits = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value("logits"));
            double[] probs = q.postprocess().apply(logits, m.outputSpec().shape());
            // Softmax moves no probability by more than half the largest change of a logit (2 units here).
            for (int i = 0; i < probs.length; i++) {
                assertEquals(expected[i], probs[i], 0.5 * 2 * m.outputSpec().scale() + 1e-6);
            }
        }
    }

    @Test
    void aSoftmaxInsideTheModelIsRefused() {
        GraphBuilder b = new GraphBuilder(11).input("x", 1, 4);
        Graph g = b.node("sm", "Softmax", List.of("x"), "p", "axis", 1L).node("relu", "Relu", List.of("p"), "y").build("y");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Quantizer.quantize(g, b.samples(g, 1, -1, 1)));
        assertEquals("test: 'sm' (Softmax) is not the model's final node; zkml4j proves no Softmax inside a model and leaves "
                + "only a final one to the verifier", e.getMessage());

        Graph only = new GraphBuilder(11).input("x", 1, 4).node("sm", "Softmax", List.of("x"), "p", "axis", 1L).build("p");
        e = assertThrows(UnsupportedModelException.class, () -> Quantizer.quantize(only, List.of(new float[4])));
        assertTrue(e.getMessage().contains("computes nothing from its input but a final Softmax"), e.getMessage());
    }

    @Test
    void unsupportedOperatorsAreRefusedNamingTheNode() throws Exception {
        Graph argMax = new Graph("test", List.of(new io.zkml4j.model.ir.Node("e", "ArgMax", List.of("x"), List.of("y"), Map.of())),
                List.of(new Graph.ValueInfo("x", new int[] {1, 3})), List.of(new Graph.ValueInfo("y", new int[] {1, 3})),
                Map.of(), Map.of("x", new int[] {1, 3}, "y", new int[] {1, 3}));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Quantizer.quantize(argMax, List.of(new float[3])));
        assertTrue(e.getMessage().startsWith("test: 'e' (ArgMax) uses ArgMax, which zkml4j does not quantise; it quantises Add, "),
                e.getMessage());

        GraphBuilder b = new GraphBuilder(12).input("x", 1, 2, 2, 4, 4);
        Graph heads = b.node("mm", "MatMul", List.of("x", "x"), "y").build("y");
        e = assertThrows(UnsupportedModelException.class, () -> Quantizer.quantize(heads, b.samples(heads, 1, -1, 1)));
        assertEquals("test: 'mm' (MatMul) multiplies computed tensors of shapes [2, 2, 4, 4] and [2, 2, 4, 4]; zkml4j multiplies two "
                + "computed matrices [rows, inner]·[inner, columns], or heads of them [heads, rows, inner]·[heads, inner, columns]",
                e.getMessage());
        GraphBuilder c = new GraphBuilder(13).input("x", 4, 4);
        Graph square = c.node("mm", "MatMul", List.of("x", "x"), "y").build("y");
        assertEquals(List.of("MatMul"), kinds(quantizeAndCheck(c, square, 3).model()));
    }

    /**
     * Several inputs and outputs: the inputs packed one after another (each copied out by a Select
     * layer, on its own scale), the outputs joined one after another (each on its own scale).
     */
    @Test
    void aModelOfSeveralInputsAndOutputsIsQuantisedPortByPort() throws Exception {
        GraphBuilder b = new GraphBuilder(13).input("x", 1, 3).input("z", 1, 2).random("w", -1, 1, 2, 3);
        Graph g = b.node("wz", "MatMul", List.of("z", "w"), "p").node("add", "Add", List.of("x", "p"), "y1")
                .node("s", "Sigmoid", List.of("x"), "y2").build("y1", "y2");
        Quantization q = quantizeAndCheck(b, g, 3);
        QuantizedModel m = q.model();
        assertEquals(List.of(new QuantizedModel.Port("x", "x", 0), new QuantizedModel.Port("z", "z", 3)), m.inputPorts());
        assertEquals(List.of("y1", "y2"), m.outputPorts().stream().map(QuantizedModel.Port::tensor).toList());
        assertEquals(List.of(0, 3), m.outputPorts().stream().map(QuantizedModel.Port::offset).toList());
        assertEquals(List.of("Select", "Select"), kinds(m).subList(0, 2));
        assertEquals("Concat", kinds(m).get(kinds(m).size() - 1));

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize(g, List.of(new float[3])));
        assertEquals("calibration sample 0 has 3 values; the inputs 'x' [1, 3], 'z' [1, 2] hold 5", wrong.getMessage());
        wrong = assertThrows(IllegalArgumentException.class, () -> m.quantizeInput(new float[] {0, 0, 0, 1e9f, 0}));
        assertTrue(wrong.getMessage().startsWith("input 'z' value 0 (1.0E9) is outside the quantisation range"), wrong.getMessage());
    }

    @Test
    void calibrationProblemsNameTheSample() {
        GraphBuilder b = new GraphBuilder(14).input("x", 1, 2);
        Graph g = b.node("r", "Relu", List.of("x"), "y").build("y");
        assertEquals("no calibration samples: at least one input of 2 values (shape [1, 2]) is needed to choose the scales",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize(g, List.of())).getMessage());
        assertEquals("calibration sample 1 has 3 values; the input 'x' of shape [1, 2] holds 2",
                assertThrows(IllegalArgumentException.class,
                        () -> Quantizer.quantize(g, List.of(new float[2], new float[3]))).getMessage());
        assertEquals("calibration sample 2 holds NaN at index 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Quantizer.quantize(g, List.of(new float[2], new float[2], new float[] {0, Float.NaN}))).getMessage());
        GraphBuilder c = new GraphBuilder(14).input("x", 1, 2).constant("k", Tensor.scalar(1e30f));
        Graph overflowing = c.node("m", "Mul", List.of("x", "k"), "y").build("y");
        assertEquals("calibration sample 1 drives 'y' to Infinity in the float model; no scale can represent that",
                assertThrows(IllegalArgumentException.class,
                        () -> Quantizer.quantize(overflowing, List.of(new float[2], new float[] {1e9f, 0}))).getMessage());
    }

    @Test
    void rowsOfAMatrixProductBecomeAPointwiseConvolution() throws Exception {
        // Unbatched: the input [3, 5] is one sample of 3 rows.
        GraphBuilder b = new GraphBuilder(15).input("x", 3, 5).random("w", -1, 1, 5, 4).random("c", -1, 1, 4);
        Graph g = b.node("fc", "Gemm", List.of("x", "w", "c"), "h").node("relu", "Relu", List.of("h"), "y").build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QLayer.Conv conv = (QLayer.Conv) q.model().layers().stream().filter(l -> l instanceof QLayer.Conv).findFirst().orElseThrow();
        assertEquals(new QLayer.ConvGeometry(5, 1, 3, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1), conv.geometry());
        assertEquals(Activation.RELU, conv.requant().activation());
        assertArrayEquals(new int[] {3, 4}, q.model().outputSpec().shape());

        // Batched: per sample [2, 3, 4] times weights [2, 4, 5], one weight matrix per group.
        b = new GraphBuilder(15).input("x", 1, 2, 3, 4).random("w", -1, 1, 2, 4, 5);
        g = b.node("mm", "MatMul", List.of("x", "w"), "y").build("y");
        q = quantizeAndCheck(b, g, 2);
        conv = (QLayer.Conv) q.model().layers().stream().filter(l -> l instanceof QLayer.Conv).findFirst().orElseThrow();
        assertEquals(new QLayer.ConvGeometry(8, 1, 3, 10, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2), conv.geometry());
        assertArrayEquals(new int[] {2, 3, 5}, q.model().outputSpec().shape());
    }

    @Test
    void convOverSeveralImagesSharesItsWeights() throws Exception {
        GraphBuilder b = new GraphBuilder(16).input("x", 3, 2, 4, 4).random("w", -0.5f, 0.5f, 2, 2, 3, 3);
        Graph g = b.node("conv", "Conv", List.of("x", "w"), "y", "kernel_shape", new long[] {3, 3}, "strides", new long[] {1, 1},
                "pads", new long[] {0, 0, 0, 0}, "dilations", new long[] {1, 1}, "group", 1L).build("y");
        Quantization q = quantizeAndCheck(b, g, 3);
        QLayer.Conv conv = (QLayer.Conv) q.model().layers().get(0);
        assertEquals(3, conv.geometry().groups());
        assertEquals(6, conv.geometry().outC());
        assertArrayEquals(java.util.Arrays.copyOfRange(conv.weight(), 0, 36), java.util.Arrays.copyOfRange(conv.weight(), 72, 108));
    }

    /**
     * A graph that moves its leading 1 (PyTorch's attention transposes to sequence-first) keeps
     * every 1 in its shapes, the axis an ordinary one; a graph that does not, but joins or reduces
     * along it, is refused.
     */
    @Test
    void operatorsMustKeepTheBatchAxis() throws Exception {
        GraphBuilder b = new GraphBuilder(17).input("x", 1, 2, 3);
        Graph moved = b.node("t", "Transpose", List.of("x"), "y", "perm", new long[] {1, 0, 2}).build("y");
        QuantizedModel m = Quantizer.quantize(moved, List.of(new float[6])).model();
        assertArrayEquals(new int[] {1, 2, 3}, m.inputSpec().shape());
        assertArrayEquals(new int[] {2, 1, 3}, m.outputSpec().shape());
        UnsupportedModelException e;

        GraphBuilder c = new GraphBuilder(17).input("x", 1, 2, 3);
        Graph joined = c.node("cat", "Concat", List.of("x", "x"), "y", "axis", 0L).build("y");
        e = assertThrows(UnsupportedModelException.class, () -> Quantizer.quantize(joined, List.of(new float[6])));
        assertEquals("test: 'cat' (Concat) joins along the batch axis; zkml4j quantises each sample on its own", e.getMessage());
    }

    @Test
    void clipBoundsAndLeakyReluFollowTheScaleOfT() throws Exception {
        GraphBuilder b = new GraphBuilder(18).input("x", 1, 4).random("w", -1, 1, 4, 4)
                .constant("lo", Tensor.scalar(-0.5f)).constant("hi", Tensor.scalar(0.25f));
        Graph g = b.node("fc", "MatMul", List.of("x", "w"), "h").node("clip", "Clip", List.of("h", "lo", "hi"), "c")
                .node("flat", "Flatten", List.of("c"), "f", "axis", 1L)
                .node("leaky", "LeakyRelu", List.of("f"), "y", "alpha", 0.1f).build("y");
        Quantization q = quantizeAndCheck(b, g, 2);
        QuantizedModel m = q.model();
        assertEquals(List.of("Dense", "Reshape", "Activate"), kinds(m));
        double st = m.tensor("c").scale();
        assertEquals(Activation.clip(Math.round(-0.5 / st), Math.round(0.25 / st)), requant(m.layers().get(0)).activation());
        assertEquals(Activation.leakyRelu(0.1f), requant(m.layers().get(2)).activation());
        assertEquals(st, m.outputSpec().scale());
    }

    @Test
    void weightsThatDwarfTheCalibratedOutputAreRefused() {
        GraphBuilder b = new GraphBuilder(19).input("x", 1, 2).constant("w", new Tensor(new int[] {2, 1}, new float[] {1e14f, -1e14f}));
        Graph g = b.node("fc", "MatMul", List.of("x", "w"), "y").build("y");
        // Both inputs are always equal, so the output is always 0 and gets the smallest scale.
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Quantizer.quantize(g, List.of(new float[] {1, 1}, new float[] {-0.5f, -0.5f})));
        assertTrue(e.getMessage().startsWith("test: layer fc: an in-range input could drive the accumulator to about 2^"),
                e.getMessage());
    }

    @Test
    void theReportListsLayersAndTheComparison() throws Exception {
        GraphBuilder b = new GraphBuilder(20).input("x", 1, 6).random("w", -1, 1, 4, 6);
        Graph g = b.node("fc", "Gemm", List.of("x", "w"), "h", "transB", 1L).node("act", "Relu", List.of("h"), "y").build("y");
        Quantization q = Quantizer.quantize(g, b.samples(g, 10, -1, 1));
        QuantizationReport r = q.report();
        assertEquals(1, r.layers().size());
        QuantizationReport.LayerSummary l = r.layers().get(0);
        assertEquals("fc+act", l.name());
        assertEquals("Dense", l.kind());
        assertEquals(List.of(q.model().inputSpec().scale()), l.inputScales());
        assertEquals(new Requant(16, Activation.RELU), l.requant());
        assertEquals(10, r.comparison().samples());
        assertEquals(1.0, r.comparison().argmaxAgreement());
        assertTrue(r.comparison().maxAbsError() <= 2 * q.model().outputSpec().scale());
        assertTrue(r.comparison().outputMin() >= 0);
        String text = r.format();
        assertTrue(text.contains("fc+act") && text.contains("Dense") && text.contains("relu")
                && text.contains("argmax agreement 10/10 (100.0%)"), text);
        assertEquals(text, r.toString());
        assertFalse(text.contains("left to the verifier"));
    }

    @Test
    void headroomSetsWhereCalibratedMaximaLand() throws Exception {
        assertEquals(0x1p-13, QuantizerOptions.DEFAULTS.scaleFor(1));
        assertEquals(0x1p-13, QuantizerOptions.DEFAULTS.scaleFor(0));
        assertEquals(3 * 0x1p-15, new QuantizerOptions(1).scaleFor(1.5));
        assertThrows(IllegalArgumentException.class, () -> new QuantizerOptions(0));
        GraphBuilder b = new GraphBuilder(21).input("x", 1, 2);
        Graph g = b.node("r", "Relu", List.of("x"), "y").build("y");
        Quantization q = Quantizer.quantize(g, List.of(new float[] {2, -1}), new QuantizerOptions(4));
        assertEquals(2 * 0x1p-11, q.model().inputSpec().scale());
        assertNotEquals(0, q.model().layers().size());
    }
}
