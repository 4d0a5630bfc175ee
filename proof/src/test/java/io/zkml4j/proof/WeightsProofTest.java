package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/** The circuit that range-checks every committed weight to its declared width. */
class WeightsProofTest {
    /** Proves every part of the weights proof with {@code deviation}, and verifies them all; the checker must agree. */
    static boolean verifies(QuantizedModel m, List<Integer> widths, Witness.Deviation deviation) throws Exception {
        long[][] vectors = ModelVectors.build(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT));
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        CircuitCompiler.WeightParts parts = CircuitCompiler.weightParts(m);
        List<byte[]> transcripts = new ArrayList<>();
        String failure = null;
        for (int k = 0; k < parts.count(); k++) {
            transcripts.add(WeightsProof.provePart(parts, k, widths, sealed, PARAMS, vectors, DIGEST, new Random(2 + k), deviation));
            if (failure == null) {
                failure = CircuitChecker.firstFailureOfWeights(parts.circuit(k, widths), vectors, deviation, 3);
            }
        }
        try {
            new WeightsProof(widths, transcripts).verifyParts(parts, sealed.commitment(), PARAMS, DIGEST);
        } catch (InvalidProofException e) {
            assertNotNull(failure, "the checker must name what the verifier rejected");
            return false;
        }
        assertNull(failure, "the checker says: " + failure);
        return true;
    }

    static List<Integer> widths(QuantizedModel m) {
        return ModelCommitter.widths(ModelVectors.build(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT)));
    }

    @Test
    void weightsWithinTheirDeclaredWidthsVerify() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        List<Integer> w = widths(m);
        assertTrue(w.stream().allMatch(b -> b >= 2 && b <= 62), w.toString());
        assertTrue(verifies(m, w, Witness.Deviation.HONEST));
        // Wider declarations hold too.
        List<Integer> wider = new ArrayList<>();
        w.forEach(b -> wider.add(Math.min(62, b + 9)));
        assertTrue(verifies(m, wider, Witness.Deviation.HONEST));
    }

    /**
     * A width one bit below what a vector needs: the honest prover cannot even lay out the limbs;
     * a dishonest one counts an in-table tuple in place of the out-of-range limb, and the limb's
     * lookup rejects it.
     */
    @Test
    void aWeightBeyondItsDeclaredWidthIsRejected() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        List<Integer> w = widths(m);
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i) < 2) {
                continue;
            }
            List<Integer> tight = new ArrayList<>(w);
            tight.set(i, w.get(i) - 1);
            assertThrows(RuntimeException.class, () -> verifies(m, tight, Witness.Deviation.HONEST), "vector " + i);
            assertFalse(verifies(m, tight, new Witness.Deviation() {
                public long[] substituteTuple(TablePlan table, long[] tuple) {
                    return new long[] {0};
                }
            }), "vector " + i + " one bit narrower than its values");
        }
    }

    /**
     * At the key level: a verifying key states its widths and proves them; narrowing or widening a
     * declared width, or grafting another key's weights proof, makes the key unreadable.
     */
    @Test
    void aKeyWhoseWidthsOrWeightsProofAreForgedIsRefused() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        ProvingKey pk = ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        VerifyingKey vk = VerifyingKey.decode(pk.verifyingKey().encode(), "model.vk");
        assertEquals(widths(m), vk.weightWidths());
        List<Integer> narrower = new ArrayList<>(vk.weightWidths());
        narrower.set(0, narrower.get(0) - 1);
        VerifyingKey honest = pk.verifyingKey();
        WeightsProof original = honestProof(pk);
        List<Integer> wider = new ArrayList<>(vk.weightWidths());
        wider.set(1, wider.get(1) + 1);
        for (WeightsProof forged : List.of(new WeightsProof(narrower, original.transcripts()), new WeightsProof(wider, original.transcripts()),
                honestProof(ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS)))) {
            VerifyingKey evil = new VerifyingKey(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, honest.commitment(),
                    honest.proofParameters(), m.parameterCount(), forged);
            io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                    () -> VerifyingKey.decode(evil.encode(), "evil.vk"));
            assertTrue(e.getMessage().contains("weights proof"), e.getMessage());
        }
    }

    private static WeightsProof honestProof(ProvingKey pk) {
        return pk.verifyingKey().weightsProof();
    }
}
