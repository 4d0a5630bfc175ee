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
 * relation reveals a hidden activation at the one sumcheck point with the vector's own mask; the
 * lookups' trees reveal the same vector at their own points, each under a fold mask of its own, so
 * none of their values repeats the dense one, and all are fresh in every proof.
 */
class BatchMaskReuseTest {
    /** A prover channel that keeps the "revealed" message and every value the lookups' trees reveal. */
    static class Capture extends io.zkml4j.core.testing.ForwardingProverChannel {
        long[] revealed;
        final List<Ext2> trees = new java.util.ArrayList<>();

        Capture(ProverChannel inner) {
            super(inner);
        }

        @Override
        public void sendExt(String l, long[] e) {
            if (l.equals("revealed")) {
                revealed = e.clone();
            } else if (l.startsWith("relations.logup.") && l.endsWith(".revealed")) {
                trees.addAll(java.util.Arrays.asList(ExtVectors.toArray(e)));
            }
            inner.sendExt(l, e);
        }

        @Override
        public boolean isFiatShamir() {
            return false;
        }
    }

    /** Per run (challenges fixed, fresh prover randomness): h' revealed by dense.fc2, then every value the trees reveal. */
    static List<List<Ext2>> reveals(QuantizedModel m, List<long[]> inputs, int runs, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, inputs.size(), Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        int at = 0, dense = -1;
        for (Relation r : Relations.of(circuit)) {
            if (r.label().equals("dense.fc2")) {
                dense = at; // [h', W'] (the summed input first, then the folded weights)
            }
            at += r.revealedCount();
        }
        assertTrue(dense >= 0);
        Random prover = new Random(seed);
        List<List<Ext2>> out = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            SealedCommitment model = TestCommitments.seal(vectors, prover);
            SplittableRandom fixed = new SplittableRandom(7);
            FiatShamirProver rec = ScriptedChannels.recorder();
            Capture ch = new Capture(ScriptedChannels.prover(rec, new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt),
                    new ScriptedChannels.Tape()));
            InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, inputs), new byte[] {1}, ch, prover);
            List<Ext2> run = new java.util.ArrayList<>();
            run.add(ExtVectors.toArray(ch.revealed)[dense]);
            run.addAll(ch.trees);
            out.add(run);
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
    void treesRevealTheHiddenActivationUnderMasksOfTheirOwn() {
        QuantizedModel a = sigmoidMlp();
        List<long[]> inputs = List.of(TestModels.input(40, 32), TestModels.input(40, 33));
        List<List<Ext2>> runs = reveals(a, inputs, 4, 1);
        assertTrue(runs.get(0).size() > 1, "the trees revealed nothing");
        for (int i = 0; i < runs.size(); i++) {
            List<Ext2> run = runs.get(i);
            Ext2 dense = run.get(0);
            assertFalse(run.subList(1, run.size()).contains(dense), "a tree reveals the dense relation's value of the hidden activation");
            if (i > 0) {
                for (Ext2 v : run) {
                    assertFalse(runs.get(0).contains(v), "a revealed value is not fresh in every proof");
                }
            }
        }
    }
}
