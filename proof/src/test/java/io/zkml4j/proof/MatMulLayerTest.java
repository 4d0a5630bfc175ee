package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A product of two computed matrices (attention's Q·Kᵀ and A·V): both gathered into matrix
 * layouts, one contraction over the inner index, requantised.
 */
class MatMulLayerTest {
    @Test
    void theProductIsProvedAndAChangedOutputRejected() throws Exception {
        QuantizedModel m = TestModels.matMul(7);
        long[] x = TestModels.input(24, 8);
        SingleProof honest = SingleProof.prove(m, x, Witness.Deviation.HONEST);
        long[] expected = QuantizedExecutor.run(m, x).value("y");
        assertArrayEquals(expected, honest.outputs().get(0));
        assertTrue(java.util.Arrays.stream(expected).anyMatch(v -> v != 0) && java.util.Arrays.stream(expected).distinct().count() > 3,
                "a non-trivial product");
        honest.verify(x, honest.outputs());
        long[] changed = expected.clone();
        changed[7] -= 1;
        assertThrows(InvalidProofException.class, () -> honest.verify(x, List.of(changed)));
    }

    /** The prover states one product entry wrong, every operand honest: only the contraction ties it, and rejects. */
    @Test
    void oneWrongProductEntryIsRejected() throws Exception {
        QuantizedModel m = TestModels.matMul(9);
        long[] x = TestModels.input(24, 10);
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.value("y")[4] += 1;
                trace.layers().get("ab").requantized()[4] += 1; // t as well: y is t (no activation), so the requantisation still holds for t
            }
        });
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    /**
     * The prover multiplies a matrix that differs from the computed A in one entry, and states the
     * product of that matrix, requantised correctly: the layer before and the contraction are both
     * consistent, only the gather of A into its matrix layout is not, and it must reject.
     */
    @Test
    void aProductOfAnotherMatrixThanTheComputedOneIsRejected() throws Exception {
        QuantizedModel m = TestModels.matMul(11);
        long[] x = TestModels.input(24, 12);
        io.zkml4j.model.quant.QLayer.MatMul layer = (io.zkml4j.model.quant.QLayer.MatMul) m.layers().get(2);
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] a = trace.value("a").clone();
                long[] bm = trace.value("bm");
                a[1] += 50; // row 0, inner index 1
                QuantizedExecutor.LayerTrace t = trace.layers().get("ab");
                for (int i = 0; i < layer.rows(); i++) {
                    for (int j = 0; j < layer.columns(); j++) {
                        long acc = 0;
                        for (int k = 0; k < layer.inner(); k++) {
                            acc += a[i * layer.inner() + k] * bm[k * layer.columns() + j];
                        }
                        acc *= layer.multiplier();
                        int o = i * layer.columns() + j;
                        t.accumulator()[o] = acc;
                        t.requantized()[o] = layer.requant().round(acc, "test");
                        t.remainder()[o] = layer.requant().remainder(acc, t.requantized()[o]);
                        trace.value("y")[o] = t.requantized()[o];
                    }
                }
            }

            @Override
            public void alterWitness(Witness w) {
                long[] matrix = w.tensor("ab.a").clone();
                matrix[1] = io.zkml4j.core.field.Goldilocks.add(matrix[1], 50); // (0, 1) of the matrix layout
                w.replace("ab.a", matrix);
            }
        });
        assertNotEquals(QuantizedExecutor.run(m, x).value("y")[0], dishonest.outputs().get(0)[0], "the stated product differs");
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    @Test
    void severalSamplesInOneProofAreRefusedWithAReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CircuitCompiler.compile(TestModels.matMul(13), 2, Circuit.Options.DEFAULT));
        assertTrue(e.getMessage().contains("layer ab: a product of two computed tensors is proved one sample at a time"), e.getMessage());
    }

    /**
     * Self-attention imported from ONNX (Q·Kᵀ / √8, a Softmax inside the model, ·V) is quantised,
     * proved and verified; its output follows the float model's.
     */
    @Test
    void selfAttentionFromOnnxIsProved() throws Exception {
        byte[] onnx = io.zkml4j.model.quant.AttentionModels.selfAttention(16);
        io.zkml4j.model.ir.Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "self-attention.onnx");
        List<float[]> calibration = SingleProof.uniformSamples(8, 32, 17);
        QuantizedModel m = io.zkml4j.model.quant.Quantizer.quantize(g, calibration).model();
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        float[] expected = new io.zkml4j.model.exec.FloatExecutor(g).runOutputs(java.util.Map.of("x",
                new io.zkml4j.model.ir.Tensor(new int[] {1, 4, 8}, calibration.get(0)))).get("y").data();
        double[] proven = m.dequantizeOutput(honest.outputs().get(0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], proven[i], 0.02, "output " + i);
        }
    }

    /** Multi-head attention as nanoGPT writes it (heads by Reshape and Transpose, batched products) is proved per head. */
    @Test
    void multiHeadAttentionFromOnnxIsProved() throws Exception {
        io.zkml4j.model.ir.Graph g = io.zkml4j.model.onnx.OnnxImporter.load(io.zkml4j.model.quant.AttentionModels.multiHead(26), "mh.onnx");
        List<float[]> calibration = SingleProof.uniformSamples(8, 32, 28);
        QuantizedModel m = io.zkml4j.model.quant.Quantizer.quantize(g, calibration).model();
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        long[] changed = honest.outputs().get(0).clone();
        changed[3] += 1;
        assertThrows(InvalidProofException.class, () -> honest.verify(x, List.of(changed)));
    }

    /** PyTorch's own nn.TransformerEncoderLayer export (see the model module's test resources) is proved and verified. */
    @Test
    void pytorchsTransformerEncoderLayerIsProved() throws Exception {
        byte[] onnx;
        try (java.io.InputStream in = MatMulLayerTest.class.getResourceAsStream("/pytorch/transformer_encoder_layer.onnx")) {
            onnx = in.readAllBytes();
        }
        io.zkml4j.model.ir.Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "transformer_encoder_layer.onnx");
        java.util.Random r = new java.util.Random(6);
        List<float[]> calibration = new java.util.ArrayList<>();
        for (int s = 0; s < 8; s++) {
            float[] x = new float[8 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            calibration.add(x);
        }
        QuantizedModel m = io.zkml4j.model.quant.Quantizer.quantize(g, calibration).model();
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof honest = SingleProof.provedAndVerified(m, x);
    }
}
