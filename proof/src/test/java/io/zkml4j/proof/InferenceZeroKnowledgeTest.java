package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.sealed.SealedCommitment;
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
    /** The same with the folded opening (rows of 2^9, a code 4 times 2^10). */
    static final LigeroParameters SUCCINCT = io.zkml4j.core.pcs.SuccinctParameters.forSecurity(24, 9, 2, 2, 0, Sha256.INSTANCE);

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

    /** The model with every weight on input feature 0 set to zero: inputs that differ only there give the same output. */
    static QuantizedModel withoutFirstFeature(QuantizedModel m) {
        QLayer.Dense l1 = (QLayer.Dense) m.layers().get(0);
        long[] w = l1.weight().clone();
        for (int o = 0; o < l1.out(); o++) {
            w[o * l1.in()] = 0;
        }
        return new QuantizedModel(m.name(), m.tensors(), m.input(), m.output(), List.of(
                new QLayer.Dense(l1.name(), l1.input(), l1.output(), l1.in(), l1.out(), w, l1.bias(), l1.requant()), m.layers().get(1)));
    }

    /**
     * Every word of the proof (field elements, the first word of each digest) over many proofs with
     * the challenges fixed: runs × positions.
     */
    static long[][] transcripts(QuantizedModel m, Circuit.Options options, long[] x, int runs, long seed) {
        return transcripts(m, options, x, runs, seed, PARAMS);
    }

    static long[][] transcripts(QuantizedModel m, Circuit.Options options, long[] x, int runs, long seed, LigeroParameters params) {
        Circuit circuit = CircuitCompiler.compile(m, 1, options);
        long[][] vectors = ModelVectors.build(circuit);
        return words(vectors, runs, seed, (model, ch, prover) ->
                InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, params, vectors, List.of(x)), new byte[] {1}, ch, prover));
    }

    /** One proof on a channel whose challenges are fixed, with fresh prover randomness and the weights sealed afresh. */
    interface ProofRun {
        void prove(SealedCommitment model, ProverChannel ch, Random prover);
    }

    /**
     * The words of {@code runs} proofs (field elements, the first word of each digest), the
     * challenges the same in every run: runs × positions.
     */
    static long[][] words(long[][] modelVectors, int runs, long seed, ProofRun run) {
        Random prover = new Random(seed);
        long[][] out = new long[runs][];
        for (int i = 0; i < runs; i++) {
            SealedCommitment model = TestCommitments.seal(modelVectors, prover);
            SplittableRandom fixed = new SplittableRandom(7);
            FiatShamirProver rec = ScriptedChannels.recorder();
            ProverChannel ch = ScriptedChannels.prover(rec, new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt),
                    new ScriptedChannels.Tape());
            run.prove(model, ch, prover);
            byte[] proof = rec.proof();
            List<int[]> elements = ProofMutator.elements(proof);
            out[i] = elements.stream().filter(e -> e[1] != 4).mapToLong(e -> ProofMutator.word(proof, e[0])).toArray();
        }
        return out;
    }

    /**
     * The two witnesses' transcripts must look alike position by position: no word may be
     * deterministic (the same in every run) unless it is the same constant for both, and the low
     * bits must pass a χ² homogeneity test with a family-wide threshold.
     */
    static void assertIndistinguishable(long[][] a, long[][] b) {
        int positions = a[0].length;
        assertEquals(positions, b[0].length, "the proofs differ in length");
        int runs = a.length;
        int checked = 0;
        for (int p = 0; p < positions; p++) {
            long[] va = new long[runs], vb = new long[runs];
            for (int i = 0; i < runs; i++) {
                va[i] = a[i][p];
                vb[i] = b[i][p];
            }
            long distinctA = Arrays.stream(va).distinct().count(), distinctB = Arrays.stream(vb).distinct().count();
            if (distinctA == 1 && distinctB == 1 && va[0] == vb[0]) {
                continue; // a constant of the proof's structure
            }
            assertEquals(runs, distinctA, "word " + p + " of " + positions + " is not fresh in every proof: it depends on the witness");
            assertEquals(runs, distinctB, "word " + p + " of " + positions + " is not fresh in every proof: it depends on the witness");
            double chi = Statistics.chiSquareHomogeneityLowBits(va, vb, 2);
            assertTrue(chi < 40.0, "word " + p + " is distributed differently for the two witnesses: chi2(3) = " + chi);
            checked++;
        }
        assertTrue(checked > positions / 2, "only " + checked + " of " + positions + " words vary");
    }

    @Test
    void proofsDoNotDependOnTheWeights() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 31);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 7 + 3) % 20;
        }
        QuantizedModel b = permuteHidden(a, perm);
        long[] x = TestModels.input(40, 32);
        assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
        assertFalse(Arrays.equals(((QLayer.Dense) a.layers().get(0)).weight(), ((QLayer.Dense) b.layers().get(0)).weight()));
        int runs = 40;
        assertIndistinguishable(transcripts(a, Circuit.Options.DEFAULT, x, runs, 1), transcripts(b, Circuit.Options.DEFAULT, x, runs, 2));
    }

    /** The folded opening ({@code zkml commit --pcs basefold}): its rounds, roots, folded values and columns too. */
    @Test
    void succinctProofsDoNotDependOnTheWeightsOrAPrivateInput() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 35);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 3 + 5) % 20;
        }
        QuantizedModel b = permuteHidden(a, perm);
        long[] x = TestModels.input(40, 36);
        assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
        int runs = 40;
        assertIndistinguishable(transcripts(a, Circuit.Options.DEFAULT, x, runs, 5, SUCCINCT), transcripts(b, Circuit.Options.DEFAULT, x, runs, 6, SUCCINCT));
        QuantizedModel dead = withoutFirstFeature(a);
        long[] y = x.clone();
        y[0] = -x[0] + 17;
        Circuit.Options hidden = new Circuit.Options(true);
        assertIndistinguishable(transcripts(dead, hidden, x, runs, 7, SUCCINCT), transcripts(dead, hidden, y, runs, 8, SUCCINCT));
    }

    @Test
    void proofsDoNotDependOnAPrivateInput() {
        // Feature 0 has no weight, so two inputs that differ only there give the same output.
        QuantizedModel dead = withoutFirstFeature(TestModels.mlp(40, 20, 10, Activation.RELU, 33));
        long[] x = TestModels.input(40, 34);
        long[] y = x.clone();
        y[0] = -x[0] + 17;
        assertArrayEquals(QuantizedExecutor.run(dead, x).value("y"), QuantizedExecutor.run(dead, y).value("y"), "same output");
        int runs = 40;
        Circuit.Options hidden = new Circuit.Options(true);
        assertIndistinguishable(transcripts(dead, hidden, x, runs, 3), transcripts(dead, hidden, y, runs, 4));
    }
}
