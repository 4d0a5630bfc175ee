package io.zkml4j.bench;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import org.openjdk.jmh.annotations.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Field arithmetic. "Throughput" multiplies independent pairs from arrays (what NTTs and sumchecks
 * do); "latency" chains each product into the next (a worst case). Results are per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldBenchmark {
    static final int N = 1024;
    long[] a = new long[N];
    long[] b = new long[N];
    long[] out = new long[N];

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < N; i++) {
            a[i] = Goldilocks.canonical(r.nextLong());
            b[i] = Goldilocks.canonical(r.nextLong());
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] mulThroughput() {
        for (int i = 0; i < N; i++) {
            out[i] = Goldilocks.mul(a[i], b[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long mulLatency() {
        long acc = 1;
        for (int i = 0; i < N; i++) {
            acc = Goldilocks.mul(acc, a[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] addThroughput() {
        for (int i = 0; i < N; i++) {
            out[i] = Goldilocks.addCanonical(a[i], b[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N / 2)
    public long[] extMulThroughput() {
        for (int i = 0; i < N; i += 2) {
            long a0 = a[i], a1 = a[i + 1], b0 = b[i], b1 = b[i + 1];
            out[i] = Ext2.mul0(a0, a1, b0, b1);
            out[i + 1] = Ext2.mul1(a0, a1, b0, b1);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N / 2)
    public long extMulLatency() {
        long c0 = 1, c1 = 0;
        for (int i = 0; i < N; i += 2) {
            long n0 = Ext2.mul0(c0, c1, a[i], a[i + 1]);
            c1 = Ext2.mul1(c0, c1, a[i], a[i + 1]);
            c0 = n0;
        }
        return c0 ^ c1;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long inverseBatch() {
        long[] c = a.clone();
        Goldilocks.batchInverse(c);
        return c[0];
    }
}
