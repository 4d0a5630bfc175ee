package io.zkml4j.bench;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.logup.LogUp;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * LogUp range check of 2^logN values into [0, 2^tableBits): multiplicities and the GKR prover
 * (committing to the 2^tableBits multiplicities is measured by PcsBenchmark's sizes), and the verifier.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogUpBenchmark {
    static final String DS = "bench/logup";
    @Param({"20"})
    int logN;
    @Param({"16"})
    int tableBits;
    List<long[][]> lookups;
    LookupTable table;
    byte[] proof;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        long[] v = new long[1 << logN];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(1 << tableBits);
        }
        lookups = List.<long[][]>of(new long[][] {v});
        table = LookupTable.range(tableBits);
        proof = prove();
    }

    @Benchmark
    public byte[] prove() {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        long[] m = LogUp.multiplicities(lookups, table);
        LogUp.prove(lookups, table, m, p, "range");
        return p.proof();
    }

    @Benchmark
    public LogUp.Claims verify() throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        return LogUp.verify(new int[] {logN}, table, v, "range");
    }
}
