package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.testing.ForwardingProverChannel;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Review (LogUp-GKR): every word the fraction trees send — each sumcheck's masked sum T = H + β·G,
 * every round polynomial's values, every revealed masked value (tops, derived halves, leaves,
 * multiplicities) — is bound by the verifier. A proof with any one such word changed to another
 * canonical field element (so the record still parses) is rejected, and rejected cleanly with an
 * InvalidProofException: a revealed value is pinned by its sumcheck's last step or by the claim on
 * its commitment, a round value by the next round's sum, T by the hidden claim on the committed
 * masks and carried terms.
 */
class LookupTreesTranscriptReviewTest {
    /** Where one ext record of the trees lies in the proof: its payload's end and its word count. */
    private record Rec(String label, int end, int words) {}

    @Test
    void everyWordTheTreesSendIsBound() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 7);
        long[] x = TestModels.input(40, 8);
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment model = TestCommitments.seal(vectors, new Random(9));
        FiatShamirProver p = new FiatShamirProver(InferenceProtocolTest.PARAMS.hash(), TestCommitments.domain(InferenceProtocolTest.PARAMS));
        List<Rec> records = new ArrayList<>();
        ForwardingProverChannel watch = new ForwardingProverChannel(p) {
            @Override
            public void sendExt(String l, long[] e) {
                inner.sendExt(l, e);
                if (l.contains(".logup")) {
                    records.add(new Rec(l, p.size(), e.length));
                }
            }
        };
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, InferenceProtocolTest.PARAMS, vectors, List.of(x)),
                InferenceProtocolTest.DIGEST, watch, new Random(10));
        byte[] honest = p.proof();
        InferenceProtocolTest.Proven pr = new InferenceProtocolTest.Proven(circuit, model, List.of(x), outputs, honest);
        InferenceProtocolTest.verify(pr, pr.inputs(), pr.outputs(), honest); // the harness accepts the honest proof
        assertTrue(records.stream().anyMatch(r -> r.label().endsWith(".revealed")), "no revealed values of the trees recorded");
        assertTrue(records.stream().anyMatch(r -> r.label().endsWith(".maskedSum")), "no masked sums of the trees recorded");
        assertTrue(records.size() >= 20, "only " + records.size() + " records of the trees");
        Random pick = new Random(11);
        for (Rec r : records) {
            int word = pick.nextInt(r.words());
            int at = r.end() - 8 * (r.words() - word);
            byte[] bad = honest.clone();
            long v = 0;
            for (int k = 7; k >= 0; k--) {
                v = (v << 8) | (bad[at + k] & 0xFF);
            }
            long w = Goldilocks.add(v, 1 + pick.nextInt(1000));
            for (int k = 0; k < 8; k++) {
                bad[at + k] = (byte) (w >>> (8 * k));
            }
            try {
                InferenceProtocolTest.verify(pr, pr.inputs(), pr.outputs(), bad);
                fail(r.label() + " word " + word + ": a changed word of the trees was accepted");
            } catch (InvalidProofException expected) {
                // rejected cleanly
            } catch (Exception e) {
                throw new AssertionError(r.label() + " word " + word + ": the verifier threw " + e + " instead of rejecting", e);
            }
        }
    }
}
