package io.zkml4j.training;

import io.zkml4j.core.util.ChaChaRandom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The order in which an epoch visits the rows: a permutation drawn from a pseudo-random function
 * keyed by the recipe's seed, the dataset's digest and the initial model's digest, so the prover
 * does not choose its batches and the verifier recomputes them. Epoch e's permutation is a
 * Fisher–Yates shuffle driven by ChaCha20 keyed with SHA-256("zkml4j/batches/v1" ‖ seed ‖ dataset
 * digest ‖ model digest ‖ e) (both digests 32 bytes, the seed and e big-endian); step i of the
 * shuffle (i from rows − 1 down to 1) swaps i with j = nextInt(i + 1) of {@link java.util.Random}
 * on that stream (rejection sampling over 31-bit draws). Batch b of the epoch is rows
 * perm[b·B .. min((b+1)·B, rows)).
 */
public final class BatchOrder {
    private final long seed;
    private final byte[] datasetDigest;
    private final byte[] modelDigest;
    private final int rows;

    public BatchOrder(long seed, byte[] datasetDigest, byte[] modelDigest, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a dataset has at least one row");
        }
        if (datasetDigest.length != 32 || modelDigest.length != 32) { // fixed lengths keep the key unambiguous
            throw new IllegalArgumentException("the dataset and model digests are 32 bytes");
        }
        this.seed = seed;
        this.datasetDigest = datasetDigest.clone();
        this.modelDigest = modelDigest.clone();
        this.rows = rows;
    }

    /** The rows in the order epoch {@code epoch} visits them. */
    public int[] permutation(int epoch) {
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        ChaChaRandom random = ChaChaRandom.fromSeed(key(epoch));
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Batches per epoch (the last one may be short). */
    public int batches(int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    private byte[] key(int epoch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zkml4j/batches/v1".getBytes(StandardCharsets.US_ASCII));
            sha.update(ByteBuffer.allocate(8).putLong(seed).array());
            sha.update(datasetDigest);
            sha.update(modelDigest);
            sha.update(ByteBuffer.allocate(4).putInt(epoch).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
