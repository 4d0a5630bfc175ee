package io.zkml4j.proof.circuit;

/**
 * A sparse linear map from a source tensor's sample block to a target sample block, the same for
 * every sample: target[p] = Σ_{entries e with target(e) = p} weight(e)·source[source(e)] + constant[p].
 * Entries are listed in three parallel arrays; weights and constants are field elements.
 */
public record SparseMap(int targetSize, int sourceSize, int[] target, int[] source, long[] weight, long[] constants) {
    public SparseMap {
        if (target.length != source.length || target.length != weight.length || constants.length != targetSize) {
            throw new IllegalArgumentException("inconsistent sparse map");
        }
    }

    public int entries() {
        return target.length;
    }

    /** Applies the map to one sample. */
    public long[] apply(long[] sourceSample) {
        long[] out = new long[targetSize];
        applyInto(sourceSample, 0, out, 0);
        return out;
    }

    /** The map on the sample at {@code from} of {@code values}, written at {@code to} of {@code out}. */
    private void applyInto(long[] values, int from, long[] out, int to) {
        System.arraycopy(constants, 0, out, to, targetSize);
        for (int e = 0; e < target.length; e++) {
            out[to + target[e]] = io.zkml4j.core.field.Goldilocks.add(out[to + target[e]],
                    io.zkml4j.core.field.Goldilocks.mul(weight[e], values[from + source[e]]));
        }
    }

    /**
     * The map's transpose applied to a table over the target positions (interleaved extension
     * values): out(j) = Σ_{entries e with source(e) = j} weight(e)·table(target(e)). With table =
     * eq(u, ·) this is G(u, j), the coefficient of source value j in the map's output at the point u.
     */
    public long[] transposeApply(long[] targetTable) {
        if (targetTable.length != 2 * targetSize) {
            throw new IllegalArgumentException("a table over the target has " + targetSize + " values, got " + targetTable.length / 2);
        }
        long[] out = new long[2 * sourceSize];
        for (int e = 0; e < target.length; e++) {
            io.zkml4j.core.field.Ext2.at(targetTable, target[e]).mul(weight[e]).add(io.zkml4j.core.field.Ext2.at(out, source[e])).store(out, source[e]);
        }
        return out;
    }

    /** Applies the map to every sample of a full vector (samples in parallel: each fills its own block). */
    public long[] applyAll(long[] values, int samples) {
        if (values.length < (long) samples * sourceSize) {
            throw new IllegalArgumentException(samples + " samples of " + sourceSize + " values need " + (long) samples * sourceSize
                    + ", the vector has " + values.length);
        }
        long[] out = new long[samples * targetSize];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, samples);
        (samples > 1 ? range.parallel() : range).forEach(b -> applyInto(values, b * sourceSize, out, b * targetSize));
        return out;
    }
}
