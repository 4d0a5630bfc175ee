package io.zkml4j.model.quant;

/**
 * The non-linear function applied after requantisation, defined on the 16-bit range
 * [−2^15, 2^15) of requantised values; the proof looks its pairs (t, f(t)) up in a table.
 * Every value is computed with IEEE double arithmetic, which Java makes identical on every
 * platform, so prover and verifier build the same table.
 *
 * @param inputScale  real value of one unit of t (sigmoid and tanh need it)
 * @param outputBits  for sigmoid and tanh: the output is round(f(t·inputScale)·2^outputBits)
 */
public record Activation(Kind kind, double alpha, long clipLow, long clipHigh, double inputScale, int outputBits) {
    public static final int BITS = 16;
    public static final long MIN = -(1L << (BITS - 1));
    public static final long MAX = (1L << (BITS - 1)) - 1;

    public enum Kind { IDENTITY, RELU, LEAKY_RELU, SIGMOID, TANH, CLIP }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0, 0, 0, 0, 0);
    public static final Activation RELU = new Activation(Kind.RELU, 0, 0, 0, 0, 0);

    public static Activation leakyRelu(double alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha, 0, 0, 0, 0);
    }

    public static Activation sigmoid(double inputScale, int outputBits) {
        return new Activation(Kind.SIGMOID, 0, 0, 0, inputScale, outputBits);
    }

    public static Activation tanh(double inputScale, int outputBits) {
        return new Activation(Kind.TANH, 0, 0, 0, inputScale, outputBits);
    }

    public static Activation clip(long low, long high) {
        return new Activation(Kind.CLIP, 0, low, high, 0, 0);
    }

    /** f(t) for t in [MIN, MAX]. */
    public long apply(long t) {
        return switch (kind) {
            case IDENTITY -> t;
            case RELU -> Math.max(t, 0);
            case LEAKY_RELU -> t >= 0 ? t : (long) Math.floor(alpha * t + 0.5);
            // Clamped: with 15 output bits, f = ±1 would round to ±2^15, outside the 16-bit range every tensor has.
            case SIGMOID -> inRange((long) Math.floor(Math.scalb(1 / (1 + Math.exp(-t * inputScale)), outputBits) + 0.5));
            case TANH -> inRange((long) Math.floor(Math.scalb(Math.tanh(t * inputScale), outputBits) + 0.5));
            case CLIP -> Math.min(Math.max(t, clipLow), clipHigh);
        };
    }

    private static long inRange(long v) {
        return Math.min(MAX, Math.max(MIN, v));
    }

    /** The output's real scale given the input's (outputs of sigmoid and tanh have their own). */
    public double outputScale(double inputScaleOfT) {
        return kind == Kind.SIGMOID || kind == Kind.TANH ? Math.scalb(1.0, -outputBits) : inputScaleOfT;
    }

    /** True when the output equals t (no table needed beyond the range check). */
    public boolean isIdentity() {
        return kind == Kind.IDENTITY;
    }

    public String describe() {
        return switch (kind) {
            case IDENTITY -> "identity";
            case RELU -> "relu";
            case LEAKY_RELU -> "leaky_relu(" + alpha + ")";
            case SIGMOID -> "sigmoid(scale " + inputScale + ", out 2^-" + outputBits + ")";
            case TANH -> "tanh(scale " + inputScale + ", out 2^-" + outputBits + ")";
            case CLIP -> "clip[" + clipLow + ", " + clipHigh + "]";
        };
    }
}
