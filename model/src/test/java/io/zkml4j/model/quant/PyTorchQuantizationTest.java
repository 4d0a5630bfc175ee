package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.ModelImportException;
import io.zkml4j.model.onnx.OnnxImporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
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

    /** Samples of the two-input model: "image" (16 values) then "meta" (3), packed. */
    static List<float[]> twoInputSamples(int count, long seed) {
        Random random = new Random(seed);
        List<float[]> samples = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            float[] x = new float[19];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            samples.add(x);
        }
        return samples;
    }

    /**
     * A PyTorch export of two inputs and two outputs: each input copied out of the packed input,
     * each output on its own scale in the packed output, and every value as the float model's.
     */
    @Test
    void aModelOfTwoInputsAndTwoOutputsIsQuantisedPortByPort() throws IOException, ModelImportException {
        Graph g = OnnxImporter.load(resource("two_inputs_two_outputs.onnx"), "two_inputs_two_outputs.onnx");
        List<float[]> samples = twoInputSamples(24, 8);
        Quantization q = Quantizer.quantize(g, samples.subList(0, 16), QuantizerOptions.DEFAULTS);
        QuantizedModel m = q.model();
        assertEquals(List.of("image", "meta"), m.inputPorts().stream().map(QuantizedModel.Port::name).toList());
        assertEquals(List.of("logits", "score"), m.outputPorts().stream().map(QuantizedModel.Port::name).toList());
        assertEquals(List.of(0, 16), m.inputPorts().stream().map(QuantizedModel.Port::offset).toList());
        assertEquals(List.of(0, 4), m.outputPorts().stream().map(QuantizedModel.Port::offset).toList());
        assertEquals(19, m.inputSpec().size());
        assertEquals(5, m.outputSpec().size());
        assertTrue(m.spec(m.inputPorts().get(0)).scale() != m.spec(m.inputPorts().get(1)).scale()
                || m.spec(m.outputPorts().get(0)).scale() != m.spec(m.outputPorts().get(1)).scale(), "scales per port");
        FloatExecutor exec = new FloatExecutor(g);
        for (float[] x : samples.subList(16, 24)) {
            Map<String, Tensor> expected = exec.runOutputs(Map.of(
                    "image", new Tensor(new int[] {1, 16}, java.util.Arrays.copyOfRange(x, 0, 16)),
                    "meta", new Tensor(new int[] {1, 3}, java.util.Arrays.copyOfRange(x, 16, 19))));
            double[] actual = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
            for (int i = 0; i < 4; i++) {
                assertEquals(expected.get("logits").data()[i], actual[i], 0.02, "logits " + i);
            }
            assertEquals(expected.get("score").data()[0], actual[4], 0.02, "score");
        }
    }

    /** A PyTorch decoder's input and PyTorch's own output for it (upsampling_decoder_io.json). */
    static float[][] decoderInputAndOutput() throws IOException {
        Map<?, ?> json = (Map<?, ?>) io.zkml4j.model.io.Json.parse(new String(resource("upsampling_decoder_io.json"),
                java.nio.charset.StandardCharsets.UTF_8), "upsampling_decoder_io.json");
        float[][] out = new float[2][];
        for (int k = 0; k < 2; k++) {
            List<?> v = (List<?>) json.get(k == 0 ? "input" : "output");
            out[k] = new float[v.size()];
            for (int i = 0; i < v.size(); i++) {
                out[k][i] = (float) (double) (Double) v.get(i);
            }
        }
        return out;
    }

    /**
     * PyTorch's ConvTranspose2d (stride 2, padding 1, output_padding 1) and bilinear and nearest
     * nn.Upsample (ONNX Resize): the float executor reproduces PyTorch's output, and the quantised
     * model stays within a few output units of it.
     */
    @Test
    void transposedConvolutionAndUpsamplingMatchPyTorch() throws IOException, ModelImportException {
        Graph g = OnnxImporter.load(resource("upsampling_decoder.onnx"), "upsampling_decoder.onnx");
        float[][] io = decoderInputAndOutput();
        float[] fl = new FloatExecutor(g).runOutputs(Map.of("x", new Tensor(new int[] {1, 4, 4, 4}, io[0]))).get("y").data();
        assertEquals(io[1].length, fl.length);
        for (int i = 0; i < fl.length; i++) {
            assertEquals(io[1][i], fl[i], 1e-4, "float output " + i);
        }
        Random random = new Random(11);
        List<float[]> calibration = new ArrayList<>(List.of(io[0]));
        for (int s = 0; s < 15; s++) {
            float[] x = new float[64];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            calibration.add(x);
        }
        QuantizedModel m = Quantizer.quantize(g, calibration).model();
        double[] q = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(io[0])).value(m.output()));
        double worst = 0;
        for (int i = 0; i < q.length; i++) {
            worst = Math.max(worst, Math.abs(q[i] - io[1][i]) / m.outputSpec().scale());
        }
        assertTrue(worst < 8, "quantised output off by " + worst + " output units");
    }
}
