package io.zkml4j.bench;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.sumcheck.EqProductInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.Sumcheck;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What proving Poseidon2 permutations inside the zero-knowledge proof would cost with committed
 * round states (the simplest arithmetization: per round the state S_r and the S-box outputs T_r
 * are committed, T = (S + c)^7 is a degree-8 zero-check, the linear layers are linear claims).
 * For the Fashion-MNIST MLP's weight commitment, proving its t = 157 queried columns' leaf hashes
 * takes 3,140 permutations: about 630 committed values and 150 S-box entries each, so 2^21
 * committed values and 2^19 S-box entries. Compare with the plain permutations
 * ({@link Poseidon2Benchmark}) in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HashProofCostBenchmark {
    static final int PERMUTATIONS = 3140;
    @Param({"21"})
    int logCommitted;
    @Param({"19"})
    int logSboxes;
    long[] trace;
    long[] sboxIn;
    long[] sboxOut;
    Ext2[] point;
    LigeroParameters params;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        trace = new long[1 << logCommitted];
        for (int i = 0; i < trace.length; i++) {
            trace[i] = Goldilocks.canonical(r.nextLong());
        }
        sboxIn = new long[1 << logSboxes];
        sboxOut = new long[1 << logSboxes];
        for (int i = 0; i < sboxIn.length; i++) {
            sboxIn[i] = Goldilocks.canonical(r.nextLong());
            sboxOut[i] = Poseidon2.sbox(sboxIn[i]);
        }
        point = new Ext2[logSboxes];
        for (int i = 0; i < logSboxes; i++) {
            point[i] = Ext2.of(Goldilocks.canonical(r.nextLong()), Goldilocks.canonical(r.nextLong()));
        }
        params = LigeroParameters.forSecurity(100, 12, 2, 1, 0, Sha256.INSTANCE);
    }

    /** The committed round states of 3,140 permutations (2^21 values). */
    @Benchmark
    public CommittedPolynomials commitTrace() {
        return new LigeroPcs().commit(params, List.of(trace));
    }

    /** Σ eq(z, x)·(T(x) − S(x)^7) = 0 over 2^19 S-box entries. */
    @Benchmark
    public byte[] sboxZeroCheck() {
        List<ProductSumInstance.Term> terms = List.of(new ProductSumInstance.Term(Ext2.ONE, 1),
                new ProductSumInstance.Term(Ext2.ONE.neg(), 0, 0, 0, 0, 0, 0, 0));
        EqProductInstance instance = new EqProductInstance(point, new long[][] {sboxIn, sboxOut}, true, terms);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, "bench/hash-proof");
        Sumcheck.prove(instance, Ext2.ZERO, p, "sbox");
        return p.proof();
    }

    /** The same permutations in the clear. */
    @Benchmark
    public long[] plainPermutations() {
        long[] state = new long[Poseidon2.WIDTH];
        for (int i = 0; i < PERMUTATIONS; i++) {
            Poseidon2.permute(state);
        }
        return state;
    }
}
