package io.zkml4j.proof.circuit;

import java.util.Arrays;

/**
 * Where a tensor's values sit in its committed (or public) vector: each sample's logical values
 * (row-major) go to {@code proofIndex[i]} inside a block of {@code sampleSize} (a power of two),
 * and sample b of the batch occupies block b. Unused positions are padding. The batch therefore
 * occupies the highest variables of the vector's multilinear extension.
 */
public record TensorLayout(int[] proofIndex, int sampleSize, int batch) {
    /** Every sample block has at least this many entries (a zero-knowledge mask needs 5 variables). */
    public static final int MIN_SIZE = 32;

    public TensorLayout {
        if (Integer.bitCount(sampleSize) != 1 || batch < 1) {
            throw new IllegalArgumentException("sample size must be a power of two and batch positive");
        }
        proofIndex = proofIndex.clone();
    }

    /** Logical row-major order, padded at the end. */
    public static TensorLayout flat(int logicalSize, int batch) {
        int[] idx = new int[logicalSize];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return new TensorLayout(idx, sampleSize(logicalSize, batch), batch);
    }

    /**
     * [C, H, W] as rows of one channel each: position c·P + (h·W + w) with P = H·W rounded up to a
     * power of two, so a channel and a pixel are separate groups of variables.
     */
    public static TensorLayout channelMajor(int channels, int height, int width, int batch) {
        int pixels = ceilPow2(height * width);
        int[] idx = new int[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < height * width; p++) {
                idx[c * height * width + p] = c * pixels + p;
            }
        }
        int channelsPadded = ceilPow2(channels);
        return new TensorLayout(idx, sampleSize(channelsPadded * pixels, batch), batch);
    }

    /**
     * A grouped convolution's output [G·Cg, H, W]: position (g·Cg' + c)·P + (h·W + w), with Cg' the
     * channels per group rounded up to a power of two and P a power-of-two pixel block of at least
     * H·W, so pixel, channel-in-group and group are separate groups of variables (lowest first).
     */
    public static TensorLayout grouped(int groups, int channelsPerGroup, int height, int width, int pixelBlock, int batch) {
        int perGroup = ceilPow2(channelsPerGroup);
        if (Integer.bitCount(pixelBlock) != 1 || pixelBlock < height * width) {
            throw new IllegalArgumentException("pixel block " + pixelBlock + " cannot hold " + height * width + " pixels");
        }
        int[] idx = new int[groups * channelsPerGroup * height * width];
        for (int g = 0; g < groups; g++) {
            for (int c = 0; c < channelsPerGroup; c++) {
                for (int p = 0; p < height * width; p++) {
                    idx[((g * channelsPerGroup + c) * height * width) + p] = ((g * perGroup) + c) * pixelBlock + p;
                }
            }
        }
        return new TensorLayout(idx, sampleSize(ceilPow2(groups) * perGroup * pixelBlock, batch), batch);
    }

    /** A committed matrix that is not a model tensor (im2col, pooling windows): all positions addressed directly. */
    public static TensorLayout raw(int sampleSize, int batch) {
        return new TensorLayout(new int[0], sampleSize(sampleSize, batch), batch);
    }

    public static int ceilPow2(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** Each sample block has at least MIN_SIZE entries, so a mask's variables stay inside the sample. */
    private static int sampleSize(int n, int batch) {
        return Math.max(MIN_SIZE, ceilPow2(n));
    }

    public int logicalSize() {
        return proofIndex.length;
    }

    public int batchPadded() {
        return ceilPow2(batch);
    }

    /** Entries of the whole vector (a power of two, at least MIN_SIZE). */
    public int size() {
        return sampleSize * batchPadded();
    }

    public int numVars() {
        return Integer.numberOfTrailingZeros(size());
    }

    public int sampleVars() {
        return Integer.numberOfTrailingZeros(sampleSize);
    }

    public int batchVars() {
        return Integer.numberOfTrailingZeros(batchPadded());
    }

    /** The same values seen through a map from new logical indices to old ones (reshape: identity, transpose: a permutation). */
    public TensorLayout alias(int[] newToOld) {
        int[] idx = new int[newToOld.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = proofIndex[newToOld[i]];
        }
        return new TensorLayout(idx, sampleSize, batch);
    }

    /**
     * Places per-sample logical values into a full vector, filling unused positions with
     * {@code pad}. Blocks beyond the given samples (the padded batch) repeat the first sample, so
     * every block is a real execution of the model; a caller whose padded blocks hold something
     * else (a dataset's zero padding rows) gives a sample for every block.
     */
    public long[] place(long[][] samples, long pad) {
        if (samples.length < 1 || samples.length > batchPadded()) {
            throw new IllegalArgumentException("expected 1 to " + batchPadded() + " samples, got " + samples.length);
        }
        long[] out = new long[size()];
        Arrays.fill(out, pad);
        for (int b = 0; b < batchPadded(); b++) {
            long[] sample = samples[b < samples.length ? b : 0];
            if (sample.length != proofIndex.length) {
                throw new IllegalArgumentException("a sample has " + sample.length + " values, the tensor " + proofIndex.length);
            }
            for (int i = 0; i < proofIndex.length; i++) {
                out[b * sampleSize + proofIndex[i]] = sample[i];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorLayout l && l.sampleSize == sampleSize && l.batch == batch && Arrays.equals(l.proofIndex, proofIndex);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(proofIndex) * 31 + sampleSize;
    }
}
