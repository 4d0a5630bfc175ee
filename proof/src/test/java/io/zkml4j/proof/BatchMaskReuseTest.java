package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.witness.ModelVectors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A vector's mask R lives on x_1..x_4 and is scaled by x_0(1 − x_0), so two revealed values of the
 * same vector at points that agree on their first five coordinates carry the same mask term, and
 * their difference would be unmasked. (The independent review found exactly this in batched proofs,
 * where the dense relation revealed its input at its own batch point.) In a batched proof the dense
 * relation and the activation lookup must reveal a hidden activation at the same point: the same value.
 */
class BatchMaskReuseTest {
    /** A prover channel that keeps the "revealed" message. */
    static class Capture extends io.zkml4j.core.testing.ForwardingProverChannel {
        long[] revealed;

        Capture(ProverChannel inner) {
            super(inner);
        }

        @Override
        public void sendExt(String l, long[] e) {
            if (l.equals("revealed")) {
                revealed = e.clone();
            }
            inner.sendExt(l, e);
        }

        @Override
        public boolean isFiatShamir() {
            return false;
        }
    }

    /** Per run (challenges fixed, fresh prover randomness): {h' revealed by dense.fc2, h' revealed by the lookup}. */
    static Ext2[][] reveals(QuantizedModel m, List<long[]> inputs, int runs, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, inputs.size(), Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        int at = 0, dense = -1, lookup = -1;
        for (Relation r : Relations.of(circuit)) {
            if (r.label().equals("dense.fc2")) {
                dense = at; // [h', W'] (the summed input first, then the folded weights)
            } else if (r.label().equals("lookup.fc1.activation")) {
                lookup = at + 2; // [inverse', t', h']
            }
            at += r.revealedCount();
        }
        assertTrue(dense >= 0 && lookup >= 0);
        Random prover = new Random(seed);
        Ext2[][] out = new Ext2[runs][];
        for (int i = 0; i < runs; i++) {
            SealedCommitment model = TestCommitments.seal(vectors, prover);
            SplittableRandom fixed = new SplittableRandom(7);
            FiatShamirProver rec = ScriptedChannels.recorder();
            Capture ch = new Capture(ScriptedChannels.prover(rec, new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt),
                    new ScriptedChannels.Tape()));
            InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, inputs), new byte[] {1}, ch, prover);
            Ext2[] rev = ExtVectors.toArray(ch.revealed);
            out[i] = new Ext2[] {rev[dense], rev[lookup]};
        }
        return out;
    }

    static QuantizedModel sigmoidMlp() {
        return TestModels.mlp(40, 20, 10, Activation.sigmoid(1.0 / 1024, 14), 31);
    }

    static QuantizedModel permuted(QuantizedModel a) {
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 7 + 3) % 20;
        }
        return InferenceZeroKnowledgeTest.permuteHidden(a, perm);
    }

    @Test
    void batchedProofRevealsEachVectorAtOnePoint() {
        QuantizedModel a = sigmoidMlp();
        List<long[]> inputs = List.of(TestModels.input(40, 32), TestModels.input(40, 33));
        Ext2[][] ra = reveals(a, inputs, 4, 1);
        for (int i = 0; i < ra.length; i++) {
            assertEquals(ra[i][0], ra[i][1], "the two relations reveal the hidden activation at different points");
            if (i > 0) {
                assertNotEquals(ra[0][0], ra[i][0], "the revealed value is not fresh in every proof");
            }
        }
    }
}
