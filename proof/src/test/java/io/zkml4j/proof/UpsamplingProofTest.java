package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * PyTorch's ConvTranspose2d and bilinear and nearest nn.Upsample (upsampling_decoder.onnx): the
 * spread-out and padded input and the nearest neighbours are proved copies, the bilinear weights a
 * product by a constant matrix; the decoder is proved and verified, and a prover that states one
 * upsampled value wrong (everything else honest) is rejected.
 */
class UpsamplingProofTest {
    @Test
    void pytorchsUpsamplingDecoderIsProvedAndAWrongUpsampledValueRejected() throws Exception {
        byte[] onnx;
        try (InputStream in = UpsamplingProofTest.class.getResourceAsStream("/pytorch/upsampling_decoder.onnx")) {
            onnx = in.readAllBytes();
        }
        Graph g = OnnxImporter.load(onnx, "upsampling_decoder.onnx");
        List<float[]> calibration = SingleProof.uniformSamples(8, 64, 12);
        QuantizedModel m = Quantizer.quantize(g, calibration).model();
        assertTrue(m.layers().stream().filter(l -> l instanceof QLayer.Select).count() >= 3, "spread, padding and nearest copies");
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof.provedAndVerified(m, x);
        String upsampled = m.layers().stream().filter(l -> l instanceof QLayer.Select).reduce((a, b) -> b).orElseThrow().output();
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.value(upsampled)[5] += 1;
            }
        });
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }
}
