package io.zkml4j.proof;

import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.sealed.SealedCommitment;
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

/** A computed tensor repeated to a larger shape (numpy broadcasting) is proved by one gather: out = map(in). */
class BroadcastLayerTest {
    @Test
    void aBroadcastOperandIsProvedAndAChangedOutputRejected() throws Exception {
        QuantizedModel m = TestModels.broadcastAdd(3);
        long[] x = TestModels.input(12, 4);
        SingleProof honest = SingleProof.prove(m, x, Witness.Deviation.HONEST);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), honest.outputs().get(0));
        honest.verify(x, honest.outputs());
        long[] changed = honest.outputs().get(0).clone();
        changed[5] += 1;
        assertThrows(InvalidProofException.class, () -> honest.verify(x, List.of(changed)));
    }

    /**
     * The broadcast is the public output and the prover states one repeated value wrong (the
     * row's other copies and every earlier layer honest): only the gather ties the output to its
     * source, and it must reject.
     */
    @Test
    void oneWrongCopyOfARepeatedValueIsRejected() throws Exception {
        QuantizedModel m = TestModels.broadcastOutput(5);
        long[] x = TestModels.input(12, 6);
        SingleProof honest = SingleProof.prove(m, x, Witness.Deviation.HONEST);
        honest.verify(x, honest.outputs());
        assertTrue(java.util.Arrays.stream(honest.outputs().get(0)).anyMatch(v -> v != 0), "a ReLU output that is not all zeros");
        SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.value("y")[17] += 1; // the second copy block, row 1, column 1
            }
        });
        assertEquals(honest.outputs().get(0)[17] + 1, dishonest.outputs().get(0)[17]);
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    /**
     * A Select (Pad, Slice) as the public output: honest proofs verify; a prover stating a wrong
     * fill value, or a wrong copy, in one place is rejected by the gather (nothing else ties them).
     */
    @Test
    void aSelectedOrFilledValueStatedWrongIsRejected() throws Exception {
        QuantizedModel m = TestModels.selectOutput(21);
        long[] x = TestModels.input(12, 22);
        SingleProof honest = SingleProof.prove(m, x, Witness.Deviation.HONEST);
        long[] y = honest.outputs().get(0);
        assertEquals(7, y[0]);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), y);
        honest.verify(x, honest.outputs());
        for (int at : new int[] {0, 15, 7}) { // a fill, a repeated value, a copied value
            SingleProof dishonest = SingleProof.prove(m, x, new Witness.Deviation() {
                @Override
                public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                    trace.value("y")[at] += 1;
                }
            });
            assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()), "position " + at);
        }
    }

    /**
     * Split of a computed tensor into two parts that the model multiplies (a gated unit), Expand
     * and Tile of computed values, and Gather at constant indices, imported from ONNX: each part a
     * Select, quantised, proved and verified.
     */
    @Test
    void splitExpandTileAndGatherOfComputedTensorsAreProved() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(23);
        float[] w = new float[6 * 8];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        int f = io.zkml4j.model.onnx.DataType.FLOAT.code();
        io.zkml4j.model.onnx.ProtoWriter sizes = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 2).varint(2, io.zkml4j.model.onnx.OnnxModelBuilder.INT64)
                .packedVarints(7, 4, 4).string(8, "sizes");
        io.zkml4j.model.onnx.ProtoWriter shape = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 3).varint(2, io.zkml4j.model.onnx.OnnxModelBuilder.INT64)
                .packedVarints(7, 1, 2, 4).string(8, "shape");
        io.zkml4j.model.onnx.ProtoWriter repeats = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 3).varint(2, io.zkml4j.model.onnx.OnnxModelBuilder.INT64)
                .packedVarints(7, 1, 1, 2).string(8, "repeats");
        io.zkml4j.model.onnx.ProtoWriter picks = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 3).varint(2, io.zkml4j.model.onnx.OnnxModelBuilder.INT64)
                .packedVarints(7, 7, 0, 2).string(8, "picks");
        byte[] onnx = new io.zkml4j.model.onnx.OnnxModelBuilder(13).input("x", f, 1, 6).initializer("w", new int[] {6, 8}, w)
                .initializer(sizes).initializer(shape).initializer(repeats).initializer(picks)
                .node("fc", "MatMul", List.of("x", "w"), List.of("h"))
                .node("split", "Split", List.of("h", "sizes"), List.of("a", "b"), io.zkml4j.model.onnx.OnnxModelBuilder.intAttr("axis", 1))
                .node("gate", "Mul", List.of("a", "b"), List.of("g"))
                .node("wide", "Expand", List.of("g", "shape"), List.of("e"))
                .node("tile", "Tile", List.of("e", "repeats"), List.of("t"))
                .node("pick", "Gather", List.of("t", "picks"), List.of("y"), io.zkml4j.model.onnx.OnnxModelBuilder.intAttr("axis", 2))
                .output("y").build();
        io.zkml4j.model.ir.Graph g = io.zkml4j.model.onnx.OnnxImporter.load(onnx, "gated.onnx");
        List<float[]> calibration = new java.util.ArrayList<>();
        for (int s = 0; s < 6; s++) {
            float[] x = new float[6];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
            }
            calibration.add(x);
        }
        QuantizedModel m = io.zkml4j.model.quant.Quantizer.quantize(g, calibration).model();
        assertTrue(m.layers().stream().filter(l -> l instanceof io.zkml4j.model.quant.QLayer.Select).count() >= 5, m.layers().toString());
        long[] x = m.quantizeInput(calibration.get(0));
        SingleProof honest = SingleProof.provedAndVerified(m, x);
        float[] expected = new io.zkml4j.model.exec.FloatExecutor(g).runOutputs(java.util.Map.of("x",
                new io.zkml4j.model.ir.Tensor(new int[] {1, 6}, calibration.get(0)))).get("y").data();
        double[] proven = m.dequantizeOutput(honest.outputs().get(0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], proven[i], 0.01, "output " + i);
        }
    }
}
