package io.zkml4j.bench;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import org.openjdk.jmh.annotations.*;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The hashes of Merkle trees: a node (two 32-byte digests) and a leaf of a committed column (a
 * 16-byte salt and 32 eight-byte values), with SHA-256 and Keccak-256 (the EVM profile's), against
 * the JDK's SHA3-256, which runs the same Keccak-f[1600] permutation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashBenchmark {
    byte[] node = new byte[64];
    byte[] leaf = new byte[16 + 8 * 32];
    byte[] out = new byte[HashFunction.DIGEST_BYTES];
    HashFunction.Hasher sha256 = Sha256.INSTANCE.newHasher();
    HashFunction.Hasher keccak = Keccak256.INSTANCE.newHasher();
    MessageDigest jdkSha3;

    @Setup
    public void setup() throws NoSuchAlgorithmException {
        SplittableRandom r = new SplittableRandom(1);
        r.nextBytes(node);
        r.nextBytes(leaf);
        jdkSha3 = MessageDigest.getInstance("SHA3-256");
    }

    @Benchmark
    public byte[] sha256Node() {
        sha256.update(node, 0, node.length);
        sha256.digest(out, 0);
        return out;
    }

    @Benchmark
    public byte[] keccak256Node() {
        keccak.update(node, 0, node.length);
        keccak.digest(out, 0);
        return out;
    }

    @Benchmark
    public byte[] jdkSha3Node() {
        return jdkSha3.digest(node);
    }

    @Benchmark
    public byte[] keccak256Leaf() {
        keccak.update(leaf, 0, leaf.length);
        keccak.digest(out, 0);
        return out;
    }

    @Benchmark
    public byte[] sha256Leaf() {
        sha256.update(leaf, 0, leaf.length);
        sha256.digest(out, 0);
        return out;
    }
}
