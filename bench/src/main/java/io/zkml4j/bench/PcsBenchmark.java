package io.zkml4j.bench;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The hiding commitment at 2^logN elements with the default 100-bit parameters: commit, prove one
 * evaluation (a fresh commitment each time, since each may be opened once), verify.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PcsBenchmark {
    static final String DS = "bench/pcs";
    @Param({"20"})
    int logN;
    long[] table;
    Ext2[] point;
    LinearClaim claim;
    LigeroParameters params;
    LigeroPcs pcs = new LigeroPcs();
    CommittedPolynomials fresh;
    byte[] proof;
    CommittedPolynomials verified;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        table = new long[1 << logN];
        for (int i = 0; i < table.length; i++) {
            table[i] = Goldilocks.canonical(r.nextLong());
        }
        point = new Ext2[logN];
        for (int i = 0; i < logN; i++) {
            point[i] = Ext2.of(r.nextLong(), r.nextLong());
        }
        claim = LinearClaim.evaluation(0, 0, point, Multilinear.evaluateBase(table, point));
        params = LigeroParameters.forSecurity(100, LigeroParameters.recommendedLogRowWidth(1L << logN, 100), 2, 1, 0, Sha256.INSTANCE);
        verified = pcs.commit(params, List.of(table));
        proof = open(verified);
        System.out.printf("%n%s, proof %d bytes, %s%n", params.describe(), proof.length, params.security());
    }

    @Setup(Level.Invocation)
    public void freshCommitment() {
        fresh = pcs.commit(params, List.of(table));
    }

    byte[] open(CommittedPolynomials c) {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        pcs.open(List.of(c), List.of(claim), p);
        return p.proof();
    }

    @Benchmark
    public CommittedPolynomials commit() {
        return pcs.commit(params, List.of(table));
    }

    @Benchmark
    public byte[] proveEvaluation() {
        return open(fresh);
    }

    @Benchmark
    public void verifyEvaluation() throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        LigeroPcs.verify(List.of(verified.commitment()), List.of(claim), v);
        v.finish();
    }
}
