package io.zkml4j.core.hash;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A binary Merkle tree over 2^k leaf digests, stored in heap order (node 1 is the root, node i
 * has children 2i and 2i+1, leaf j is node 2^k + j).
 *
 * <p>Domain separation: leaves are hashed by the caller with {@link #hashLeaf} (prefix 0x00),
 * inner nodes here with prefix 0x01, so a leaf can never be passed off as an inner node.
 *
 * <p>Multi-path openings reveal, for a set of leaves, exactly the sibling digests that cannot be
 * recomputed from the opened leaves, level by level from the leaves up and left to right within
 * a level. That order is canonical: the verifier knows from the index set alone how many
 * digests to read and where each belongs.
 */
public final class MerkleTree {
    static final byte LEAF_TAG = 0x00;
    static final byte NODE_TAG = 0x01;
    private static final int PARALLEL_LEVEL_SIZE = 1 << 12;
    /** Inner nodes of a level hashed by one task (a power of two). */
    private static final int NODE_CHUNK = 1 << 9;

    private final HashFunction hash;
    private final int logLeaves;
    private final byte[] nodes; // 32 bytes per node, index 0 unused

    private MerkleTree(HashFunction hash, int logLeaves, byte[] nodes) {
        this.hash = hash;
        this.logLeaves = logLeaves;
        this.nodes = nodes;
    }

    /** Builds the tree from n = 2^k leaf digests laid end to end (32·n bytes). */
    public static MerkleTree fromLeafDigests(HashFunction hash, byte[] leafDigests) {
        int n = leafDigests.length / HashFunction.DIGEST_BYTES;
        if (n == 0 || (n & (n - 1)) != 0 || n * HashFunction.DIGEST_BYTES != leafDigests.length) {
            throw new IllegalArgumentException("a Merkle tree needs a power-of-two number of 32-byte leaves, got "
                    + leafDigests.length + " bytes");
        }
        int logLeaves = Integer.numberOfTrailingZeros(n);
        byte[] nodes = new byte[2 * n * HashFunction.DIGEST_BYTES];
        System.arraycopy(leafDigests, 0, nodes, n * HashFunction.DIGEST_BYTES, leafDigests.length);
        for (int levelStart = n >>> 1; levelStart >= 1; levelStart >>>= 1) {
            // A level's nodes are independent: hashed in batches (in the vector lanes where the hash has them), in parallel on a large level.
            final int start = levelStart;
            final int chunk = Math.min(start, NODE_CHUNK);
            IntStream range = IntStream.range(0, start / chunk);
            if (start >= PARALLEL_LEVEL_SIZE) {
                range = range.parallel();
            }
            range.forEach(c -> {
                int first = start + c * chunk;
                hash.hashAll(chunk, 1 + 2 * HashFunction.DIGEST_BYTES, (m, buffer, offset) -> {
                    buffer[offset] = NODE_TAG;
                    System.arraycopy(nodes, 2 * (first + m) * HashFunction.DIGEST_BYTES, buffer, offset + 1, 2 * HashFunction.DIGEST_BYTES);
                }, nodes, first * HashFunction.DIGEST_BYTES);
            });
        }
        return new MerkleTree(hash, logLeaves, nodes);
    }

    /** Hashes one leaf: H(0x00 || salt || data). */
    public static void hashLeaf(HashFunction.Hasher h, byte[] salt, byte[] data, int dataLength, byte[] out, int outOffset) {
        h.update(LEAF_TAG);
        h.update(salt, 0, salt.length);
        h.update(data, 0, dataLength);
        h.digest(out, outOffset);
    }

    /**
     * Hashes {@code count} leaves at once, as {@link #hashLeaf} would one at a time: leaf c is
     * H(0x00 || salt c || data c), salt c the {@code saltLength} bytes at
     * salts[saltOffset + c·saltLength], data c the {@code dataLength} bytes at
     * data[dataOffset + c·dataLength]; its digest goes to out[outOffset + 32c]. Through
     * {@link HashFunction#hashAll}, so in the vector lanes where the hash has them.
     */
    public static void hashLeaves(HashFunction hash, int count, byte[] salts, int saltOffset, int saltLength,
                                  byte[] data, int dataOffset, int dataLength, byte[] out, int outOffset) {
        hash.hashAll(count, 1 + saltLength + dataLength, (c, buffer, offset) -> {
            buffer[offset] = LEAF_TAG;
            System.arraycopy(salts, saltOffset + c * saltLength, buffer, offset + 1, saltLength);
            System.arraycopy(data, dataOffset + c * dataLength, buffer, offset + 1 + saltLength, dataLength);
        }, out, outOffset);
    }

    public byte[] root() {
        return Arrays.copyOfRange(nodes, HashFunction.DIGEST_BYTES, 2 * HashFunction.DIGEST_BYTES);
    }

    public int logLeaves() {
        return logLeaves;
    }

    public HashFunction hash() {
        return hash;
    }

    /**
     * The sibling digests proving the leaves at the given indices (strictly increasing),
     * in canonical order.
     */
    public byte[][] multiProof(int[] sortedIndices) {
        checkIndices(sortedIndices, logLeaves);
        int n = 1 << logLeaves;
        int[] level = new int[sortedIndices.length];
        for (int i = 0; i < level.length; i++) {
            level[i] = n + sortedIndices[i];
        }
        var siblings = new java.util.ArrayList<byte[]>();
        int count = level.length;
        for (int depth = 0; depth < logLeaves; depth++) {
            int next = 0;
            for (int i = 0; i < count; i++) {
                int node = level[i];
                if (i + 1 < count && level[i + 1] == (node ^ 1)) {
                    i++; // both children known
                } else {
                    int s = node ^ 1;
                    siblings.add(Arrays.copyOfRange(nodes, s * HashFunction.DIGEST_BYTES, (s + 1) * HashFunction.DIGEST_BYTES));
                }
                level[next++] = node >>> 1;
            }
            count = next;
        }
        return siblings.toArray(new byte[0][]);
    }

    /** The number of sibling digests {@link #multiProof} yields for these indices. */
    public static int multiProofSize(int[] sortedIndices, int logLeaves) {
        checkIndices(sortedIndices, logLeaves);
        int[] level = sortedIndices.clone();
        int count = level.length;
        int size = 0;
        for (int depth = 0; depth < logLeaves; depth++) {
            int next = 0;
            for (int i = 0; i < count; i++) {
                if (i + 1 < count && level[i + 1] == (level[i] ^ 1)) {
                    i++;
                } else {
                    size++;
                }
                level[next++] = level[i] >>> 1;
            }
            count = next;
        }
        return size;
    }

    /**
     * Recomputes the root from opened leaf digests (in index order) and the canonical siblings.
     * Returns null when the sibling count does not match (the caller turns that into a rejection).
     */
    public static byte[] rootFromMultiProof(HashFunction hash, int logLeaves, int[] sortedIndices,
                                            byte[][] leafDigests, byte[][] siblings) {
        checkIndices(sortedIndices, logLeaves);
        if (leafDigests.length != sortedIndices.length) {
            throw new IllegalArgumentException("one leaf digest per index expected");
        }
        int n = 1 << logLeaves;
        int count = sortedIndices.length;
        int[] level = new int[count];
        byte[][] digests = new byte[count][];
        for (int i = 0; i < count; i++) {
            level[i] = n + sortedIndices[i];
            digests[i] = leafDigests[i];
        }
        HashFunction.Hasher h = hash.newHasher();
        int used = 0;
        for (int depth = 0; depth < logLeaves; depth++) {
            int next = 0;
            for (int i = 0; i < count; i++) {
                int node = level[i];
                byte[] left;
                byte[] right;
                if (i + 1 < count && level[i + 1] == (node ^ 1)) {
                    left = digests[i];
                    right = digests[i + 1];
                    i++;
                } else {
                    if (used == siblings.length) {
                        return null;
                    }
                    byte[] s = siblings[used++];
                    if ((node & 1) == 0) {
                        left = digests[i];
                        right = s;
                    } else {
                        left = s;
                        right = digests[i];
                    }
                }
                h.update(NODE_TAG);
                h.update(left, 0, HashFunction.DIGEST_BYTES);
                h.update(right, 0, HashFunction.DIGEST_BYTES);
                byte[] parent = new byte[HashFunction.DIGEST_BYTES];
                h.digest(parent, 0);
                level[next] = node >>> 1;
                digests[next] = parent;
                next++;
            }
            count = next;
        }
        return used == siblings.length ? digests[0] : null;
    }

    /** Digests laid end to end, as openings send their sibling paths. */
    public static byte[] joinDigests(byte[][] digests) {
        byte[] out = new byte[digests.length * HashFunction.DIGEST_BYTES];
        for (int i = 0; i < digests.length; i++) {
            System.arraycopy(digests[i], 0, out, i * HashFunction.DIGEST_BYTES, HashFunction.DIGEST_BYTES);
        }
        return out;
    }

    /** The 32-byte digests of bytes laid end to end (a trailing partial digest is dropped; callers read exact lengths). */
    public static byte[][] splitDigests(byte[] joined) {
        byte[][] out = new byte[joined.length / HashFunction.DIGEST_BYTES][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(joined, i * HashFunction.DIGEST_BYTES, (i + 1) * HashFunction.DIGEST_BYTES);
        }
        return out;
    }

    private static void checkIndices(int[] sortedIndices, int logLeaves) {
        if (sortedIndices.length == 0) {
            throw new IllegalArgumentException("a multi-proof needs at least one index");
        }
        for (int i = 0; i < sortedIndices.length; i++) {
            if (sortedIndices[i] < 0 || sortedIndices[i] >= (1 << logLeaves)) {
                throw new IllegalArgumentException("leaf index " + sortedIndices[i] + " outside the tree of 2^" + logLeaves + " leaves");
            }
            if (i > 0 && sortedIndices[i] <= sortedIndices[i - 1]) {
                throw new IllegalArgumentException("leaf indices must be strictly increasing");
            }
        }
    }
}
