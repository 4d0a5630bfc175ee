package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.onnx.OnnxModelBuilder;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Per-head attention scores written as Einsum ("bhid,bhjd->bhij") over two inputs: proved, and a changed score rejected. */
class EinsumProofTest {
    @Test
    void attentionScoresWrittenAsEinsumAreProved() throws Exception {
        byte[] onnx = new OnnxModelBuilder(13).input("q", OnnxModelBuilder.FLOAT, 1, 2, 3, 4).input("k", OnnxModelBuilder.FLOAT, 1, 2, 5, 4)
                .output("s").node("scores", "Einsum", List.of("q", "k"), List.of("s"),
                        OnnxModelBuilder.stringAttr("equation", "bhid,bhjd->bhij")).build();
        Graph g = OnnxImporter.load(onnx, "einsum.onnx");
        List<float[]> calibration = SingleProof.uniformSamples(8, 64, 5);
        QuantizedModel m = Quantizer.quantize(g, calibration).model();
        assertTrue(m.layers().stream().anyMatch(l -> l instanceof QLayer.MatMul), "a product of computed matrices");
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        long[] changed = honest.outputs().get(0).clone();
        changed[7] += 1;
        assertThrows(InvalidProofException.class, () -> honest.verify(x, List.of(changed)));
    }
}
