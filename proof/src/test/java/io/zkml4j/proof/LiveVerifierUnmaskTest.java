package io.zkml4j.proof;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
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
 * Every revealed value is f̃(r) + r_0(1 − r_0)·R(r_1..r_4): a first sumcheck challenge r_0 in
 * {0, 1} would zero the mask factor of every revealed value at once, and a dishonest live
 * verifier that also picked Boolean relation points would read committed weights one by one
 * (found by the independent review). The prover must refuse such a challenge.
 */
class LiveVerifierUnmaskTest {
    /** A live verifier that answers 0 for the relations sumcheck and for dense.fc1's output point. */
    static final class Malicious extends BatchMaskReuseTest.Capture {
        Malicious(ProverChannel inner) {
            super(inner);
        }

        @Override
        public Ext2 challengeExt(String l) {
            Ext2 honest = inner.challengeExt(l);
            return l.equals("relations.r") || l.equals("dense.fc1.rho") ? Ext2.ZERO : honest;
        }
    }

    @Test
    void theProverRefusesAFirstChallengeThatUnmasks() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 1);
        Circuit circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(circuit);
        io.zkml4j.core.sealed.SealedCommitment model = TestCommitments.seal(vectors, new Random(3));
        SplittableRandom fixed = new SplittableRandom(1);
        Malicious ch = new Malicious(ScriptedChannels.prover(ScriptedChannels.recorder(),
                new ScriptedChannels.Script(() -> Rand.ext(fixed), fixed::nextInt), new ScriptedChannels.Tape()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InferenceProtocol.prove(
                new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, List.of(TestModels.input(40, 2))), new byte[] {1}, ch, new Random(4)));
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
        assertNull(ch.revealed, "the prover sent the masked values before refusing");
    }
}
