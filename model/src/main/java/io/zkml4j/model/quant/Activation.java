package io.zkml4j.model.quant;

import io.zkml4j.model.exec.UnaryFunction;

/**
 * The non-linear function applied after requantisation, defined on the 16-bit range
 * [−2^15, 2^15) of requantised values; the proof looks its pairs (t, f(t)) up in a table.
 * Every value is computed with IEEE double arithmetic and {@link StrictMath} (Math.exp and
 * Math.tanh may differ in the last bit between platforms), so that prover and verifier build the
 * same table wherever they run.
 *
 * @param inputScale  real value of one unit of t (sigmoid, tanh and functions need it)
 * @param outputBits  for sigmoid and tanh: the output is round(f(t·inputScale)·2^outputBits)
 * @param function    for {@link Kind#FUNCTION}: the elementwise function, with parameters alpha and beta;
 *                    the output is round(f(t·inputScale)/outputScale), saturated to 16 bits (NaN, where f
 *                    is undefined, gives 0)
 * @param outputScale for {@link Kind#FUNCTION}: the real value of one unit of the output, from calibration
 */
public record Activation(Kind kind, double alpha, long clipLow, long clipHigh, double inputScale, int outputBits,
                         UnaryFunction function, double beta, double outputScale) {
    public static final int BITS = 16;
    public static final long MIN = -(1L << (BITS - 1));
    public static final long MAX = (1L << (BITS - 1)) - 1;

    public enum Kind { IDENTITY, RELU, LEAKY_RELU, SIGMOID, TANH, CLIP, FUNCTION }

    public Activation {
        if (kind == Kind.FUNCTION && (function == null || !(inputScale > 0) || !(outputScale > 0) || Double.isInfinite(inputScale)
                || Double.isInfinite(outputScale) || !Double.isFinite(alpha) || !Double.isFinite(beta))) {
            throw new IllegalArgumentException("a function activation needs a function, finite parameters and positive finite scales");
        }
    }

    /** The activations without a function. */
    private static Activation of(Kind kind, double alpha, long clipLow, long clipHigh, double inputScale, int outputBits) {
        return new Activation(kind, alpha, clipLow, clipHigh, inputScale, outputBits, null, 0, 0);
    }

    public static final Activation IDENTITY = of(Kind.IDENTITY, 0, 0, 0, 0, 0);
    public static final Activation RELU = of(Kind.RELU, 0, 0, 0, 0, 0);

    public static Activation leakyRelu(double alpha) {
        return of(Kind.LEAKY_RELU, alpha, 0, 0, 0, 0);
    }

    public static Activation sigmoid(double inputScale, int outputBits) {
        return of(Kind.SIGMOID, 0, 0, 0, inputScale, outputBits);
    }

    public static Activation tanh(double inputScale, int outputBits) {
        return of(Kind.TANH, 0, 0, 0, inputScale, outputBits);
    }

    public static Activation clip(long low, long high) {
        return of(Kind.CLIP, 0, low, high, 0, 0);
    }

    /** An elementwise function f with parameters alpha and beta, from t of scale inputScale to an output of scale outputScale. */
    public static Activation function(UnaryFunction f, double alpha, double beta, double inputScale, double outputScale) {
        return new Activation(Kind.FUNCTION, alpha, 0, 0, inputScale, 0, f, beta, outputScale);
    }

    /** The same for a node's bound function. */
    public static Activation function(UnaryFunction.Bound f, double inputScale, double outputScale) {
        return function(f.function(), f.alpha(), f.beta(), inputScale, outputScale);
    }

    /** f(t) for t in [MIN, MAX]. */
    public long apply(long t) {
        return switch (kind) {
            case IDENTITY -> t;
            case RELU -> Math.max(t, 0);
            case LEAKY_RELU -> t >= 0 ? t : (long) Math.floor(alpha * t + 0.5);
            // Clamped: with 15 output bits, f = ±1 would round to ±2^15, outside the 16-bit range every tensor has.
            case SIGMOID -> inRange((long) Math.floor(Math.scalb(1 / (1 + StrictMath.exp(-t * inputScale)), outputBits) + 0.5));
            case TANH -> inRange((long) Math.floor(Math.scalb(StrictMath.tanh(t * inputScale), outputBits) + 0.5));
            case CLIP -> Math.min(Math.max(t, clipLow), clipHigh);
            case FUNCTION -> quantised(function.apply(t * inputScale, alpha, beta) / outputScale);
        };
    }

    /** A real number of output units rounded half up and saturated to 16 bits; NaN (f undefined there) gives 0. */
    private static long quantised(double units) {
        if (Double.isNaN(units)) {
            return 0;
        }
        return inRange((long) Math.floor(Math.max(MIN - 1.0, Math.min(MAX + 1.0, units)) + 0.5));
    }

    private static long inRange(long v) {
        return Math.min(MAX, Math.max(MIN, v));
    }

    /** The output's real scale given the input's (outputs of sigmoid and tanh have their own). */
    public double outputScale(double inputScaleOfT) {
        return switch (kind) {
            case SIGMOID, TANH -> Math.scalb(1.0, -outputBits);
            case FUNCTION -> outputScale;
            default -> inputScaleOfT;
        };
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
            case FUNCTION -> function.opType().toLowerCase() + (function == UnaryFunction.GELU_TANH ? "(tanh)" : "")
                    + (alpha != 0 || beta != 0 ? "(" + alpha + ", " + beta + ")" : "") + "(scale " + inputScale + ", out " + outputScale + ")";
        };
    }
}
