package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QLayer;

/**
 * How a convolution's im2col matrix is laid out in the proof, per sample: positions (k, g, p)
 * with the kernel index k lowest. Each factor is rounded up to a power of two on its own, and the
 * kernel block has at least {@link TensorLayout#MIN_SIZE} entries (the mask lives on kernel bits),
 * so the block can be far larger than the number of entries it holds. The matrix is never
 * committed, but the compiler lays the im2col map's targets out by this shape (the relation's
 * variables and the verifier's eq table over the block follow it) and {@link CircuitBounds}
 * charges it, so the two cannot disagree.
 * Sizes are longs: an untrusted key's geometry is sized here before anything is allocated.
 */
public record Im2colShape(long kernel, long groups, long channelsPadded, long pixels) {
    public static Im2colShape of(QLayer.ConvGeometry g) {
        long groupsReal = Math.max(1, g.groups()); // a consistent geometry has groups >= 1
        long kernelReal = (long) (g.inC() / groupsReal) * g.kH() * g.kW();
        long kernel = Math.max(TensorLayout.MIN_SIZE, ceilPow2(kernelReal));
        long groups = ceilPow2(g.groups());
        long channelsPadded = ceilPow2(g.outC() / groupsReal);
        // The pixel block grows so that a sample has at least MIN_SIZE positions.
        long pixels = Math.max(ceilPow2((long) g.outH() * g.outW()), TensorLayout.MIN_SIZE / Math.min(TensorLayout.MIN_SIZE,
                channelsPadded * groups));
        return new Im2colShape(kernel, groups, channelsPadded, pixels);
    }

    /** Entries of one sample's im2col block (saturating at Long.MAX_VALUE). */
    public long sample() {
        return CircuitBounds.times(kernel, CircuitBounds.times(groups, pixels));
    }

    static long ceilPow2(long n) {
        if (n <= 1) {
            return 1;
        }
        return n > 1L << 62 ? Long.MAX_VALUE : Long.highestOneBit(n - 1) << 1;
    }
}
