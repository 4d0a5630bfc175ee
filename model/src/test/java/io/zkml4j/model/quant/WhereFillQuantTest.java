package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where's constant fill next to computed values (found by review: a −10⁹ fill quantised to noise). */
class WhereFillQuantTest {
    private static void check(float fill) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] w = new float[16], w2 = new float[16];
        for (int i = 0; i < 16; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
            w2[i] = (float) r.nextDouble(-1, 1);
        }
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 4).initializer("w", new int[] {4, 4}, w)
                .initializer("w2", new int[] {4, 4}, w2)
                .initializer("pattern", new int[] {4}, 1, 1, 0, 1).initializer("one", new int[0], 1f)
                .initializer("fill", new int[0], fill)
                .node("mask", "Equal", List.of("pattern", "one"), List.of("m"))
                .node("fc", "MatMul", List.of("x", "w"), List.of("h"))
                .node("keep", "Where", List.of("m", "h", "fill"), List.of("s"))
                .node("sm", "Softmax", List.of("s"), List.of("p"))
                .node("fc2", "MatMul", List.of("p", "w2"), List.of("y")).output("y").build();
        Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "mask.onnx"); // refuses a fill it cannot quantise
        GraphBuilder b = new GraphBuilder(3);
        List<float[]> cal = b.samples(g, 16, -1, 1);
        Quantization q;
        q = Quantizer.quantize(g, cal, QuantizerOptions.DEFAULTS);
        QuantizedModel m = q.model();
        FloatExecutor exec = new FloatExecutor(g);
        double worst = 0;
        for (float[] x : cal) {
            float[] expected = exec.run(Map.of("x", new Tensor(new int[] {1, 4}, x))).get(m.output()).data();
            double[] actual = m.dequantizeOutput(QuantizedExecutor.run(m, m.quantizeInput(x)).value(m.output()));
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
        }
        assertTrue(worst < 0.05, "fill " + fill + ": worst " + worst);
    }

    @Test
    void moderateFill() throws Exception {
        check(-10f);
    }

    /** −10⁹ or −∞ (masked_fill before a Softmax) would set the scores' scale and leave the real scores no bits: refused, saying what to do. */
    @Test
    void aHugeOrInfiniteFillIsRefusedWithTheProvedAlternative() {
        for (float fill : new float[] {-1e9f, Float.NEGATIVE_INFINITY}) {
            io.zkml4j.model.onnx.UnsupportedModelException e = assertThrows(io.zkml4j.model.onnx.UnsupportedModelException.class,
                    () -> check(fill));
            assertTrue(e.getMessage().contains("(Where) fills with") && e.getMessage().contains("multiply the exponentials"), e.getMessage());
        }
    }
}
