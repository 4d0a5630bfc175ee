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
        assertTrue(n.layers().get(0).relu() && n.layers().get(1).relu());
        assertFalse(n.layers().get(2).relu());
        assertEquals(235_146, n.parameterCount());
    }

    @Test
    void aConvolutionIsRefusedByName() {
        String m = assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(OnnxImporter.load(EXAMPLES.resolve("cnn.onnx")))).getMessage();
        assertTrue(m.contains("Conv") && m.contains("not supported"), m);
    }

    /** Export then import: the same layers, weights to float precision, and ONNX's own float executor computes the same logits. */
    @Test
    void anExportedNetworkReadsBackAndRunsAsOnnx() throws Exception {
        DenseNetwork n = FixedPointTrainerTest.network(3, 6, 5, 4, 3);
        byte[] onnx = n.toOnnx("trained");
        io.zkml4j.model.ir.Graph g = OnnxImporter.load(onnx, "trained.onnx");
        DenseNetwork back = DenseNetwork.of(g);
        assertEquals(n.layers().size(), back.layers().size());
        for (int l = 0; l < n.layers().size(); l++) {
            assertEquals(n.layers().get(l).relu(), back.layers().get(l).relu());
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
                z[o] = l.relu() ? Math.max(0, z[o]) : z[o];
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
