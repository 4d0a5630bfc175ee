package io.zkml4j.bench;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.sumcheck.InnerProductInstance;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.openjdk.jmh.annotations.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Sumcheck of Σ f·g over 2^logN points: prover (plain and zero-knowledge), verifier, and the plain sum for comparison. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SumcheckBenchmark {
    static final String DS = "bench/sumcheck";
    @Param({"20"})
    int logN;
    long[] f;
    long[] g;
    Ext2 sum;
    byte[] proof;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        f = new long[1 << logN];
        g = new long[1 << logN];
        for (int i = 0; i < f.length; i++) {
            f[i] = Goldilocks.canonical(r.nextLong());
            g[i] = Goldilocks.canonical(r.nextLong());
        }
        sum = Ext2.fromBase(plainSum());
        proof = prove();
    }

    @Benchmark
    public long plainSum() {
        long s = 0;
        for (int i = 0; i < f.length; i++) {
            s = Goldilocks.addCanonical(s, Goldilocks.mul(f[i], g[i]));
        }
        return s;
    }

    @Benchmark
    public byte[] prove() {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(new InnerProductInstance(f, g, true), sum, p, "s");
        return p.proof();
    }

    @Benchmark
    public byte[] proveZeroKnowledge() {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        ZkSumcheck.prove(new InnerProductInstance(f, g, true), sum, SumcheckMask.random(logN, 2), p, "s");
        return p.proof();
    }

    @Benchmark
    public Sumcheck.Verification verify() throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        return Sumcheck.verify(sum, logN, 2, v, "s");
    }
}
