package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.testing.Statistics;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a proof reveals does not depend on the hidden weights beyond the public output. Two models
 * that differ only by a permutation of their hidden units have different committed weights but
 * compute the same function; with the challenges fixed and fresh prover randomness, the values a
 * proof reveals must be distributed alike (and uniformly) for both.
 */
class InferenceZeroKnowledgeTest {
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 9, 3, 1, 0, Sha256.INSTANCE);

    static QuantizedModel permuteHidden(QuantizedModel m, int[] perm) {
        QLayer.Dense l1 = (QLayer.Dense) m.layers().get(0);
        QLayer.Dense l2 = (QLayer.Dense) m.layers().get(1);
        long[] w1 = new long[l1.weight().length], b1 = new long[l1.bias().length], w2 = new long[l2.weight().length];
        for (int j = 0; j < l1.out(); j++) {
            System.arraycopy(l1.weight(), j * l1.in(), w1, perm[j] * l1.in(), l1.in());
            b1[perm[j]] = l1.bias()[j];
            for (int o = 0; o < l2.out(); o++) {
                w2[o * l2.in() + perm[j]] = l2.weight()[o * l2.in() + j];
            }
        }
        return new QuantizedModel(m.name(), m.tensors(), m.input(), m.output(), List.of(
                new QLayer.Dense(l1.name(), l1.input(), l1.output(), l1.in(), l1.out(), w1, b1, l1.requant()),
                new QLayer.Dense(l2.name(), l2.input(), l2.output(), l2.in(), l2.out(), w2, l2.bias(), l2.requant())));
    }

    /** Words of the revealed values (the record before the opening's mask root), over many proofs. */
    static long[][] revealed(QuantizedModel m, long[] x, int runs, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        Random prover = new Random(seed);
        long[][] out = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            CommittedPolynomials model = new LigeroPcs(prover).commit(PARAMS, Arrays.asList(vectors));
            SplittableRandom fixed = new SplittableRandom(7);
            FiatShamirProver rec = ScriptedChannels.recorder();
            ProverChannel ch = ScriptedChannels.prover(rec, new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt),
                    new ScriptedChannels.Tape());
            InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, vectors, List.of(x)), new byte[] {1}, ch, prover);
            byte[] proof = rec.proof();
            List<ProofMutator.Record> records = ProofMutator.records(proof);
            int digests = 0;
            int revealedAt = -1;
            for (int k = 0; k < records.size(); k++) {
                if (records.get(k).kind() == 3 && ++digests == 3) {
                    revealedAt = k - 1; // the record just before the opening's mask root
                    break;
                }
            }
            ProofMutator.Record rev = records.get(revealedAt);
            out[0][i] = ProofMutator.word(proof, rev.payloadOffset());        // fc1: W'(ρ, s)
            out[1][i] = ProofMutator.word(proof, rev.payloadOffset() + 16);   // fc2: W'(ρ, s)
        }
        return out;
    }

    @Test
    void revealedValuesDoNotDependOnTheWeights() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 31);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 7 + 3) % 20;
        }
        QuantizedModel b = permuteHidden(a, perm);
        long[] x = TestModels.input(40, 32);
        assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
        assertFalse(Arrays.equals(((QLayer.Dense) a.layers().get(0)).weight(), ((QLayer.Dense) b.layers().get(0)).weight()));
        int runs = 48;
        long[][] ra = revealed(a, x, runs, 1);
        long[][] rb = revealed(b, x, runs, 2);
        for (int k = 0; k < 2; k++) {
            double same = Statistics.chiSquareHomogeneityLowBits(ra[k], rb[k], 2);
            assertTrue(same < 16.27, "revealed value " + k + " depends on the weights: chi2(3) = " + same);
            assertTrue(Arrays.stream(ra[k]).distinct().count() == runs, "revealed value " + k + " repeats: the mask is missing");
        }
    }
}
