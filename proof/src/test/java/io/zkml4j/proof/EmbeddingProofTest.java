package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * PyTorch's nn.Embedding by token ids (model/src/test/resources/pytorch/export_embedding.py),
 * proved: the lookup is one-hot rows (one table lookup of index − row each) times the hidden table,
 * and a prover that looks up other rows than the stated ids say is rejected.
 */
class EmbeddingProofTest {
    static QuantizedModel model;
    static long[] ids;
    static long[] otherIds;

    @BeforeAll
    static void quantise() throws Exception {
        byte[] onnx;
        try (InputStream in = EmbeddingProofTest.class.getResourceAsStream("/pytorch/embedding.onnx")) {
            onnx = in.readAllBytes();
        }
        Graph g = OnnxImporter.load(onnx, "embedding.onnx");
        model = Quantizer.quantize(g, List.of(new float[] {3, 17, 99, 0, 42, 42, 7, 64})).model();
        ids = model.quantizeInput(new float[] {5, 17, 98, 0, 42, 1, 7, 63});
        otherIds = model.quantizeInput(new float[] {5, 17, 98, 0, 43, 1, 7, 63}); // token 4 differs
    }

    private static String oneHot() {
        return model.tensors().keySet().stream().filter(n -> n.endsWith("_one_hot")).findFirst().orElseThrow();
    }

    @Test
    void anEmbeddingLookupIsProvedAndVerified() throws Exception {
        SingleProof honest = SingleProof.provedAndVerified(model, ids);
        assertFalse(java.util.Arrays.equals(honest.outputs().get(0), QuantizedExecutor.run(model, otherIds).value(model.output())),
                "the two inputs give different outputs");
        List<long[]> wrong = List.of(QuantizedExecutor.run(model, otherIds).value(model.output()));
        assertThrows(InvalidProofException.class, () -> honest.verify(ids, wrong));
        assertThrows(InvalidProofException.class, () -> honest.verify(otherIds, honest.outputs()));
    }

    /** Every value computed honestly for the other ids, only the stated input kept: the rows looked up are not the input's. */
    @Test
    void aProverLookingUpAnotherTokensRowIsRejected() {
        QuantizedExecutor.Trace other = QuantizedExecutor.run(model, otherIds);
        SingleProof dishonest = SingleProof.prove(model, ids, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                for (String t : model.tensors().keySet()) {
                    if (!t.equals(model.input())) {
                        System.arraycopy(other.value(t), 0, trace.value(t), 0, trace.value(t).length);
                    }
                }
                trace.layers().putAll(other.layers());
            }
        });
        assertThrows(InvalidProofException.class, () -> dishonest.verify(ids, dishonest.outputs()));
    }

    /** A one-hot row with a second 1 (the table lookup's output changed in one place, nothing else): rejected. */
    @Test
    void aOneHotRowThatIsNotTheTablesIsRejected() {
        int rows = model.tensor(oneHot()).size() / 8;
        SingleProof dishonest = SingleProof.prove(model, ids, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] h = trace.value(oneHot());
                h[4 * rows + 50] = h[4 * rows + 42]; // token 4 (id 42) also "matches" row 50
            }

            @Override
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) {
                return new long[] {tuple[0], 0}; // counts the table's true row for 42 − 50 in its place
            }
        });
        assertThrows(InvalidProofException.class, () -> dishonest.verify(ids, dishonest.outputs()));
    }
}
