package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
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
 * The review's first attack on live mode, replayed: the verifier draws the relations sumcheck's
 * first challenge r_0 in the extension but r_1..r_4 in the base field, reads the revealed values and
 * hangs up before any column is opened. Every revealed value is f̃(r) + c·R(r_1..r_4) with
 * c = r_0(1 − r_0); with base-field masks R(r_1..r_4) stayed in the base field, so the φ component
 * of revealed/c was a linear function of the hidden vector with coefficients the verifier chose
 * (about 1,000 sessions recovered a 32×32 layer). Now both components must be fresh in every
 * session and distributed alike for different weights, private inputs and activations.
 */
class BaseFieldChallengeAttackTest {
    /** Raised by the attacker when it hangs up. */
    static final class HangUp extends RuntimeException {
        HangUp() {
            super("verifier hung up", null, false, false);
        }
    }

    /** The attacking verifier: base-field r_1..r_4, hangs up once it has the revealed values. */
    static final class BaseFieldVerifier extends BatchMaskReuseTest.Capture {
        private final SplittableRandom choices;
        private int round;
        Ext2 maskFactor;

        BaseFieldVerifier(ProverChannel inner, long seed) {
            super(inner);
            this.choices = new SplittableRandom(seed);
        }

        @Override
        public Ext2 challengeExt(String l) {
            Ext2 honest = inner.challengeExt(l);
            if (!l.equals("relations.r")) {
                return honest;
            }
            int i = round++;
            if (i == 0) {
                maskFactor = honest.mul(Ext2.ONE.sub(honest));
            }
            return i >= 1 && i <= MaskedInstance.MASK_VARS ? Ext2.fromBase(Rand.field(choices)) : honest;
        }

        @Override
        public void sendExt(String l, long[] e) {
            super.sendExt(l, e);
            if (l.equals("revealed")) {
                throw new HangUp();
            }
        }
    }

    /** Per session: both components of every revealed value divided by r_0(1 − r_0), the attacker's view. */
    static long[][] attackerViews(QuantizedModel m, Circuit.Options options, long[] x, int sessions, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, 1, options);
        long[][] vectors = ModelVectors.build(circuit);
        Random prover = new Random(seed);
        long[][] out = new long[sessions][];
        for (int s = 0; s < sessions; s++) {
            SealedCommitment model = TestCommitments.seal(vectors, prover);
            SplittableRandom fixed = new SplittableRandom(11); // the attacker replays the same challenges every session
            BaseFieldVerifier ch = new BaseFieldVerifier(ScriptedChannels.prover(ScriptedChannels.recorder(),
                    new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt), new ScriptedChannels.Tape()), 12);
            assertThrows(HangUp.class, () -> InferenceProtocol.prove(
                    new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, List.of(x)), new byte[] {1}, ch, prover));
            Ext2 inverse = ch.maskFactor.inverse();
            Ext2[] revealed = ExtVectors.toArray(ch.revealed);
            long[] view = new long[2 * revealed.length];
            for (int i = 0; i < revealed.length; i++) {
                Ext2 v = revealed[i].mul(inverse);
                view[2 * i] = v.c0;
                view[2 * i + 1] = v.c1;
            }
            out[s] = view;
        }
        return out;
    }

    /** Permuting the hidden units changes the weights and the hidden activations, not the function. */
    @Test
    void hiddenWeightsAndActivationsStayHidden() {
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 41);
        int[] perm = new int[20];
        for (int j = 0; j < 20; j++) {
            perm[j] = (j * 11 + 5) % 20;
        }
        QuantizedModel b = InferenceZeroKnowledgeTest.permuteHidden(a, perm);
        long[] x = TestModels.input(40, 42);
        assertArrayEquals(QuantizedExecutor.run(a, x).value("y"), QuantizedExecutor.run(b, x).value("y"), "same function");
        assertFalse(Arrays.equals(((QLayer.Dense) a.layers().get(0)).weight(), ((QLayer.Dense) b.layers().get(0)).weight()));
        InferenceZeroKnowledgeTest.assertIndistinguishable(attackerViews(a, Circuit.Options.DEFAULT, x, 40, 1),
                attackerViews(b, Circuit.Options.DEFAULT, x, 40, 2));
    }

    @Test
    void privateInputsStayHidden() {
        // Feature 0 has no weight: two private inputs that differ there give the same output.
        QuantizedModel dead = InferenceZeroKnowledgeTest.withoutFirstFeature(TestModels.mlp(40, 20, 10, Activation.sigmoid(1.0 / 1024, 14), 43));
        long[] x = TestModels.input(40, 44);
        long[] y = x.clone();
        y[0] = -x[0] + 23;
        assertArrayEquals(QuantizedExecutor.run(dead, x).value("y"), QuantizedExecutor.run(dead, y).value("y"), "same output");
        Circuit.Options hidden = new Circuit.Options(true);
        InferenceZeroKnowledgeTest.assertIndistinguishable(attackerViews(dead, hidden, x, 40, 3), attackerViews(dead, hidden, y, 40, 4));
    }
}
