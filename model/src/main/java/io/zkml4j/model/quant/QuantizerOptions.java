package io.zkml4j.model.quant;

/**
 * Options of {@link Quantizer}.
 *
 * @param headroomBits how far calibrated values stay below the 16-bit limit: a tensor whose largest
 *                     calibration magnitude is m gets the scale m / 2^(15 − headroomBits), so that
 *                     inputs driving a tensor up to 2^headroomBits times beyond anything seen in
 *                     calibration still fit. At least 1, because rounding alone can push a value a
 *                     little past its calibrated maximum.
 */
public record QuantizerOptions(int headroomBits) {
    /** Headroom factor 4: calibrated maxima land at 2^13. */
    public static final QuantizerOptions DEFAULTS = new QuantizerOptions(2);

    public QuantizerOptions {
        if (headroomBits < 1 || headroomBits > 12) {
            throw new IllegalArgumentException("headroom must be 1 to 12 bits, got " + headroomBits);
        }
    }

    /** The scale of a tensor whose calibrated magnitude is at most maxAbs (a tensor that is always 0 counts as magnitude 1). */
    public double scaleFor(double maxAbs) {
        double m = maxAbs > 0 ? maxAbs : 1;
        return Math.scalb(m, -(Activation.BITS - 1 - headroomBits));
    }
}
