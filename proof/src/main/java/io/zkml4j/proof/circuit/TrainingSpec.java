package io.zkml4j.proof.circuit;

import io.zkml4j.model.data.InputRescale;

/**
 * What one training step's circuit proves about, all public: a batch of {@code batch} rows of a
 * committed dataset ({@code datasetRows} rows of {@code features} fixed-point values of
 * {@code widthBits} bits, labels below {@code labelClasses}), rescaled into activations by
 * {@code rescale}; the loss; the fixed-point format; and SGD's learning rate, momentum and weight
 * decay as integers with {@link Format#rateFraction} fraction bits (0: none). Which rows form the batch is not part of the circuit
 * (the statement's row selection, a public tensor), so every step of one batch size shares one
 * circuit.
 */
public record TrainingSpec(Loss loss, int batch, int datasetRows, int features, int labelClasses, int widthBits, InputRescale rescale,
                           Format format, long learningRate, long momentum, long weightDecay) {
    public enum Loss { CROSS_ENTROPY, MSE }

    /**
     * Fraction bits of activations (fa), of output and back-propagated gradients (fg), of weights
     * (fw; biases carry fw + fa, the accumulator's format), and of rates (fr).
     */
    public record Format(int activationFraction, int gradientFraction, int weightFraction, int rateFraction) {
        public static final Format DEFAULT = new Format(8, 12, 16, 16);

        public Format {
            if (activationFraction < 0 || activationFraction > 14 || gradientFraction < activationFraction || gradientFraction > 14) {
                throw new IllegalArgumentException("activation and gradient fraction bits must satisfy 0 ≤ fa ≤ fg ≤ 14, got " + activationFraction
                        + " and " + gradientFraction);
            }
            if (weightFraction < 1 || weightFraction > 30 || rateFraction < 1 || rateFraction > 30) {
                throw new IllegalArgumentException("weight and rate fraction bits must be 1 to 30, got " + weightFraction + " and " + rateFraction);
            }
            if (weightFraction + activationFraction >= gradientFraction + rateFraction) { // the bias update divides by 2^(fg + fr − fw − fa) ≥ 2
                throw new IllegalArgumentException("fw + fa must be below fg + fr = " + (gradientFraction + rateFraction) + ", got "
                        + (weightFraction + activationFraction));
            }
        }

        /** Fraction bits of an activation's derivative in the backward pass (sigmoid's y·(1 − y) has 2fa). */
        public int derivativeFraction() {
            return 2 * activationFraction;
        }

        /** 2^(fg + fa + fr − fw): the weight update's divisor is the batch size times this. */
        public long weightShift() {
            return gradientFraction + activationFraction + rateFraction - weightFraction;
        }

        /** The bias update's divisor is the batch size times 2^(fg + fr − fw − fa). */
        public long biasShift() {
            return gradientFraction + rateFraction - weightFraction - activationFraction;
        }
    }

    /** Weights and biases stay in [−2^31, 2^31). */
    public static final int WEIGHT_BITS = 32;
    /** Inputs and outputs a layer may have: its sums of 32-bit weights times 16-bit values stay below 2^61. */
    public static final int MAX_WIDTH = 1 << 14;
    /** Rows a proven batch may have: the update's divisor times a 32-bit weight must stay far inside the field. */
    public static final int MAX_BATCH = 1 << 10;

    public TrainingSpec {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("a proven training step takes 1 to " + MAX_BATCH + " rows, got " + batch);
        }
        if (learningRate < 1 || learningRate > 1L << format.rateFraction()) {
            throw new IllegalArgumentException("a proven learning rate is above 0 and at most 1, got " + learningRate + "/2^" + format.rateFraction());
        }
        if (loss == Loss.CROSS_ENTROPY && TablePlan.expValues(format.activationFraction()).length >= 1 << io.zkml4j.model.quant.Activation.BITS) {
            throw new IllegalArgumentException("cross-entropy takes at most 12 activation fraction bits: with " + format.activationFraction()
                    + ", exp(−d) does not round to 0 within the 16-bit gaps d the softmax's table holds");
        }
        if (momentum < 0 || momentum >= 1L << format.rateFraction() || weightDecay < 0 || weightDecay >= 1L << format.rateFraction()) {
            throw new IllegalArgumentException("momentum and weight decay are at least 0 and below 1");
        }
        // Soundness of the decay's rounding: lr·λ·w + 2^(2fr−1) = 2^(2fr)·term + r over the field is one over
        // the integers when every part stays below 2^62.
        double decayTerms = (double) learningRate * weightDecay * 0x1p31
                + Math.scalb(1.0, 2 * format.rateFraction() + decayBits(learningRate, weightDecay, format) - 1) + Math.scalb(1.0, 2 * format.rateFraction());
        if (weightDecay != 0 && decayTerms >= 0x1p62) {
            throw new IllegalArgumentException("the weight decay's term leaves the field's headroom: choose a smaller learning rate or decay");
        }
        if (datasetRows < 1 || features < 1 || labelClasses < 1) {
            throw new IllegalArgumentException("a dataset has rows, features and labels");
        }
        // Soundness: |divisor·u| + |lr·G| + divisor < 2^62 for |u| < 2^32 and |G| ≤ 2^30·batch, so the
        // update's equation over the field is one over the integers.
        long divisor = (long) batch << format.weightShift();
        double bound = Math.scalb((double) divisor, WEIGHT_BITS) + Math.scalb((double) learningRate * batch, 30) + divisor;
        if (bound >= 0x1p62) {
            throw new IllegalArgumentException("the update of this format and batch leaves the field's headroom");
        }
    }

    /** A spec without momentum or weight decay. */
    public TrainingSpec(Loss loss, int batch, int datasetRows, int features, int labelClasses, int widthBits, InputRescale rescale, Format format,
                        long learningRate) {
        this(loss, batch, datasetRows, features, labelClasses, widthBits, rescale, format, learningRate, 0, 0);
    }

    /** Whether the update is only the rounded gradient step (then W − W' is it, and needs no vectors of its own). */
    public boolean plainSgd() {
        return momentum == 0 && weightDecay == 0;
    }

    /**
     * Bits (with the sign) of the weight decay's term round(lr·λ·w / 2^(2fr)) for a 32-bit w: its range
     * check's width, which keeps lr·λ·w and 2^(2fr)·term far inside the field.
     */
    public static int decayBits(long learningRate, long weightDecay, Format format) {
        // |term| ≤ L + ½ rounded to nearest, L = lr·λ·2^31 / 2^(2fr): one bit for the sign, one for the rounding above L.
        double largest = (double) learningRate * weightDecay * Math.scalb(1.0, WEIGHT_BITS - 1 - 2 * format.rateFraction());
        return 3 + Math.max(0, Math.getExponent(Math.max(1.0, largest)));
    }

    /** batch·2^(fg + fa + fr − fw). */
    public long weightDivisor() {
        return (long) batch << format.weightShift();
    }

    /** batch·2^(fg + fr − fw − fa). */
    public long biasDivisor() {
        return (long) batch << format.biasShift();
    }

    /** The same statement for a batch of another size (the last, shorter batch of an epoch). */
    public TrainingSpec withBatch(int rows) {
        return new TrainingSpec(loss, rows, datasetRows, features, labelClasses, widthBits, rescale, format, learningRate, momentum, weightDecay);
    }
}
