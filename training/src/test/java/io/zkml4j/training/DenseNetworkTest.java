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

    @Test
    void aCopyIsIndependent() throws Exception {
        DenseNetwork n = DenseNetwork.of(OnnxImporter.load(EXAMPLES.resolve("mlp.onnx")));
        DenseNetwork c = n.copy();
        c.layers().get(0).weights()[0][0] += 1;
        assertTrue(c.layers().get(0).weights()[0][0] != n.layers().get(0).weights()[0][0]);
    }
}
