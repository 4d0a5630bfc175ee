package io.zkml4j.core.hash;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of batched Keccak-256 (vector lanes): edge cases of padding, counts, offsets, the
 * Messages callback, concurrency, the SHA-256 default and Merkle multi-proofs, all against
 * one-at-a-time hashing (and, for the permutation, against a loop-form FIPS 202 reference that
 * does not share the unrolled code the lanes were generated from).
 */
class KeccakLanesReviewTest {
    /** Around multiples of the 136-byte rate, and of 8 (lane boundaries). */
    static final int[] LENGTHS = {0, 1, 7, 8, 9, 64, 65, 127, 128, 129, 134, 135, 136, 137, 143, 144, 270, 271, 272, 273, 407, 408, 409};

    static int[] counts() {
        int l = KeccakLanes.lanes();
        return new int[] {0, 1, Math.max(1, l - 1), l, l + 1, 2 * l, 2 * l + 3};
    }

    /** Keccak-f[1600] in the loop form of FIPS 202 §3.2, offsets and constants derived, not tabulated. */
    static void referencePermute(long[] a) {
        int[] rho = new int[25];
        int x = 1, y = 0;
        for (int t = 0; t < 24; t++) {
            rho[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
            int nx = y, ny = (2 * x + 3 * y) % 5;
            x = nx;
            y = ny;
        }
        long[] rc = new long[24];
        int lfsr = 1;
        for (int round = 0; round < 24; round++) {
            for (int j = 0; j <= 6; j++) {
                if ((lfsr & 1) != 0) {
                    rc[round] |= 1L << ((1 << j) - 1);
                }
                lfsr = (lfsr & 0x80) != 0 ? ((lfsr << 1) ^ 0x71) & 0xFF : lfsr << 1;
            }
        }
        for (int round = 0; round < 24; round++) {
            long[] c = new long[5];
            for (int i = 0; i < 5; i++) {
                c[i] = a[i] ^ a[i + 5] ^ a[i + 10] ^ a[i + 15] ^ a[i + 20];
            }
            for (int i = 0; i < 5; i++) {
                long d = c[(i + 4) % 5] ^ Long.rotateLeft(c[(i + 1) % 5], 1);
                for (int j = 0; j < 5; j++) {
                    a[i + 5 * j] ^= d;
                }
            }
            long[] b = new long[25];
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    b[j + 5 * ((2 * i + 3 * j) % 5)] = Long.rotateLeft(a[i + 5 * j], rho[i + 5 * j]);
                }
            }
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    a[i + 5 * j] = b[i + 5 * j] ^ (~b[(i + 1) % 5 + 5 * j] & b[(i + 2) % 5 + 5 * j]);
                }
            }
            a[0] ^= rc[round];
        }
    }

    @Test
    void referencePermutationIsKeccak() {
        // Keccak-256("") from the reference permutation, then from the library's scalar permutation.
        long[] s = new long[25];
        s[0] ^= 0x01;
        s[16] ^= 0x80L << 56;
        referencePermute(s);
        byte[] d = new byte[32];
        for (int i = 0; i < 32; i++) {
            d[i] = (byte) (s[i >>> 3] >>> (8 * (i & 7)));
        }
        assertEquals(KeccakLanesTest.EMPTY, HexFormat.of().formatHex(d));
    }

    @Test
    void compiledVectorPermutationMatchesFips202Loops() throws Exception {
        KeccakLanesTest.assumeLanes();
        KeccakLanesTest.awaitWarm(); // KeccakVector.permute is C2-compiled by now
        int lanes = KeccakVector.LANES;
        SplittableRandom r = new SplittableRandom(202);
        for (int iteration = 0; iteration < 2_000; iteration++) {
            long[] block = new long[25 * lanes];
            long[][] expected = new long[lanes][25];
            for (int j = 0; j < lanes; j++) {
                for (int i = 0; i < 25; i++) {
                    long v = switch ((iteration + j) % 4) {
                        case 0 -> r.nextLong();
                        case 1 -> 1L << r.nextInt(64);
                        case 2 -> ~(1L << r.nextInt(64));
                        default -> r.nextInt(3) == 0 ? r.nextLong() : 0;
                    };
                    expected[j][i] = v;
                    block[i * lanes + j] = v;
                }
                referencePermute(expected[j]);
            }
            KeccakVector.permute(block);
            for (int j = 0; j < lanes; j++) {
                for (int i = 0; i < 25; i++) {
                    assertEquals(expected[j][i], block[i * lanes + j], "iteration " + iteration + ", state " + j + ", lane " + i);
                }
            }
        }
    }

    private static byte[] fill(SplittableRandom r, int kind, int length) {
        byte[] m = new byte[length];
        switch (kind) {
            case 0 -> { }
            case 1 -> Arrays.fill(m, (byte) 0xFF);
            case 2 -> Arrays.fill(m, (byte) 0x80);
            default -> r.nextBytes(m);
        }
        return m;
    }

    /** Warm lanes, both pads (0x01 Keccak, 0x06 SHA3: pad and 0x80 meet at 135 mod 136), offsets, untouched bytes around the output. */
    @Test
    void warmLanesAtRateBoundariesBothPadsAndOffsets() throws Exception {
        KeccakLanesTest.awaitWarm();
        MessageDigest jdkSha3 = MessageDigest.getInstance("SHA3-256");
        SplittableRandom r = new SplittableRandom(136);
        for (byte pad : new byte[] {0x01, 0x06}) {
            Keccak256 k = pad == 0x01 ? Keccak256.INSTANCE : new Keccak256(pad);
            for (int length : LENGTHS) {
                for (int count : counts()) {
                    for (int kind = 0; kind < 4; kind++) {
                        byte[][] messages = new byte[count][];
                        for (int m = 0; m < count; m++) {
                            messages[m] = fill(r, kind, length);
                        }
                        byte[] expected = new byte[32 * count];
                        for (int m = 0; m < count; m++) {
                            byte[] d = pad == 0x01 ? k.hash(messages[m]) : jdkSha3.digest(messages[m]);
                            System.arraycopy(d, 0, expected, 32 * m, 32);
                        }
                        for (int outOffset : new int[] {0, 1, 33}) {
                            for (boolean lanes : new boolean[] {true, false}) {
                                byte[] out = new byte[outOffset + 32 * count + 5];
                                Arrays.fill(out, (byte) 0xA5);
                                k.hashAll(count, length, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length), out, outOffset, lanes);
                                String what = "pad " + pad + ", length " + length + ", count " + count + ", kind " + kind + ", offset " + outOffset + ", lanes " + lanes;
                                assertArrayEquals(expected, Arrays.copyOfRange(out, outOffset, outOffset + 32 * count), what);
                                for (int i = 0; i < outOffset; i++) {
                                    assertEquals((byte) 0xA5, out[i], what + ": byte before the output written");
                                }
                                for (int i = outOffset + 32 * count; i < out.length; i++) {
                                    assertEquals((byte) 0xA5, out[i], what + ": byte after the output written");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Each message is asked for exactly once, within the buffer; a callback that leaves stale bytes of its previous message only in its own range cannot leak them. */
    @Test
    void callbackIsAskedOnceEachWithinTheBuffer() throws Exception {
        KeccakLanesTest.awaitWarm();
        SplittableRandom r = new SplittableRandom(9);
        for (int length : new int[] {0, 65, 135, 136, 137, 273}) {
            for (int count : counts()) {
                for (boolean lanes : new boolean[] {true, false}) {
                    byte[][] messages = new byte[count][length];
                    for (byte[] m : messages) {
                        r.nextBytes(m);
                    }
                    AtomicIntegerArray asked = new AtomicIntegerArray(Math.max(count, 1));
                    byte[] out = new byte[32 * count];
                    Keccak256.INSTANCE.hashAll(count, length, (m, buffer, offset) -> {
                        assertTrue(m >= 0 && m < count, "index " + m);
                        assertTrue(offset >= 0 && offset + length <= buffer.length, "offset " + offset + " in a buffer of " + buffer.length);
                        asked.incrementAndGet(m);
                        // writes byte by byte, in reverse, into a buffer that held other messages before
                        for (int i = length - 1; i >= 0; i--) {
                            buffer[offset + i] = messages[m][i];
                        }
                    }, out, 0, lanes);
                    for (int m = 0; m < count; m++) {
                        assertEquals(1, asked.get(m), "message " + m + " asked once");
                        assertArrayEquals(Keccak256.INSTANCE.hash(messages[m]), Arrays.copyOfRange(out, 32 * m, 32 * m + 32),
                                "length " + length + ", count " + count + ", lanes " + lanes + ", message " + m);
                    }
                }
            }
        }
    }

    /** Threads hashing batches at once, in and out of the lanes at random (as the warm flag flipping mid-run would do), and through the public entry point. */
    @Test
    void concurrentBatchesWhileTheWarmUpRuns() throws Exception {
        KeccakLanes.warmUpInBackground();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int iteration = 0; iteration < 150; iteration++) {
                        int length = LENGTHS[r.nextInt(LENGTHS.length)];
                        int count = r.nextInt(3 * KeccakLanes.lanes() + 2);
                        byte[][] messages = new byte[count][length];
                        byte[] expected = new byte[32 * count];
                        for (int m = 0; m < count; m++) {
                            r.nextBytes(messages[m]);
                            System.arraycopy(Keccak256.INSTANCE.hash(messages[m]), 0, expected, 32 * m, 32);
                        }
                        byte[] out = new byte[32 * count];
                        int mode = r.nextInt(3);
                        HashFunction.Messages source = (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length);
                        if (mode == 2) {
                            Keccak256.INSTANCE.hashAll(count, length, source, out, 0);
                        } else {
                            Keccak256.INSTANCE.hashAll(count, length, source, out, 0, mode == 1);
                        }
                        assertArrayEquals(expected, out, "thread " + seed + ", iteration " + iteration + ", length " + length + ", count " + count + ", mode " + mode);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The default (scalar) hashAll of SHA-256 around its 64-byte block and 55/56-byte padding boundary. */
    @Test
    void sha256DefaultAtBlockBoundaries() {
        SplittableRandom r = new SplittableRandom(64);
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 137}) {
            for (int count : new int[] {0, 1, 2, 9}) {
                byte[][] messages = new byte[count][length];
                for (byte[] m : messages) {
                    r.nextBytes(m);
                }
                byte[] out = new byte[3 + 32 * count];
                Sha256.INSTANCE.hashAll(count, length, (m, buffer, offset) -> System.arraycopy(messages[m], 0, buffer, offset, length), out, 3);
                for (int m = 0; m < count; m++) {
                    assertArrayEquals(Sha256.INSTANCE.hash(messages[m]), Arrays.copyOfRange(out, 3 + 32 * m, 3 + 32 * m + 32), "length " + length + ", message " + m);
                }
            }
        }
    }

    /** Trees built with batched (warm) inner nodes: scalar roots, and multi-proofs the scalar verifier accepts (and rejects when tampered). */
    @Test
    void multiProofsOfBatchedTreesVerify() throws Exception {
        KeccakLanesTest.awaitWarm();
        SplittableRandom r = new SplittableRandom(13);
        for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
            for (int logLeaves : new int[] {0, 1, 2, 3, 4, 9, 10, 11, 13}) {
                int n = 1 << logLeaves;
                byte[] leaves = new byte[32 * n];
                r.nextBytes(leaves);
                MerkleTree tree = MerkleTree.fromLeafDigests(hash, leaves);
                assertArrayEquals(MerkleTreeTest.scalarRoot(hash, leaves), tree.root(), hash + ", 2^" + logLeaves);
                for (int trial = 0; trial < 5; trial++) {
                    java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
                    set.add(trial == 0 ? 0 : r.nextInt(n));
                    if (trial == 1) {
                        set.add(n - 1);
                    }
                    int extra = r.nextInt(Math.min(n, 20));
                    for (int i = 0; i < extra; i++) {
                        set.add(r.nextInt(n));
                    }
                    int[] indices = set.stream().mapToInt(Integer::intValue).toArray();
                    byte[][] opened = new byte[indices.length][];
                    for (int i = 0; i < indices.length; i++) {
                        opened[i] = Arrays.copyOfRange(leaves, 32 * indices[i], 32 * indices[i] + 32);
                    }
                    byte[][] proof = tree.multiProof(indices);
                    assertEquals(MerkleTree.multiProofSize(indices, logLeaves), proof.length);
                    assertArrayEquals(tree.root(), MerkleTree.rootFromMultiProof(hash, logLeaves, indices, opened, proof),
                            hash + ", 2^" + logLeaves + ", indices " + Arrays.toString(indices));
                    opened[opened.length - 1][31] ^= 1;
                    byte[] tampered = MerkleTree.rootFromMultiProof(hash, logLeaves, indices, opened, proof);
                    assertFalse(tampered != null && Arrays.equals(tree.root(), tampered), "a tampered leaf is rejected");
                }
            }
        }
    }

    /** hashLeaves against hashLeaf for column lengths whose leaves (17 + 8·rows bytes) straddle the rate. */
    @Test
    void hashLeavesAcrossTheRate() throws Exception {
        KeccakLanesTest.awaitWarm();
        SplittableRandom r = new SplittableRandom(17);
        for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
            for (int rows : new int[] {1, 14, 15, 16, 31, 32, 33}) {
                for (int count : new int[] {1, KeccakLanes.lanes() - 1, KeccakLanes.lanes(), 64, 67}) {
                    int dataLength = 8 * rows;
                    byte[] salts = new byte[1 + 16 * count];
                    byte[] data = new byte[2 + dataLength * count];
                    r.nextBytes(salts);
                    r.nextBytes(data);
                    byte[] expected = new byte[32 * count];
                    HashFunction.Hasher h = hash.newHasher();
                    for (int c = 0; c < count; c++) {
                        MerkleTree.hashLeaf(h, Arrays.copyOfRange(salts, 1 + 16 * c, 17 + 16 * c),
                                Arrays.copyOfRange(data, 2 + dataLength * c, 2 + dataLength * (c + 1)), dataLength, expected, 32 * c);
                    }
                    byte[] out = new byte[32 * count + 1];
                    MerkleTree.hashLeaves(hash, count, salts, 1, 16, data, 2, dataLength, out, 1);
                    assertArrayEquals(expected, Arrays.copyOfRange(out, 1, out.length), hash + ", rows " + rows + ", count " + count);
                }
            }
        }
    }
}
