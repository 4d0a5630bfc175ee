package io.zkml4j.model.quant;

import io.zkml4j.model.onnx.UnsupportedModelException;

/**
 * Turns a requantising layer's real multipliers into integers. Every multiplier m (a weight
 * times s_in / s_out, for example) becomes round(m·2^k), and the layer divides its accumulator by
 * 2^k when it requantises ({@link Requant}). Folding the multipliers into the parameters this
 * way keeps the layer exact in integers with one shift and no separate per-channel multiplier.
 *
 * <p>The shift k is 16 by default: the proof range-checks the remainder in 16-bit limbs, so
 * k ≤ 16 costs one limb. When the layer's largest integer parameter would have fewer than 11
 * significant bits at k = 16 (rounding would then cost more than 2^−12 of it, relative), k grows
 * until it has them, up to 47. The accumulator must stay within 2^62 in magnitude for every
 * in-range input, so that neither 64-bit arithmetic nor the field (signed values up to
 * p/2 ≈ 2^63) can wrap; if the chosen k breaks that bound, k shrinks until it holds.
 */
final class FixedPoint {
    static final int DEFAULT_SHIFT = 16;
    static final int MAX_SHIFT = 47;
    static final int MIN_SIGNIFICANT_BITS = 11;
    static final double ACCUMULATOR_LIMIT = 0x1p62;

    private FixedPoint() {}

    /** A layer's integer parameters at its shift. */
    record Parameters(int shift, long[] weights, long[] bias) {}

    /**
     * Chooses the shift and rounds the parameters.
     *
     * @param where      names the layer in the error message
     * @param weights    real multipliers, {@code fanIn} consecutive ones per output
     * @param bias       the real constant term of each output, in output units, or null for none
     * @param inputBound the largest magnitude of the integer each multiplier is applied to
     * @throws UnsupportedModelException when even k = 0 lets an in-range input overflow the accumulator bound
     */
    static Parameters choose(String where, double[] weights, int fanIn, double[] bias, double inputBound)
            throws UnsupportedModelException {
        double largest = 0;
        for (double w : weights) {
            largest = Math.max(largest, Math.abs(w));
        }
        int k = DEFAULT_SHIFT;
        while (largest > 0 && k < MAX_SHIFT && Math.scalb(largest, k) < 0x1p11) {
            k++;
        }
        for (; k >= 0; k--) {
            Parameters p = round(k, weights, bias);
            double bound = accumulatorBound(p, fanIn, inputBound);
            if (bound <= ACCUMULATOR_LIMIT) {
                return p;
            }
            if (k == 0) {
                throw new UnsupportedModelException(where + ": an in-range input could drive the accumulator to about 2^"
                        + Math.round(Math.log(bound) / Math.log(2)) + " even without a fixed-point shift, beyond the 2^62 that "
                        + "64-bit and field arithmetic allow; the layer's output scale is tiny compared with its weights, "
                        + "probably because its output was (nearly) zero on every calibration sample: calibrate with "
                        + "representative inputs");
            }
        }
        throw new AssertionError("unreachable");
    }

    private static Parameters round(int k, double[] weights, double[] bias) {
        long[] w = new long[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.round(Math.scalb(weights[i], k));
        }
        long[] b = null;
        if (bias != null) {
            b = new long[bias.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = Math.round(Math.scalb(bias[i], k));
            }
        }
        return new Parameters(k, w, b);
    }

    /** max over outputs of Σ|w|·inputBound + |b|, in double (far more precise than the margin needs). */
    private static double accumulatorBound(Parameters p, int fanIn, double inputBound) {
        double worst = 0;
        int outputs = p.weights().length / fanIn;
        for (int o = 0; o < outputs; o++) {
            double sum = p.bias() == null ? 0 : Math.abs((double) p.bias()[o]);
            for (int i = o * fanIn; i < (o + 1) * fanIn; i++) {
                sum += Math.abs((double) p.weights()[i]) * inputBound;
            }
            worst = Math.max(worst, sum);
        }
        return worst;
    }
}
