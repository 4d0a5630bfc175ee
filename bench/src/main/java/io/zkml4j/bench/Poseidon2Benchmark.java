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
 * model costs in the clear, before any proof of it; and the leaves of a sealed commitment hashed
 * one at a time against {@link io.zkml4j.core.hash.Poseidon2Lanes}' vector lanes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class Poseidon2Benchmark {
    static final int MESSAGE = 235_146;
    long[] state = new long[Poseidon2.WIDTH];
    /** 2^15 leaf messages of a dataset commitment's shape: a 4-element salt and 41 rows. */
    long[][] leaves = new long[1 << 15][45];
    long[] message = new long[MESSAGE];
    byte[] bytes = new byte[8 * MESSAGE];

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < MESSAGE; i++) {
            message[i] = r.nextLong(0, 1L << 32);
        }
        r.nextBytes(bytes);
        for (long[] leaf : leaves) {
            for (int i = 0; i < leaf.length; i++) {
                leaf[i] = r.nextLong(0, 1L << 62);
            }
        }
    }

    @Benchmark
    public long[] permutation() {
        Poseidon2.permute(state);
        return state;
    }

    /** 2^15 leaves (6 permutations each) one at a time: divide by 196,608 for one permutation. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long[][] leavesOneByOne() {
        long[][] digests = new long[leaves.length][];
        for (int m = 0; m < leaves.length; m++) {
            digests[m] = Poseidon2Sponge.hash(7, leaves[m]);
        }
        return digests;
    }

    /** The same 2^15 leaves in the vector lanes (Poseidon2Lanes; scalar where the JVM has none). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long[][] leavesInLanes() {
        return Poseidon2Sponge.hashAll(7, leaves);
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
