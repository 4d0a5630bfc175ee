package io.zkml4j.core;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.logup.LogUp;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.InnerProductInstance;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.testing.ProofFuzz;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

/** Random and mutated bytes fed to every proof parser end in a clean rejection. */
class ProofParsingRobustnessTest {
    static final String DS = "fuzz/v1";
    static final int TRIALS = 600;

    @Test
    void sumcheck() {
        SplittableRandom r = new SplittableRandom(1);
        long[] f = Rand.base(64, r), g = Rand.base(64, r);
        Ext2 claim = sum(f, g);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(new InnerProductInstance(f, g, true), claim, p, "s");
        Ext2 c = claim;
        ProofFuzz.assertCleanRejections(p.proof(), TRIALS, 1, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            Sumcheck.Verification res = Sumcheck.verify(c, 6, 2, v, "s");
            v.finish();
            res.check(Multilinear.evaluateBase(f, res.point()).mul(Multilinear.evaluateBase(g, res.point())));
        });
    }

    @Test
    void zeroKnowledgeSumcheck() {
        SplittableRandom r = new SplittableRandom(2);
        long[] f = Rand.base(32, r), g = Rand.base(32, r);
        Ext2 claim = sum(f, g);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        SumcheckMask mask = SumcheckMask.random(5, 2, Rand.random(2));
        ZkSumcheck.prove(new InnerProductInstance(f, g, true), claim, mask, p, "z");
        ProofFuzz.assertCleanRejections(p.proof(), TRIALS, 2, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            ZkSumcheck.Verification res = ZkSumcheck.verify(claim, 5, 2, v, "z");
            v.finish();
            // The claims a full protocol discharges: f(r)·g(r) from the oracle, g's mask from its opening.
            InvalidProofException.check(res.expectedValue().equals(
                    Multilinear.evaluateBase(f, res.point()).mul(Multilinear.evaluateBase(g, res.point()))), "oracle");
            InvalidProofException.check(res.maskValue().equals(mask.evaluate(res.point())), "mask");
        });
    }

    @Test
    void commitmentOpening() {
        LigeroParameters params = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);
        SplittableRandom r = new SplittableRandom(3);
        long[] t = Rand.base(1 << 6, r);
        CommittedPolynomials cp = new LigeroPcs(new java.util.Random(3)).commit(params, List.of(t));
        Ext2[] z = Rand.point(6, r);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, Multilinear.evaluateBase(t, z));
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        new LigeroPcs(new java.util.Random(4)).open(List.of(cp), List.of(claim), p);
        ProofFuzz.assertCleanRejections(p.proof(), TRIALS, 3, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            LigeroPcs.verify(List.of(cp.commitment()), List.of(claim), v);
            v.finish();
        });
        // Commitments read from files are parsed strictly too.
        ProofFuzz.assertParsesOrRejectsCleanly(cp.commitment().encode(), TRIALS, 4, bytes -> {
            if (!java.util.Arrays.equals(Commitment.decode(bytes).encode(), bytes)) {
                throw new MalformedProofException("not canonical");
            }
        });
    }

    @Test
    void lookups() {
        SplittableRandom r = new SplittableRandom(5);
        long[] values = new long[1 << 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextInt(1 << 5);
        }
        List<long[][]> lookups = List.<long[][]>of(new long[][] {values});
        LookupTable range = LookupTable.range(5);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        LogUp.prove(lookups, range, LogUp.multiplicities(lookups, range), p, "l");
        ProofFuzz.assertCleanRejections(p.proof(), TRIALS, 5, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            LogUp.verify(new int[] {7}, range, v, "l");
            v.finish();
        });
    }

    static Ext2 sum(long[] f, long[] g) {
        Ext2 s = Ext2.ZERO;
        for (int i = 0; i < f.length; i++) {
            s = s.add(Ext2.fromBase(io.zkml4j.core.field.Goldilocks.mul(f[i], g[i])));
        }
        return s;
    }
}
