package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.testing.Statistics;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.ProverChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Zero-knowledge of the commitment's openings: a simulator that knows only the claim produces
 * accepting transcripts, and what an opening reveals has the same (uniform) distribution for two
 * different committed tables with the same claimed value.
 */
class LigeroZeroKnowledgeTest {
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
    static final int N = 7;

    /**
     * A base-field table t' with ⟨eq(z), t'⟩ = value: random, then entries 0 and 1 solved from the two
     * base-field equations the one extension equation amounts to.
     */
    static long[] tableWithValue(Ext2[] z, Ext2 value, SplittableRandom r) {
        long[] t = Rand.base(1 << z.length, r);
        long[] eq = Multilinear.eqTable(z);
        t[0] = 0;
        t[1] = 0;
        Ext2 rest = value.sub(ExtVectors.innerProductBase(eq, t));
        // e0·x + e1·y = rest over E: solve the 2×2 system in F for (x, y).
        Ext2 e0 = Ext2.at(eq, 0), e1 = Ext2.at(eq, 1);
        long det = Goldilocks.sub(Goldilocks.mul(e0.c0, e1.c1), Goldilocks.mul(e1.c0, e0.c1));
        long inv = Goldilocks.inverse(det);
        t[0] = Goldilocks.mul(Goldilocks.sub(Goldilocks.mul(rest.c0, e1.c1), Goldilocks.mul(e1.c0, rest.c1)), inv);
        t[1] = Goldilocks.mul(Goldilocks.sub(Goldilocks.mul(e0.c0, rest.c1), Goldilocks.mul(rest.c0, e0.c1)), inv);
        assertEquals(value, Multilinear.evaluateBase(t, z));
        return t;
    }

    @Test
    void simulatorKnowingOnlyTheClaimIsAccepted() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        long[] secret = Rand.base(1 << N, r);
        Ext2[] z = Rand.point(N, r);
        Ext2 value = Multilinear.evaluateBase(secret, z);
        // The simulator: a table consistent with the public claim, its own challenges, the honest code.
        long[] fake = tableWithValue(z, value, new SplittableRandom(2));
        assertNotEquals(secret[5], fake[5]);
        LigeroPcs pcs = new LigeroPcs(new java.util.Random(3));
        CommittedPolynomials cp = pcs.commit(PARAMS, List.of(fake));
        SplittableRandom challenges = new SplittableRandom(4);
        ScriptedChannels.Tape tape = new ScriptedChannels.Tape();
        FiatShamirProver recorder = ScriptedChannels.recorder();
        ProverChannel ch = ScriptedChannels.prover(recorder,
                new ScriptedChannels.Script(() -> Rand.ext(challenges), challenges::nextInt), tape);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, value);
        pcs.open(List.of(cp), List.of(claim), ch);
        // The verifier, replaying those challenges, accepts: the transcript needed no witness.
        LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), ScriptedChannels.verifier(recorder.proof(), tape));
    }

    /** Revealed words of an opening with fixed challenges and fresh prover randomness. */
    static long[][] revealed(long[] table, Ext2[] z, int runs, long seed) {
        Ext2 value = Multilinear.evaluateBase(table, z);
        long[][] out = new long[5][runs];
        java.util.Random proverRandomness = new java.util.Random(seed);
        for (int i = 0; i < runs; i++) {
            LigeroPcs pcs = new LigeroPcs(proverRandomness);
            CommittedPolynomials cp = pcs.commit(PARAMS, List.of(table));
            SplittableRandom challenges = new SplittableRandom(77); // the same every run
            FiatShamirProver recorder = ScriptedChannels.recorder();
            ProverChannel ch = ScriptedChannels.prover(recorder,
                    new ScriptedChannels.Script(() -> Rand.ext(challenges), challenges::nextInt), new ScriptedChannels.Tape());
            pcs.open(List.of(cp), List.of(LinearClaim.evaluation(0, 0, z, value)), ch);
            byte[] proof = recorder.proof();
            List<ProofMutator.Record> rec = ProofMutator.records(proof);
            int a = PARAMS.logRowWidth();
            ProofMutator.Record firstRound = rec.get(2), eval = rec.get(3 + a), proximity = rec.get(4 + a), columns = rec.get(6 + a);
            out[0][i] = ProofMutator.word(proof, firstRound.payloadOffset());
            out[1][i] = ProofMutator.word(proof, eval.payloadOffset());
            out[2][i] = ProofMutator.word(proof, proximity.payloadOffset() + 8);
            out[3][i] = ProofMutator.word(proof, columns.payloadOffset());
            // v0 − v1 − v2 + v3 cancels the reduction mask's rows (affine and x_i·x_i parts over columns
            // 0..3), so only the evaluation mask S randomises it.
            long[] v = new long[4];
            for (int c = 0; c < 4; c++) {
                v[c] = ProofMutator.word(proof, eval.payloadOffset() + 16 * c);
            }
            out[4][i] = Goldilocks.add(Goldilocks.sub(Goldilocks.sub(v[0], v[1]), v[2]), v[3]);
        }
        return out;
    }

    @Test
    void openingsRevealNothingBeyondTheClaim() {
        SplittableRandom r = new SplittableRandom(5);
        long[] t1 = Rand.base(1 << N, r);
        Ext2[] z = Rand.point(N, r);
        long[] t2 = tableWithValue(z, Multilinear.evaluateBase(t1, z), r); // another table, same claim
        int runs = 320;
        long[][] a = revealed(t1, z, runs, 10);
        long[][] b = revealed(t2, z, runs, 11);
        String[] names = {"reduction round", "evaluation row", "proximity row", "opened column", "evaluation row difference"};
        for (int k = 0; k < names.length; k++) {
            double same = Statistics.chiSquareHomogeneityLowBits(a[k], b[k], 4);
            assertTrue(same < Statistics.CHI2_15_P001, names[k] + " differs between witnesses: chi2 = " + same);
            double uniformA = Statistics.chiSquareUniformLowBits(a[k], 4);
            assertTrue(uniformA < Statistics.CHI2_15_P001, names[k] + " is not uniform: chi2 = " + uniformA);
            // A broken mask would make these constant across runs; the test would then fail here.
            assertTrue(java.util.Arrays.stream(a[k]).distinct().count() > runs - 5, names[k] + " repeats across runs");
        }
    }
}
