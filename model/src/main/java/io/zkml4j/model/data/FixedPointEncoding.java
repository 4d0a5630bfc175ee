package io.zkml4j.model.data;

/**
 * A dataset's features as exact fixed-point integers: value = integer / 2^fractionBits, one format
 * for every feature column (the finest any column needs, so that converting the committed rows
 * into a model's input is one rescaling for all of them). The format is chosen from the data:
 * the fewest fraction bits that represent every value exactly, at most {@code maxFractionBits};
 * the width holds the largest magnitude, so nothing is clipped.
 *
 * @param values       the integers, row by row
 * @param widthBits    every integer lies in [−2^(w−1), 2^(w−1))
 * @param maxError     the largest |value − integer/2^f| (0 when exact)
 */
public record FixedPointEncoding(int fractionBits, int widthBits, double maxError, long[][] values) {
    /** Widest integer a committed feature may be: its products with a model's rescaling factor stay far inside the field. */
    public static final int MAX_WIDTH_BITS = 40;
    public static final int DEFAULT_MAX_FRACTION_BITS = 24;

    public boolean exact() {
        return maxError == 0;
    }

    /** The real value of an integer in this format. */
    public double real(long v) {
        return Math.scalb((double) v, -fractionBits);
    }

    /**
     * The format fixed by the data owner (so that the public description depends on nothing in the
     * data): {@code fractionBits}, and a width of {@code widthBits} that every rounded value must fit.
     */
    public static FixedPointEncoding declared(LabelledDataset data, int fractionBits, int widthBits) throws DatasetFormatException {
        if (fractionBits < 0 || widthBits < 1 || widthBits > MAX_WIDTH_BITS || fractionBits >= MAX_WIDTH_BITS) {
            throw new IllegalArgumentException(fractionBits + " fraction bits in " + widthBits + " bits is not a supported format");
        }
        FixedPointEncoding e = encode(data, fractionBits);
        if (e.widthBits() > widthBits) {
            throw new DatasetFormatException("a feature value needs " + e.widthBits() + " bits with " + fractionBits
                    + " fraction bits, more than the declared width of " + widthBits);
        }
        return new FixedPointEncoding(fractionBits, widthBits, e.maxError(), e.values());
    }

    public static FixedPointEncoding choose(LabelledDataset data, int maxFractionBits) throws DatasetFormatException {
        if (maxFractionBits < 0 || maxFractionBits > MAX_WIDTH_BITS - 1) {
            throw new IllegalArgumentException("fraction bits must be 0 to " + (MAX_WIDTH_BITS - 1) + ", got " + maxFractionBits);
        }
        double maxAbs = 0;
        int needed = 0;
        for (double[] row : data.rows()) {
            for (double v : row) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
                needed = Math.max(needed, fractionBitsOf(v, maxFractionBits));
            }
        }
        // Integer part: bits for round(maxAbs) and the sign.
        int integerBits = 65 - Long.numberOfLeadingZeros((long) Math.ceil(maxAbs));
        if (integerBits > MAX_WIDTH_BITS) {
            throw new DatasetFormatException("a feature value of magnitude " + maxAbs + " needs more than " + MAX_WIDTH_BITS
                    + " bits even as an integer");
        }
        return encode(data, Math.min(needed, MAX_WIDTH_BITS - integerBits));
    }

    private static FixedPointEncoding encode(LabelledDataset data, int f) throws DatasetFormatException {
        long[][] values = new long[data.size()][];
        double maxError = 0;
        int width = 1;
        for (int r = 0; r < values.length; r++) {
            double[] row = data.rows()[r];
            values[r] = new long[row.length];
            for (int c = 0; c < row.length; c++) {
                double scaled = Math.scalb(row[c], f);
                if (Math.abs(scaled) >= 0x1p62) {
                    throw new DatasetFormatException("a feature value " + row[c] + " needs more than " + MAX_WIDTH_BITS + " bits with " + f
                            + " fraction bits");
                }
                long v = Math.round(scaled);
                values[r][c] = v;
                maxError = Math.max(maxError, Math.abs(row[c] - Math.scalb((double) v, -f)));
                width = Math.max(width, 65 - Long.numberOfLeadingZeros(v < 0 ? ~v : v));
            }
        }
        if (width > MAX_WIDTH_BITS) {
            throw new DatasetFormatException("a feature value needs " + width + " bits with " + f + " fraction bits, more than the "
                    + MAX_WIDTH_BITS + " a dataset may have");
        }
        return new FixedPointEncoding(f, width, maxError, values);
    }

    /** The fewest fraction bits (up to cap + 1, meaning "more than cap") that represent v exactly. */
    private static int fractionBitsOf(double v, int cap) {
        for (int f = 0; f <= cap; f++) {
            double scaled = Math.scalb(v, f);
            if (scaled == Math.rint(scaled)) {
                return f;
            }
        }
        return cap;
    }
}
