package io.zkml4j.model.quant;

/**
 * Requantisation: an exact integer accumulator (already multiplied by the layer's fixed-point
 * multiplier) is divided by 2^shift with rounding half up, t = ⌊(acc + 2^(shift−1)) / 2^shift⌋,
 * must land in the 16-bit range, and then goes through the activation. The remainder
 * r = acc + 2^(shift−1) − t·2^shift lies in [0, 2^shift): the proof range-checks it.
 */
public record Requant(int shift, Activation activation) {
    public Requant {
        if (shift < 0 || shift > 47) {
            throw new IllegalArgumentException("requantisation shift " + shift + " outside [0, 47]");
        }
    }

    /** t for an accumulator value; throws if t leaves the 16-bit range. */
    public long round(long acc, String where) {
        long t = roundUnchecked(acc);
        if (t < Activation.MIN || t > Activation.MAX) {
            throw new QuantizationRangeException(where, t);
        }
        return t;
    }

    /** The same for output {@code index} of {@code layer}, the place named only when it throws (this runs per output value). */
    public long round(long acc, String layer, int index) {
        long t = roundUnchecked(acc);
        if (t < Activation.MIN || t > Activation.MAX) {
            throw new QuantizationRangeException("layer " + layer + ", output " + index, t);
        }
        return t;
    }

    private long roundUnchecked(long acc) {
        return shift == 0 ? acc : Math.floorDiv(acc + (1L << (shift - 1)), 1L << shift);
    }

    /** r = acc + 2^(shift−1) − t·2^shift, in [0, 2^shift). */
    public long remainder(long acc, long t) {
        return shift == 0 ? 0 : acc + (1L << (shift - 1)) - (t << shift);
    }
}
