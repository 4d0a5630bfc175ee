package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.OnnxImporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small CNN torch.onnx exported for the importer tests (src/test/resources/pytorch), which
 * uses most quantisation rules at once: Conv+ReLU, a standalone BatchNorm, MaxPool, grouped
 * Conv+LeakyReLU, GlobalAveragePool, the Reshape of x.view, a Gemm read twice, Sigmoid and Tanh
 * multiplied, a constant Sub, Gemm+Clip and a final Softmax.
 */
class PyTorchQuantizationTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchQuantizationTest.class.getResourceAsStream("/pytorch/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /pytorch/" + name);
            }
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 13})
    void quantisesEveryLayerOfThePyTorchExport(int opset) throws Exception {
        String file = "pytorch_cnn_opset" + opset + ".onnx";
        Graph g = OnnxImporter.load(resource(file), file);
        Random random = new Random(opset);
        List<float[]> calibration = new ArrayList<>();
        List<float[]> fresh = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            float[] x = new float[144];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            (s < 32 ? calibration : fresh).add(x);
        }
        Quantization q = Quantizer.quantize(g, calibration, QuantizerOptions.DEFAULTS);
        QuantizedModel m = q.model();
        assertEquals(List.of("Conv", "Affine", "MaxPool", "Conv", "AvgPool", "Reshape", "Dense", "Activate", "Activate", "Mul",
                "Affine", "Dense"), m.layers().stream().map(l -> l.getClass().getSimpleName()).toList());
        assertEquals(Postprocess.softmax(0), q.postprocess());
        // clamp(-2, 2) on logits far inside ±2 covers the whole 16-bit range: nothing to clip.
        assertEquals(Activation.IDENTITY, ((QLayer.Dense) m.layers().get(11)).requant().activation());
        assertEquals(Activation.Kind.LEAKY_RELU, ((QLayer.Conv) m.layers().get(3)).requant().activation().kind());

        // Probabilities after the verifier's Softmax, on fresh inputs: quantised against float.
        FloatExecutor exec = new FloatExecutor(g);
        double worst = 0;
        for (float[] x : fresh) {
            float[] expected = exec.runOutputs(Map.of("image", new Tensor(new int[] {1, 1, 12, 12}, x))).get("probs").data();
            double[] logits = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
            double[] probs = q.postprocess().apply(logits, m.outputSpec().shape());
            for (int i = 0; i < probs.length; i++) {
                worst = Math.max(worst, Math.abs(probs[i] - expected[i]));
            }
        }
        assertTrue(worst < 2e-3, "probabilities differ by " + worst + "\n" + q.report());
        assertTrue(q.report().comparison().maxAbsError() < 20 * m.outputSpec().scale(), q.report().format());
    }

    /**
     * PyTorch's own nn.TransformerEncoderLayer (batch first, 2 heads), exported at opset 17: its
     * attention transposes to sequence-first (the leading 1 then counts as an ordinary axis),
     * splits the fused in-projection and multiplies per-head batches; quantised, it agrees with the
     * float model.
     */
    @org.junit.jupiter.api.Test
    void quantisesPyTorchsTransformerEncoderLayer() throws Exception {
        Graph g = OnnxImporter.load(resource("transformer_encoder_layer.onnx"), "transformer_encoder_layer.onnx");
        Random random = new Random(5);
        List<float[]> calibration = new ArrayList<>();
        for (int s = 0; s < 24; s++) {
            float[] x = new float[8 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            calibration.add(x);
        }
        Quantization q = Quantizer.quantize(g, calibration.subList(0, 16), QuantizerOptions.DEFAULTS);
        QuantizedModel m = q.model();
        assertTrue(m.layers().stream().anyMatch(l -> l instanceof QLayer.MatMul), "products of computed matrices");
        FloatExecutor exec = new FloatExecutor(g);
        for (float[] x : calibration.subList(16, 24)) {
            float[] expected = exec.run(Map.of("x", new Tensor(new int[] {1, 8, 32}, x))).get(m.output()).data();
            double[] actual = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i], actual[i], 0.01, "output " + i);
            }
        }
    }
}
