package io.zkml4j.core.demo;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.InnerProductInstance;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;

import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The proof-system core end to end, on random data: commit to a polynomial, prove and verify an
 * evaluation, then a zero-knowledge sumcheck Σ f·g whose final claims are opened against the
 * commitment. Each flow is timed; the report also states sizes and security.
 */
public final class CoreDemo {
    /** One timed flow. */
    public record Flow(String name, double commitMs, double proveMs, double verifyMs, int proofBytes, boolean valid, String rejection) {}

    /** The demo's result. */
    public record Report(int logSize, LigeroParameters parameters, List<Flow> flows) {}

    private final int logSize;
    private final LigeroParameters parameters;
    private final long seed;

    public CoreDemo(int logSize, int securityBits, HashFunction hash, long seed) {
        this.logSize = logSize;
        this.seed = seed;
        int logRowWidth = LigeroParameters.recommendedLogRowWidth(2L << logSize, securityBits);
        this.parameters = LigeroParameters.forSecurity(securityBits, Math.min(logRowWidth, logSize), 2, 1, 0, hash);
    }

    public LigeroParameters parameters() {
        return parameters;
    }

    public Report run() {
        SplittableRandom r = new SplittableRandom(seed);
        long[] f = random(1 << logSize, r);
        long[] g = random(1 << logSize, r);
        Ext2[] z = new Ext2[logSize];
        for (int i = 0; i < logSize; i++) {
            z[i] = Ext2.of(field(r), field(r));
        }
        return new Report(logSize, parameters, List.of(evaluation(f, z), sumcheck(f, g)));
    }

    /** Commit to f, prove f(z) = y, verify. */
    private Flow evaluation(long[] f, Ext2[] z) {
        LigeroPcs pcs = new LigeroPcs(new SecureRandom());
        long t0 = System.nanoTime();
        CommittedPolynomials committed = pcs.commit(parameters, List.of(f));
        long t1 = System.nanoTime();
        Ext2 y = Multilinear.evaluateBase(f, z);
        LinearClaim claim = LinearClaim.evaluation(0, 0, z, y);
        String ds = "zkml4j-demo/evaluation/v1|" + parameters.describe();
        FiatShamirProver prover = new FiatShamirProver(parameters.hash(), ds);
        prover.absorbPublic("statement", committed.commitment().encode());
        pcs.open(List.of(committed), List.of(claim), prover);
        byte[] proof = prover.proof();
        long t2 = System.nanoTime();
        String rejection = null;
        try {
            FiatShamirVerifier verifier = new FiatShamirVerifier(parameters.hash(), ds, proof);
            verifier.absorbPublic("statement", committed.commitment().encode());
            LigeroPcs.verify(List.of(committed.commitment()), List.of(claim), verifier);
            verifier.finish();
        } catch (InvalidProofException e) {
            rejection = e.getMessage();
        }
        long t3 = System.nanoTime();
        return new Flow("evaluation f(z) of a committed 2^" + logSize + " polynomial", ms(t0, t1), ms(t1, t2), ms(t2, t3),
                proof.length, rejection == null, rejection);
    }

    /**
     * Zero-knowledge sumcheck of Σ f·g with f and g committed: the prover commits to its mask, runs
     * the masked sumcheck, reveals f(r), g(r) and opens them with the mask claim in one batch.
     */
    private Flow sumcheck(long[] f, long[] g) {
        LigeroPcs pcs = new LigeroPcs(new SecureRandom());
        long t0 = System.nanoTime();
        CommittedPolynomials fg = pcs.commit(parameters, List.of(f, g));
        long t1 = System.nanoTime();
        Ext2 sum = innerProduct(f, g);
        String ds = "zkml4j-demo/sumcheck/v1|" + parameters.describe();
        FiatShamirProver prover = new FiatShamirProver(parameters.hash(), ds);
        prover.absorbPublic("statement", fg.commitment().encode());
        prover.absorbPublic("sum", new long[] {sum.c0, sum.c1});
        SumcheckMask mask = SumcheckMask.random(logSize, 2);
        CommittedPolynomials maskCommitted = pcs.commit(parameters, List.of(mask.table()));
        prover.sendDigest("mask.root", maskCommitted.commitment().root());
        ZkSumcheck.ProverResult run = ZkSumcheck.prove(new InnerProductInstance(f, g, true), sum, mask, prover, "sumcheck");
        Ext2 fr = Multilinear.evaluateBase(f, run.point());
        Ext2 gr = Multilinear.evaluateBase(g, run.point());
        prover.sendExt("finals", new long[] {fr.c0, fr.c1, gr.c0, gr.c1});
        pcs.open(List.of(fg, maskCommitted), claims(run.point(), fr, gr, run.maskValue()), prover);
        byte[] proof = prover.proof();
        long t2 = System.nanoTime();
        String rejection = null;
        try {
            FiatShamirVerifier v = new FiatShamirVerifier(parameters.hash(), ds, proof);
            v.absorbPublic("statement", fg.commitment().encode());
            v.absorbPublic("sum", new long[] {sum.c0, sum.c1});
            Commitment maskCommitment = new Commitment(parameters, v.receiveDigest("mask.root"),
                    new int[] {Integer.numberOfTrailingZeros(SumcheckMask.tableLength(logSize, 2))});
            ZkSumcheck.Verification res = ZkSumcheck.verify(sum, logSize, 2, v, "sumcheck");
            long[] finals = v.receiveExt("finals", 2);
            Ext2 vf = Ext2.at(finals, 0), vg = Ext2.at(finals, 1);
            InvalidProofException.check(vf.mul(vg).equals(res.expectedValue()), "sumcheck: f(r)·g(r) does not match");
            LigeroPcs.verify(List.of(fg.commitment(), maskCommitment), claims(res.point(), vf, vg, res.maskValue()), v);
            v.finish();
        } catch (InvalidProofException e) {
            rejection = e.getMessage();
        }
        long t3 = System.nanoTime();
        return new Flow("zero-knowledge sumcheck Σ f·g over 2^" + logSize + ", claims opened", ms(t0, t1), ms(t1, t2), ms(t2, t3),
                proof.length, rejection == null, rejection);
    }

    private List<LinearClaim> claims(Ext2[] point, Ext2 fr, Ext2 gr, Ext2 maskValue) {
        return List.of(LinearClaim.evaluation(0, 0, point, fr), LinearClaim.evaluation(0, 1, point, gr),
                LinearClaim.weighted(1, 0, SumcheckMask.weights(point, 2), maskValue));
    }

    private static Ext2 innerProduct(long[] f, long[] g) {
        long s = 0;
        for (int i = 0; i < f.length; i++) {
            s = Goldilocks.add(s, Goldilocks.mul(f[i], g[i]));
        }
        return Ext2.fromBase(s);
    }

    private static long[] random(int n, SplittableRandom r) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = field(r);
        }
        return t;
    }

    private static long field(SplittableRandom r) {
        return Goldilocks.uniform(r);
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
