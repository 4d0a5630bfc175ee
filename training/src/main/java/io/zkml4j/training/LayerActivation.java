package io.zkml4j.training;

import io.zkml4j.model.quant.Activation;

/**
 * The activation after a dense layer, on real numbers, as the ONNX graph names it: none, ReLU,
 * leaky ReLU with its slope α below zero (0 ≤ α ≤ 1), sigmoid or tanh. {@link #quantised} is the
 * same function on fixed-point activations, which the fixed-point trainer runs and a training
 * proof proves.
 */
public record LayerActivation(Kind kind, double alpha) {
    public enum Kind { NONE, RELU, LEAKY_RELU, SIGMOID, TANH }

    public static final LayerActivation NONE = new LayerActivation(Kind.NONE, 0);
    public static final LayerActivation RELU = new LayerActivation(Kind.RELU, 0);
    public static final LayerActivation SIGMOID = new LayerActivation(Kind.SIGMOID, 0);
    public static final LayerActivation TANH = new LayerActivation(Kind.TANH, 0);

    public LayerActivation {
        alpha = alpha == 0 ? 0.0 : alpha; // −0.0 is 0: one activation, one equal record
        if (kind == Kind.LEAKY_RELU ? !(alpha >= 0 && alpha <= 1) : alpha != 0) {
            throw new IllegalArgumentException(kind == Kind.LEAKY_RELU ? "a leaky ReLU's slope below zero must be from 0 to 1, got " + alpha
                    : "only leaky ReLU has a slope");
        }
    }

    public static LayerActivation leakyRelu(double alpha) {
        return new LayerActivation(Kind.LEAKY_RELU, alpha);
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** f(z). */
    public double apply(double z) {
        return switch (kind) {
            case NONE -> z;
            case RELU -> Math.max(0, z);
            case LEAKY_RELU -> z > 0 ? z : alpha * z;
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
        };
    }

    /**
     * f'(z) from the output y = f(z), as PyTorch's backward computes it: 1 where y &gt; 0 and 0 (ReLU)
     * or α (leaky ReLU) elsewhere, y·(1 − y) for sigmoid, 1 − y² for tanh.
     */
    public double derivativeFromOutput(double y) {
        return switch (kind) {
            case NONE -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case LEAKY_RELU -> y > 0 ? 1 : alpha;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
        };
    }

    /**
     * The function on fixed-point values with {@code activationFraction} fraction bits in and out
     * (sigmoid and tanh rounded to nearest; leaky ReLU's α·t rounded half up), or why a training
     * proof cannot take it (IllegalArgumentException: these three need at least one fraction bit).
     */
    public Activation quantised(int activationFraction) {
        if (activationFraction < 1 && (kind == Kind.LEAKY_RELU || kind == Kind.SIGMOID || kind == Kind.TANH)) {
            throw new IllegalArgumentException(describe() + " needs activations with at least one fraction bit");
        }
        double scale = Math.scalb(1.0, -activationFraction);
        return switch (kind) {
            case NONE -> Activation.IDENTITY;
            case RELU -> Activation.RELU;
            case LEAKY_RELU -> Activation.leakyRelu(alpha);
            case SIGMOID -> Activation.sigmoid(scale, activationFraction);
            case TANH -> Activation.tanh(scale, activationFraction);
        };
    }

    /** A stable code for files and messages: 0 none, 1 ReLU, 2 leaky ReLU, 3 sigmoid, 4 tanh. */
    public int code() {
        return switch (kind) {
            case NONE -> 0;
            case RELU -> 1;
            case LEAKY_RELU -> 2;
            case SIGMOID -> 3;
            case TANH -> 4;
        };
    }

    /** The activation of a {@link #code} and slope (IllegalArgumentException for an unknown code or a slope out of range). */
    public static LayerActivation ofCode(int code, double alpha) {
        Kind kind = switch (code) {
            case 0 -> Kind.NONE;
            case 1 -> Kind.RELU;
            case 2 -> Kind.LEAKY_RELU;
            case 3 -> Kind.SIGMOID;
            case 4 -> Kind.TANH;
            default -> throw new IllegalArgumentException("activation code " + code + " is not 0 to 4");
        };
        return new LayerActivation(kind, alpha);
    }

    /** The ONNX operator (null for none). */
    public String onnxOp() {
        return switch (kind) {
            case NONE -> null;
            case RELU -> "Relu";
            case LEAKY_RELU -> "LeakyRelu";
            case SIGMOID -> "Sigmoid";
            case TANH -> "Tanh";
        };
    }

    /** The activation an ONNX operator names (LeakyRelu with its alpha), or null for another operator. */
    static LayerActivation ofOnnx(String op, double alpha) {
        return switch (op) {
            case "Relu" -> RELU;
            case "LeakyRelu" -> leakyRelu(alpha);
            case "Sigmoid" -> SIGMOID;
            case "Tanh" -> TANH;
            default -> null;
        };
    }

    public String describe() {
        return switch (kind) {
            case NONE -> "no activation";
            case RELU -> "ReLU";
            case LEAKY_RELU -> "leaky ReLU (α = " + alpha + ")";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
        };
    }
}
