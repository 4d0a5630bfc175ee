package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.testing.ScriptedChannels;
import io.zkml4j.core.testing.Statistics;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ZkSumcheckTest {
    static final String DS = "zk-sumcheck-test/v1";

    static Ext2 innerProduct(long[] f, long[] g) {
        return new ProductSumInstance(new long[][] {f, g}, true, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1))).sum();
    }

    static void verify(byte[] proof, Ext2 claim, int n, long[] f, long[] g, SumcheckMask mask) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        ZkSumcheck.Verification res = ZkSumcheck.verify(claim, n, 2, v, "zk");
        v.finish();
        Ext2[] r = res.point();
        InvalidProofException.check(res.expectedValue().equals(Multilinear.evaluateBase(f, r).mul(Multilinear.evaluateBase(g, r))),
                "oracle mismatch");
        // In a full protocol the mask claim is discharged by the commitment's opening.
        InvalidProofException.check(res.maskValue().equals(mask.evaluate(r)), "mask mismatch");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 8})
    void completeAndSound(int n) throws Exception {
        SplittableRandom r = new SplittableRandom(n);
        long[] f = Rand.base(1 << n, r), g = Rand.base(1 << n, r);
        Ext2 claim = innerProduct(f, g);
        SumcheckMask mask = SumcheckMask.random(n, 2, Rand.random(n));
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        ZkSumcheck.ProverResult res = ZkSumcheck.prove(new InnerProductInstance(f, g, true), claim, mask, p, "zk");
        assertEquals(Multilinear.evaluateBase(f, res.point()).mul(Multilinear.evaluateBase(g, res.point())), res.finalClaim());
        ProofMutator.assertEveryElementMatters(p.proof(), 1, proof -> verify(proof, claim, n, f, g, mask));
        assertThrows(InvalidProofException.class, () -> verify(p.proof(), claim.add(Ext2.ONE), n, f, g, mask));
    }

    @Test
    void maskTableWeightsGiveItsValue() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : new int[] {0, 1, 5}) {
            SumcheckMask mask = SumcheckMask.random(n, 3, Rand.random(n));
            Ext2[] point = Rand.point(n, r);
            long[] table = mask.table();
            assertEquals(SumcheckMask.tableLength(n, 3), table.length);
            assertEquals(mask.evaluate(point), io.zkml4j.core.poly.ExtVectors.innerProductBase(SumcheckMask.weights(point, 3), table));
            // Its sum over the hypercube, by brute force.
            Ext2 sum = Ext2.ZERO;
            for (int b = 0; b < 1 << n; b++) {
                Ext2[] x = new Ext2[n];
                for (int j = 0; j < n; j++) {
                    x[j] = Ext2.fromBase((b >>> j) & 1);
                }
                sum = sum.add(mask.evaluate(x));
            }
            assertEquals(sum, mask.sum());
        }
    }

    /**
     * The simulator picks β and every r first, asks the oracle for f(r)·g(r) once, builds a fake
     * multilinear q with Σ q = H and q(r) = that value, and proves Σ q·1 with a fresh mask. It never
     * sees f or g, and the honest verifier (replaying its challenges) accepts.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 6})
    void simulatorWithoutTheWitnessIsAccepted(int n) throws Exception {
        SplittableRandom r = new SplittableRandom(40 + n);
        long[] f = Rand.base(1 << n, r), g = Rand.base(1 << n, r);
        Ext2 claim = innerProduct(f, g);
        // Simulator: challenges first.
        Ext2 beta = Rand.ext(r);
        Ext2[] point = Rand.point(n, r);
        Ext2 oracle = Multilinear.evaluateBase(f, point).mul(Multilinear.evaluateBase(g, point));
        long[] q = fakeWitness(claim, point, oracle, r);
        long[] ones = new long[1 << n];
        Arrays.fill(ones, 1);
        ScriptedChannels.Tape tape = new ScriptedChannels.Tape();
        Ext2[] script = new Ext2[n + 1];
        script[0] = beta;
        System.arraycopy(point, 0, script, 1, n);
        int[] next = {0};
        FiatShamirProver recorder = ScriptedChannels.recorder();
        ProverChannel simulated = ScriptedChannels.prover(recorder, new ScriptedChannels.Script(() -> script[next[0]++], b -> 0), tape);
        // q is E-valued; prove Σ q·1 as an extension inner product.
        long[] onesExt = io.zkml4j.core.poly.ExtVectors.fromBase(ones);
        ZkSumcheck.prove(new InnerProductInstance(q, onesExt, false), claim, SumcheckMask.random(n, 2, Rand.random(99)), simulated, "zk");
        // The honest verifier accepts the simulated transcript, with the real oracle.
        VerifierChannel v = ScriptedChannels.verifier(recorder.proof(), tape);
        ZkSumcheck.Verification res = ZkSumcheck.verify(claim, n, 2, v, "zk");
        assertArrayEquals(point, res.point());
        assertEquals(oracle, res.expectedValue());
    }

    /** A random multilinear E-table q with Σ q = sum and q(point) = value (two linear constraints). */
    static long[] fakeWitness(Ext2 sum, Ext2[] point, Ext2 value, SplittableRandom r) {
        int n = point.length;
        long[] q = Rand.extTable(1 << n, r);
        long[] eq = Multilinear.eqTable(point);
        // Adjust entries 0 and 1: q0 + q1 = S' and e0 q0 + e1 q1 = V' for the residual sums.
        Ext2 restSum = Multilinear.sumExt(q).sub(Ext2.at(q, 0)).sub(Ext2.at(q, 1));
        Ext2 restVal = io.zkml4j.core.poly.ExtVectors.innerProduct(eq, q)
                .sub(Ext2.at(eq, 0).mul(Ext2.at(q, 0))).sub(Ext2.at(eq, 1).mul(Ext2.at(q, 1)));
        Ext2 s = sum.sub(restSum), v = value.sub(restVal), e0 = Ext2.at(eq, 0), e1 = Ext2.at(eq, 1);
        Ext2 q1 = v.sub(e0.mul(s)).mul(e1.sub(e0).inverse());
        Ext2 q0 = s.sub(q1);
        q0.store(q, 0);
        q1.store(q, 1);
        return q;
    }

    /** The first round's s(0), as revealed in the proof, for many runs with fixed challenges. */
    static long[] revealedFirstRound(long[] f, long[] g, boolean zeroKnowledge, int runs, long seed) {
        int n = Integer.numberOfTrailingZeros(f.length);
        Ext2 claim = innerProduct(f, g);
        long[] out = new long[runs];
        java.util.Random masks = new java.util.Random(seed);
        for (int i = 0; i < runs; i++) {
            SplittableRandom fixed = new SplittableRandom(1234); // same challenges every run
            FiatShamirProver recorder = ScriptedChannels.recorder();
            ProverChannel ch = ScriptedChannels.prover(recorder, new ScriptedChannels.Script(() -> Rand.ext(fixed), b -> 0),
                    new ScriptedChannels.Tape());
            if (zeroKnowledge) {
                ZkSumcheck.prove(new InnerProductInstance(f, g, true), claim, SumcheckMask.random(n, 2, masks), ch, "zk");
            } else {
                Sumcheck.prove(new InnerProductInstance(f, g, true), claim, ch, "zk");
            }
            // Records: [maskSum], round 0 = (s(0), s(2)) ...; take s(0)'s c0 word.
            List<int[]> els = ProofMutator.elements(recorder.proof());
            int offset = els.get(zeroKnowledge ? 2 : 0)[0];
            out[i] = ByteBuffer.wrap(recorder.proof()).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
        }
        return out;
    }

    @Test
    void revealedRoundsDoNotDependOnTheWitness() {
        int n = 5;
        SplittableRandom r = new SplittableRandom(77);
        long[] f1 = Rand.base(1 << n, r), g1 = Rand.base(1 << n, r);
        // A second witness with the same sum but different values everywhere: scale f, unscale g.
        long[] f2 = new long[1 << n], g2 = g1.clone();
        for (int i = 0; i < f2.length; i++) {
            f2[i] = Rand.field(r);
        }
        // Fix f2[0] so that Σ f2·g2 = Σ f1·g1.
        Ext2 target = innerProduct(f1, g1);
        f2[0] = 0;
        Ext2 partial = innerProduct(f2, g2);
        f2[0] = Goldilocks.mul(Goldilocks.sub(target.c0, partial.c0), Goldilocks.inverse(g2[0]));
        assertEquals(target, innerProduct(f2, g2));

        long[] zk1 = revealedFirstRound(f1, g1, true, 400, 1);
        long[] zk2 = revealedFirstRound(f2, g2, true, 400, 2);
        double stat = Statistics.chiSquareHomogeneityLowBits(zk1, zk2, 4);
        assertTrue(stat < Statistics.CHI2_15_P001, "ZK rounds should look alike for both witnesses, chi2 = " + stat);
        assertTrue(Statistics.chiSquareUniformLowBits(zk1, 4) < Statistics.CHI2_15_P001, "and uniform");

        // The same test catches the plain sumcheck, whose rounds are a function of the witness.
        long[] plain1 = revealedFirstRound(f1, g1, false, 50, 3);
        long[] plain2 = revealedFirstRound(f2, g2, false, 50, 4);
        assertTrue(Statistics.chiSquareHomogeneityLowBits(plain1, plain2, 4) > Statistics.CHI2_15_P001,
                "the distinguisher must be able to tell the non-ZK sumcheck's witnesses apart");
    }
}
