package io.zkml4j.model.data;

/**
 * How committed fixed-point features (integers v, value v/2^f) become a model's quantised inputs
 * (integers q, value q·s): q = ⌊(M·v + 2^(S−1)) / 2^S⌋ (q = M·v when S = 0), with M/2^S the ratio
 * 2^−f/s — exactly when that ratio is a power of two (a model whose input scale is 2^−k), else with
 * M rounded to 20 significant bits. Both sides derive M and S from public data (the dataset's
 * format and the model's input scale); the proof checks this rounding, value by value.
 */
public record InputRescale(long multiplier, int shift) {
    /** M·v stays below 2^60 for the widest committed value (40 bits): far inside the field. */
    public static final int MULTIPLIER_BITS = 20;
    /** 2^S·q + r for a 16-bit q and S-bit r stays inside the field's signed range. */
    public static final int MAX_SHIFT = 46;

    public InputRescale {
        if (multiplier < 1 || multiplier >= 1L << MULTIPLIER_BITS || shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("rescale multiplier " + multiplier + " and shift " + shift + " are out of range");
        }
    }

    public static InputRescale of(double inputScale, int fractionBits) {
        if (!(inputScale > 0) || !Double.isFinite(inputScale)) {
            throw new IllegalArgumentException("input scale must be positive, got " + inputScale);
        }
        double ratio = Math.scalb(1.0, -fractionBits) / inputScale;
        int exponent = Math.getExponent(ratio);
        if (ratio == Math.scalb(1.0, exponent)) { // a power of two: exact
            if (exponent >= 0) {
                if (exponent >= MULTIPLIER_BITS) {
                    throw new IllegalArgumentException("the model's input scale is far finer than the data's format (ratio 2^" + exponent + ")");
                }
                return new InputRescale(1L << exponent, 0);
            }
            if (-exponent > MAX_SHIFT) {
                throw new IllegalArgumentException("the data's format is far finer than the model's input scale (ratio 2^" + exponent + ")");
            }
            return new InputRescale(1, -exponent);
        }
        int shift = MULTIPLIER_BITS - 1 - exponent; // M in [2^19, 2^20)
        if (shift < 0) {
            throw new IllegalArgumentException("the model's input scale is far finer than the data's format (ratio " + ratio + ")");
        }
        if (shift > MAX_SHIFT) {
            throw new IllegalArgumentException("the data's format is far finer than the model's input scale (ratio " + ratio + ")");
        }
        long m = Math.round(Math.scalb(ratio, shift));
        if (m >= 1L << MULTIPLIER_BITS) { // rounded up to the next power of two
            m >>= 1;
            shift--;
        }
        return new InputRescale(m, shift);
    }

    /** True when the conversion is a pure shift (M = 1): the committed value is then fixed by q and the remainder. */
    public boolean pureShift() {
        return multiplier == 1;
    }

    public long apply(long v) {
        long scaled = Math.multiplyExact(v, multiplier);
        return shift == 0 ? scaled : Math.floorDiv(scaled + (1L << (shift - 1)), 1L << shift);
    }

    /** The rounding remainder r in [0, 2^S): M·v + 2^(S−1) = 2^S·q + r. */
    public long remainder(long v) {
        if (shift == 0) {
            return 0;
        }
        return Math.floorMod(v * multiplier + (1L << (shift - 1)), 1L << shift);
    }

    public long half() {
        return shift == 0 ? 0 : 1L << (shift - 1);
    }

    public String describe() {
        return shift == 0 ? "q = " + multiplier + "·v" : multiplier == 1 ? "q = round(v / 2^" + shift + ")"
                : "q = round(" + multiplier + "·v / 2^" + shift + ")";
    }
}
