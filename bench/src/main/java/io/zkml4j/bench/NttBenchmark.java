package io.zkml4j.bench;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.ntt.Ntt;
import org.openjdk.jmh.annotations.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Forward NTT of 2^logN elements, on one thread and on all cores. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NttBenchmark {
    @Param({"20"})
    int logN;
    long[] data;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        data = new long[1 << logN];
        for (int i = 0; i < data.length; i++) {
            data[i] = Goldilocks.canonical(r.nextLong());
        }
    }

    @Benchmark
    public long[] forwardOneThread() {
        Ntt.forwardBitReversed(data, 0, logN);
        return data;
    }

    @Benchmark
    public long[] forwardAllCores() {
        Ntt.forwardBitReversed(data);
        return data;
    }
}
