package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.io.InputData;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.OnnxImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled Fashion-MNIST classifiers (examples/fashion-mnist): quantised with the 32
 * calibration images, the integer model must classify the 500 labelled test images about as well
 * as the float model (within one percentage point) and agree with its prediction on at least 98%.
 */
class FashionMnistQuantizationTest {
    static final Path EXAMPLES = Path.of("..", "examples", "fashion-mnist");

    @ParameterizedTest
    @ValueSource(strings = {"mlp.onnx", "cnn.onnx"})
    void quantisedAccuracyMatchesTheFloatModel(String file) throws Exception {
        Graph graph = OnnxImporter.load(EXAMPLES.resolve(file));
        int size = Math.toIntExact(Tensor.size(graph.inputs().get(0).shape()));
        List<float[]> calibration = InputData.read(EXAMPLES.resolve("calibration.json")).samples(size);
        InputData test = InputData.read(EXAMPLES.resolve("test-500.json"));
        List<float[]> images = test.samples(size);
        assertEquals(32, calibration.size());
        assertEquals(500, images.size());
        assertEquals(500, test.labels().length);

        Quantization q = Quantizer.quantize(graph, calibration, QuantizerOptions.DEFAULTS);
        assertEquals(Postprocess.NONE, q.postprocess());
        QuantizedModel model = q.model();
        FloatExecutor floats = new FloatExecutor(graph);
        String in = graph.inputs().get(0).name();
        String out = graph.outputs().get(0).name();
        int floatCorrect = 0;
        int quantCorrect = 0;
        int agree = 0;
        for (int s = 0; s < images.size(); s++) {
            float[] y = floats.runOutputs(Map.of(in, new Tensor(graph.inputs().get(0).shape(), images.get(s)))).get(out).data();
            double[] yf = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                yf[i] = y[i];
            }
            long[] yq = QuantizedExecutor.run(model, model.quantizeInput(images.get(s))).value(model.output());
            int pf = QuantizationReport.argmax(yf);
            int pq = QuantizationReport.argmax(model.dequantizeOutput(yq));
            floatCorrect += pf == test.labels()[s] ? 1 : 0;
            quantCorrect += pq == test.labels()[s] ? 1 : 0;
            agree += pf == pq ? 1 : 0;
        }
        double floatAccuracy = 100.0 * floatCorrect / images.size();
        double quantAccuracy = 100.0 * quantCorrect / images.size();
        double agreement = 100.0 * agree / images.size();
        System.out.printf("%s on test-500: float accuracy %.1f%%, quantised accuracy %.1f%%, argmax agreement %.1f%%%n%s",
                file, floatAccuracy, quantAccuracy, agreement, q.report().format());
        assertTrue(Math.abs(floatAccuracy - quantAccuracy) <= 1.0,
                "float " + floatAccuracy + "% vs quantised " + quantAccuracy + "%");
        assertTrue(agreement >= 98.0, "argmax agreement " + agreement + "%");
        assertEquals(1.0, q.report().comparison().argmaxAgreement());
    }
}
