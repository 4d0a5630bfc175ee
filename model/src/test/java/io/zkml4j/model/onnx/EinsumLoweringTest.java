package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.stringAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Attention written as Einsum ("bhid,bhjd->bhij": scores per head) against the sums it stands for, float and quantised. */
class EinsumLoweringTest {
    private static byte[] attentionScores(String equation) {
        return new OnnxModelBuilder(13).input("q", FLOAT, 1, 2, 3, 4).input("k", FLOAT, 1, 2, 5, 4).output("s")
                .node("scores", "Einsum", List.of("q", "k"), List.of("s"), stringAttr("equation", equation)).build();
    }

    @Test
    void perHeadScoresAreTheSumsTheEquationNames() throws Exception {
        Graph g = OnnxImporter.load(attentionScores("bhid,bhjd->bhij"), "m.onnx");
        Random r = new Random(3);
        List<float[]> samples = new ArrayList<>();
        for (int s = 0; s < 9; s++) {
            float[] x = new float[24 + 40];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            samples.add(x);
        }
        float[] x = samples.get(8);
        float[] q = java.util.Arrays.copyOfRange(x, 0, 24), k = java.util.Arrays.copyOfRange(x, 24, 64);
        float[] s = new FloatExecutor(g).runOutputs(Map.of("q", new Tensor(new int[] {1, 2, 3, 4}, q), "k",
                new Tensor(new int[] {1, 2, 5, 4}, k))).get("s").data();
        assertEquals(2 * 3 * 5, s.length);
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    double dot = 0;
                    for (int d = 0; d < 4; d++) {
                        dot += q[(h * 3 + i) * 4 + d] * k[(h * 5 + j) * 4 + d];
                    }
                    assertEquals(dot, s[(h * 3 + i) * 5 + j], 1e-5, "head " + h + " (" + i + ", " + j + ")");
                }
            }
        }
        QuantizedModel m = Quantizer.quantize(g, samples.subList(0, 8)).model();
        double[] quantised = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], quantised[i], 4 * m.outputSpec().scale() + 0.02 * Math.abs(s[i]), "quantised " + i);
        }
    }

    @Test
    void malformedEquationsAreRefusedNamingTheNode() {
        for (String equation : List.of("bhid,bhjd->bhix", "bhi,bhjd->bhij", "bh1d,bhjd->bhij")) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImporter.load(attentionScores(equation), "m.onnx"),
                    equation);
            assertTrue(e.getMessage().contains("node 'scores'"), e.getMessage());
        }
    }
}
