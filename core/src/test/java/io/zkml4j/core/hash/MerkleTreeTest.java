package io.zkml4j.core.hash;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

public class MerkleTreeTest {
    static byte[] leaves(int n, HashFunction h, SplittableRandom r) {
        byte[] digests = new byte[32 * n];
        HashFunction.Hasher hasher = h.newHasher();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[40];
            r.nextBytes(data);
            MerkleTree.hashLeaf(hasher, new byte[16], data, data.length, digests, 32 * i);
        }
        return digests;
    }

    static int[] randomIndices(int n, int count, SplittableRandom r) {
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < Math.min(count, n)) {
            s.add(r.nextInt(n));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    static byte[][] leafDigests(byte[] all, int[] idx) {
        byte[][] out = new byte[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = Arrays.copyOfRange(all, 32 * idx[i], 32 * idx[i] + 32);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 13})
    void multiProofsVerify(int logN) {
        for (HashFunction h : new HashFunction[] {Sha256.INSTANCE, Keccak256.INSTANCE}) {
            SplittableRandom r = new SplittableRandom(logN);
            int n = 1 << logN;
            byte[] digests = leaves(n, h, r);
            MerkleTree tree = MerkleTree.fromLeafDigests(h, digests);
            for (int count : new int[] {1, 2, 7, 100}) {
                int[] idx = randomIndices(n, count, r);
                byte[][] proof = tree.multiProof(idx);
                assertEquals(MerkleTree.multiProofSize(idx, logN), proof.length);
                assertArrayEquals(tree.root(), MerkleTree.rootFromMultiProof(h, logN, idx, leafDigests(digests, idx), proof));
            }
        }
    }

    @Test
    void fullOpeningNeedsNoSiblings() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] digests = leaves(8, Sha256.INSTANCE, r);
        MerkleTree tree = MerkleTree.fromLeafDigests(Sha256.INSTANCE, digests);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        assertEquals(0, tree.multiProof(all).length);
        assertEquals(3, tree.multiProof(new int[] {5}).length);
    }

    @Test
    void tamperingChangesTheRoot() {
        SplittableRandom r = new SplittableRandom(4);
        int logN = 6;
        byte[] digests = leaves(1 << logN, Sha256.INSTANCE, r);
        MerkleTree tree = MerkleTree.fromLeafDigests(Sha256.INSTANCE, digests);
        int[] idx = {3, 17, 40};
        byte[][] proof = tree.multiProof(idx);
        byte[][] opened = leafDigests(digests, idx);
        for (int s = 0; s < proof.length; s++) {
            byte[][] bad = Arrays.stream(proof).map(byte[]::clone).toArray(byte[][]::new);
            bad[s][7] ^= 1;
            assertFalse(Arrays.equals(tree.root(), MerkleTree.rootFromMultiProof(Sha256.INSTANCE, logN, idx, opened, bad)));
        }
        byte[][] badLeaf = Arrays.stream(opened).map(byte[]::clone).toArray(byte[][]::new);
        badLeaf[1][0] ^= 1;
        assertFalse(Arrays.equals(tree.root(), MerkleTree.rootFromMultiProof(Sha256.INSTANCE, logN, idx, badLeaf, proof)));
        // The same leaves claimed at other positions do not verify.
        assertFalse(Arrays.equals(tree.root(), MerkleTree.rootFromMultiProof(Sha256.INSTANCE, logN, new int[] {3, 17, 41}, opened, proof)));
        // Too few or too many siblings are detected.
        assertNull(MerkleTree.rootFromMultiProof(Sha256.INSTANCE, logN, idx, opened, Arrays.copyOf(proof, proof.length - 1)));
        assertNull(MerkleTree.rootFromMultiProof(Sha256.INSTANCE, logN, idx, opened, Arrays.copyOf(proof, proof.length + 1)));
    }

    @Test
    void leafAndNodeHashesAreSeparated() {
        // A two-leaf tree's root must differ from a leaf hash of the concatenated children.
        SplittableRandom r = new SplittableRandom(5);
        byte[] digests = leaves(2, Sha256.INSTANCE, r);
        MerkleTree tree = MerkleTree.fromLeafDigests(Sha256.INSTANCE, digests);
        byte[] asLeaf = new byte[32];
        MerkleTree.hashLeaf(Sha256.INSTANCE.newHasher(), new byte[0], digests, 64, asLeaf, 0);
        assertFalse(Arrays.equals(tree.root(), asLeaf));
    }

    @Test
    void rejectsBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.fromLeafDigests(Sha256.INSTANCE, new byte[32 * 3]));
        MerkleTree tree = MerkleTree.fromLeafDigests(Sha256.INSTANCE, new byte[32 * 4]);
        assertThrows(IllegalArgumentException.class, () -> tree.multiProof(new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> tree.multiProof(new int[] {4}));
    }

    /** The construction before inner nodes were hashed in batches: one node at a time with the scalar hasher (0x01 ‖ left ‖ right). */
    public static byte[] scalarRoot(HashFunction hash, byte[] leafDigests) {
        byte[] level = leafDigests.clone();
        HashFunction.Hasher h = hash.newHasher();
        while (level.length > 32) {
            byte[] next = new byte[level.length / 2];
            for (int i = 0; i < next.length / 32; i++) {
                h.update(MerkleTree.NODE_TAG);
                h.update(level, 64 * i, 64);
                h.digest(next, 32 * i);
            }
            level = next;
        }
        return level;
    }

    @Test
    void batchedInnerNodesGiveTheScalarRoots() throws Exception {
        SplittableRandom r = new SplittableRandom(77);
        for (boolean warm : new boolean[] {false, true}) {
            if (warm) {
                KeccakLanesTest.awaitWarm();
            }
            for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
                for (int k = 0; k <= 12; k++) {
                    byte[] leaves = new byte[32 << k];
                    r.nextBytes(leaves);
                    assertArrayEquals(scalarRoot(hash, leaves), MerkleTree.fromLeafDigests(hash, leaves).root(), hash + ", 2^" + k + " leaves, warm " + warm);
                }
            }
        }
    }

    @Test
    void hashLeavesMatchesHashLeaf() throws Exception {
        KeccakLanesTest.awaitWarm();
        SplittableRandom r = new SplittableRandom(78);
        for (HashFunction hash : new HashFunction[] {Keccak256.INSTANCE, Sha256.INSTANCE}) {
            for (int count : new int[] {1, 7, 64, 67}) {
                int dataLength = 8 * 37;
                byte[] salts = new byte[3 + 16 * count];
                byte[] data = new byte[5 + dataLength * count];
                r.nextBytes(salts);
                r.nextBytes(data);
                byte[] expected = new byte[32 * count];
                HashFunction.Hasher h = hash.newHasher();
                for (int c = 0; c < count; c++) {
                    MerkleTree.hashLeaf(h, Arrays.copyOfRange(salts, 3 + 16 * c, 3 + 16 * c + 16),
                            Arrays.copyOfRange(data, 5 + dataLength * c, 5 + dataLength * (c + 1)), dataLength, expected, 32 * c);
                }
                byte[] out = new byte[32 * count + 32];
                MerkleTree.hashLeaves(hash, count, salts, 3, 16, data, 5, dataLength, out, 32);
                assertArrayEquals(expected, Arrays.copyOfRange(out, 32, out.length), hash + ", " + count + " leaves");
            }
        }
    }
}
