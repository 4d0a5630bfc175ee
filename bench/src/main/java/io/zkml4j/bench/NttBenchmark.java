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

    /** A Ligero row: 2^15 values (2^logN / 4) encoded at rate 1/4, as a commitment does. */
    @Benchmark
    public long[] codewordFromZeroPaddedMessage() {
        long[] a = java.util.Arrays.copyOf(data, 1 << logN);
        java.util.Arrays.fill(a, (1 << logN) / 4, a.length, 0);
        Ntt.forwardBitReversed(a, 0, logN);
        return a;
    }

    @Benchmark
    public long[] codewordPadded() {
        return Ntt.forwardBitReversedPadded(java.util.Arrays.copyOf(data, (1 << logN) / 4), logN);
    }

    /** The 150 entries a Ligero opening reads of a codeword, without the rest. */
    @Benchmark
    public long[] codewordAt150Positions() {
        return Ntt.forwardBitReversedAt(java.util.Arrays.copyOf(data, (1 << logN) / 4), logN, POSITIONS);
    }

    private static final int[] POSITIONS = new SplittableRandom(7).ints(0, 1 << 17).distinct().limit(150).sorted().toArray();
}
