package io.zkml4j.bench;

import io.zkml4j.core.hash.Poseidon2;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hash.Sha256;
import org.openjdk.jmh.annotations.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Poseidon2 permutation (Goldilocks, width 12) and the sponge over a 235K-element message (the
 * Fashion-MNIST MLP's weights), against SHA-256 over the same bytes: what hashing a committed
 * model costs in the clear, before any proof of it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Poseidon2Benchmark {
    static final int MESSAGE = 235_146;
    long[] state = new long[Poseidon2.WIDTH];
    long[] message = new long[MESSAGE];
    byte[] bytes = new byte[8 * MESSAGE];

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < MESSAGE; i++) {
            message[i] = r.nextLong(0, 1L << 32);
        }
        r.nextBytes(bytes);
    }

    @Benchmark
    public long[] permutation() {
        Poseidon2.permute(state);
        return state;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long[] spongeOverMlpWeights() {
        return Poseidon2Sponge.hash(message);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] sha256OverMlpWeights() {
        return Sha256.INSTANCE.hash(bytes);
    }
}
