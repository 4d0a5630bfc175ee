package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.InnerProductInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Findings of the independent review: degenerate challenges and weak parameters. */
class DishonestVerifierTest {
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    @Test
    void proverRefusesAZeroEvaluationMask() {
        SplittableRandom r = new SplittableRandom(1);
        long[] t = Rand.base(1 << 6, r);
        CommittedPolynomials cp = new LigeroPcs().commit(PARAMS, List.of(t));
        Ext2[] z = Rand.point(6, r);
        // A verifier answering every challenge with zero (λ_S among them).
        ProverChannel zeros = ScriptedChannels.prover(ScriptedChannels.recorder(),
                new ScriptedChannels.Script(() -> Ext2.ZERO, b -> 0), new ScriptedChannels.Tape());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LigeroPcs().open(List.of(cp), List.of(LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z))), zeros));
        assertTrue(e.getMessage().contains("unmask"), e.getMessage());
    }

    @Test
    void zeroKnowledgeSumcheckRefusesAZeroMaskCoefficient() {
        SplittableRandom r = new SplittableRandom(2);
        long[] f = Rand.base(8, r), g = Rand.base(8, r);
        ProverChannel zeros = ScriptedChannels.prover(ScriptedChannels.recorder(),
                new ScriptedChannels.Script(() -> Ext2.ZERO, b -> 0), new ScriptedChannels.Tape());
        assertThrows(IllegalStateException.class, () -> ZkSumcheck.prove(new InnerProductInstance(f, g, true),
                Ext2.ZERO, SumcheckMask.random(3, 2, Rand.random(1)), zeros, "z"));
    }

    @Test
    void proximityRowStaysMaskedWhateverTheChallenges() {
        // The proximity mask's two rows have fixed weights (1, φ): with every γ = 1 the row still
        // differs between two openings of the same table.
        SplittableRandom r = new SplittableRandom(3);
        long[] t = Rand.base(1 << 6, r);
        Ext2[] z = Rand.point(6, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        long[][] rows = new long[2][];
        for (int run = 0; run < 2; run++) {
            CommittedPolynomials cp = new LigeroPcs(new java.util.Random(run)).commit(PARAMS, List.of(t));
            FiatShamirProver rec = ScriptedChannels.recorder();
            ProverChannel ones = ScriptedChannels.prover(rec, new ScriptedChannels.Script(() -> Ext2.ONE, b -> 0),
                    new ScriptedChannels.Tape());
            new LigeroPcs(new java.util.Random(10 + run)).open(List.of(cp), List.of(claim), ones);
            var records = io.zkml4j.core.testing.ProofMutator.records(rec.proof());
            int offset = records.get(4 + PARAMS.logRowWidth()).payloadOffset();
            rows[run] = new long[] {io.zkml4j.core.testing.ProofMutator.word(rec.proof(), offset),
                    io.zkml4j.core.testing.ProofMutator.word(rec.proof(), offset + 8)};
        }
        assertFalse(java.util.Arrays.equals(rows[0], rows[1]));
    }

    @Test
    void verifierCanDemandAMinimumSecurity() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        long[] t = Rand.base(1 << 5, r);
        CommittedPolynomials cp = new LigeroPcs().commit(PARAMS, List.of(t));
        Ext2[] z = Rand.point(5, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, "min");
        new LigeroPcs().open(List.of(cp), List.of(claim), p);
        LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), new FiatShamirVerifier(Sha256.INSTANCE, "min", p.proof()), 20);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> LigeroPcs.verify(List.of(cp.commitment()),
                List.of(claim), new FiatShamirVerifier(Sha256.INSTANCE, "min", p.proof()), 100));
        assertTrue(e.getMessage().contains("below the required"), e.getMessage());
    }

    @Test
    void invalidParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LigeroParameters(4, -63, 1, 1, 0, Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> LigeroParameters.forSecurity(100, 12, 2, 0, 0, Sha256.INSTANCE));
        LigeroParameters p = LigeroParameters.forSecurity(100, 12, 2, 1, 0, Sha256.INSTANCE);
        assertTrue(p.security().bits() >= 100, "the combined figure reaches the target: " + p.security());
    }
}
