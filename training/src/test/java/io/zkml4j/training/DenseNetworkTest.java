package io.zkml4j.training;

import io.zkml4j.model.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseNetworkTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "fashion-mnist");

    @Test
    void theBundledMlpIsThreeDenseLayers() throws Exception {
        DenseNetwork n = DenseNetwork.of(OnnxImporter.load(EXAMPLES.resolve("mlp.onnx")));
        assertEquals(3, n.layers().size());
        assertEquals(784, n.inputs());
        assertEquals(10, n.outputs());
        assertTrue(n.layers().get(0).activation() == LayerActivation.RELU && n.layers().get(1).activation() == LayerActivation.RELU);
        assertTrue(n.layers().get(2).activation().isNone());
        assertEquals(235_146, n.parameterCount());
    }

    /** An activation after the logits, or one that follows no dense layer, is refused before training, naming it. */
    @Test
    void anActivationAfterTheLastLayerIsRefused() throws Exception {
        DenseNetwork n = FixedPointTrainerTest.network(3, 6, 4, 3);
        java.util.List<DenseNetwork.Layer> layers = new java.util.ArrayList<>(n.layers());
        DenseNetwork.Layer last = layers.remove(1);
        layers.add(new DenseNetwork.Layer(last.weights(), last.bias(), LayerActivation.SIGMOID));
        byte[] onnx = new DenseNetwork(layers).toOnnx("sigmoid-logits");
        String m = assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(OnnxImporter.load(onnx, "m.onnx"))).getMessage();
        assertTrue(m.contains("sigmoid") && m.contains("logits"), m);
        assertThrows(IllegalArgumentException.class, () -> LayerActivation.leakyRelu(1.5), "a slope above 1");
        assertThrows(IllegalArgumentException.class, () -> LayerActivation.leakyRelu(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LayerActivation.TANH.quantised(0), "tanh on integers");
        assertEquals(LayerActivation.RELU, LayerActivation.ofCode(1, -0.0), "a slope of −0.0 is none (a message's ReLU is ReLU)");
    }

    @Test
    void aConvolutionIsRefusedByName() {
        String m = assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(OnnxImporter.load(EXAMPLES.resolve("cnn.onnx")))).getMessage();
        assertTrue(m.contains("Conv") && m.contains("not supported"), m);
    }

    /** Export then import: the same layers, weights to float precision, and ONNX's own float executor computes the same logits. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"relu", "sigmoid", "tanh", "leaky"})
    void anExportedNetworkReadsBackAndRunsAsOnnx(String hidden) throws Exception {
        DenseNetwork n = FixedPointTrainerTest.withHidden(FixedPointTrainerTest.network(3, 6, 5, 4, 3), FixedPointTrainerTest.activation(hidden));
        byte[] onnx = n.toOnnx("trained");
        io.zkml4j.model.ir.Graph g = OnnxImporter.load(onnx, "trained.onnx");
        DenseNetwork back = DenseNetwork.of(g);
        assertEquals(n.layers().size(), back.layers().size());
        for (int l = 0; l < n.layers().size(); l++) {
            assertEquals(n.layers().get(l).activation(), back.layers().get(l).activation());
            for (int o = 0; o < n.layers().get(l).outputs(); o++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(n.layers().get(l).weights()[o], back.layers().get(l).weights()[o], 1e-6);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(n.layers().get(l).bias(), back.layers().get(l).bias(), 1e-6);
        }
        float[] x = {0.5f, -1f, 0.25f, 2f, 0f, -0.75f};
        float[] logits = new io.zkml4j.model.exec.FloatExecutor(g).run(java.util.Map.of("input", new io.zkml4j.model.ir.Tensor(new int[] {1, 6}, x)))
                .get("logits").data();
        double[] expected = forward(n, x);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], logits[j], 1e-5);
        }
    }

    private static double[] forward(DenseNetwork n, float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (DenseNetwork.Layer l : n.layers()) {
            double[] z = new double[l.outputs()];
            for (int o = 0; o < z.length; o++) {
                z[o] = l.bias()[o];
                for (int i = 0; i < a.length; i++) {
                    z[o] += l.weights()[o][i] * a[i];
                }
                z[o] = l.activation().apply(z[o]);
            }
            a = z;
        }
        return a;
    }

    @Test
    void aCopyIsIndependent() throws Exception {
        DenseNetwork n = DenseNetwork.of(OnnxImporter.load(EXAMPLES.resolve("mlp.onnx")));
        DenseNetwork c = n.copy();
        c.layers().get(0).weights()[0][0] += 1;
        assertTrue(c.layers().get(0).weights()[0][0] != n.layers().get(0).weights()[0][0]);
    }
}
