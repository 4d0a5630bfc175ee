package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TrainingSpec;

import java.util.function.Supplier;

/**
 * The recipe in exact integer arithmetic: the computation a training proof proves, step by step.
 * Every value is an integer v standing for v / 2^fraction, and every rounding is to nearest (ties
 * up), floor((x + D/2) / D), except the softmax's division, which is a floor; either way a proof
 * checks it as a quotient with a remainder in [0, D).
 *
 * <p>The formats ({@link Format}): activations and gradients 16-bit signed, activations with
 * {@code activationFraction} fraction bits (8: ±128 in steps of 1/256), output and back-propagated
 * gradients with {@code gradientFraction} (12: ±8 in steps of 1/4096, fine enough for
 * softmax − one-hot); weights and their velocities in longs with {@code weightFraction} (16), so
 * that lr·gradient/B, often 10^-4, does not round to zero, biases and theirs with fw + fa (the
 * accumulator's format, so the forward pass adds them as they are); learning rate, momentum and weight decay
 * as integers with {@code rateFraction} (16) fraction bits. A step:
 * <ol>
 * <li>forward: z = Σ w·a + b (fraction fw + fa), t = round(z / 2^fw), a' = f(t) for the layer's
 *     activation f in the activation format ({@link LayerActivation#quantised}); a value outside 16
 *     bits stops training with the layer named;</li>
 * <li>output gradient δ (fraction fg): cross-entropy: m = max logit, e_j = E(y_j − m) from a table
 *     of round(exp(d / 2^fa)·2^16) for d ≤ 0, s = Σ e, p_j = floor(e_j·2^fg / s), δ = p − one-hot;
 *     mse: δ = y·2^(fg − fa) − one-hot;</li>
 * <li>backward: t' = round(Σ_o w·δ_out / 2^fw) (16-bit), and the layer below's δ_in from it: t'
 *     where it has no activation; under ReLU t' where its t ≥ 0 (the derivative taken from the
 *     forward sign, 1 at 0) and 0 where t &lt; 0; under leaky ReLU, sigmoid or tanh
 *     round(D·t' / 2^(2fa)) with D = f'(t) in 2fa fraction bits ({@link TablePlan#derivative}:
 *     y·(2^fa − y) for sigmoid, 2^(2fa) − y² for tanh from the forward output y, and 2^(2fa) or
 *     α·2^(2fa) rounded for leaky ReLU);</li>
 * <li>gradients summed over the batch: G = Σ δ·a (fraction fg + fa), g_b = Σ δ (fraction fg);</li>
 * <li>update: u = round(lr·G / (B·2^(fg + fa + fr − fw))) (the weight's format) plus the decay
 *     round(lr·λ·w / 2^(2fr)); v ← round(μ·v / 2^fr) + u; w ← w − v (biases alike with the divisor
 *     B·2^(fg + fr − fw − fa), decay included, as PyTorch's SGD).</li>
 * </ol>
 * Headroom (the field has 63 bits of signed range): weights and biases are kept within 32 bits
 * (checked at the start and after every update), activations and gradients within 16 (checked
 * where they are made), layers have at most 2^14 inputs and outputs, and batches at most 2^16
 * rows; so every sum of products stays below 2^61, and lr·G below 2^62 for lr ≤ 1 (|G| < 2^46; a
 * larger learning rate is caught as overflow). The rates are used as integers with
 * {@code rateFraction} fraction bits: one that moves by more than 1% in that form is refused, so
 * the computation is the declared recipe's.
 */
public final class FixedPointTrainer implements Trainer {
    /** The fixed-point formats; see the class comment. The proof's {@link TrainingSpec.Format}, checked the same way. */
    public record Format(int activationFraction, int gradientFraction, int weightFraction, int rateFraction) {
        public static final Format DEFAULT = new Format(8, 12, 16, 16);
        static final long MAX_16 = (1 << 15) - 1;
        static final long MIN_16 = -(1 << 15);

        public Format {
            new TrainingSpec.Format(activationFraction, gradientFraction, weightFraction, rateFraction); // refuses what a proof cannot state
        }

        public TrainingSpec.Format spec() {
            return new TrainingSpec.Format(activationFraction, gradientFraction, weightFraction, rateFraction);
        }
    }

    /** exp(d / 2^fa)·2^EXP_FRACTION for d = 0, −1, −2, … until it rounds to 0. */
    static final int EXP_FRACTION = TablePlan.EXP_FRACTION;
    /** Weights and biases stay within 32 bits, in the weight format. */
    static final long MAX_WEIGHT = (1L << 31) - 1;
    /** Inputs and outputs a layer may have, so that sums of products keep their headroom. */
    static final int MAX_WIDTH = 1 << 14;
    /** How far a rate may move when written with the rate fraction bits. */
    static final double MAX_RATE_ERROR = 0.01;

    private final Format format;
    private final Recipe recipe;
    private final long[][] inputs;
    private final int[] labels;
    private final long[][][] weights;
    private final long[][] bias;
    private final long[][][] velocityW;
    private final long[][] velocityB;
    private final LayerActivation[] activations;
    private final io.zkml4j.model.quant.Activation[] quantised;
    private final long[] expTable;
    private final long lr;
    private final long momentum;
    private final long decay;

    public FixedPointTrainer(DenseNetwork initial, Recipe recipe, LabelledDataset data, Format format) {
        this(initial, recipe, activations(data, format), data.labels(), format);
        Training.checkFits(initial, data);
    }

    /** Trains on rows already in the activation format (a committed dataset's values, rescaled as its proof does). */
    public FixedPointTrainer(DenseNetwork initial, Recipe recipe, long[][] inputs, int[] labels, Format format) {
        this.format = format;
        this.recipe = recipe;
        if (recipe.batchSize() > 1 << 16) {
            throw new IllegalArgumentException("batches of more than 2^16 rows leave no headroom for the gradient sums");
        }
        this.labels = labels.clone();
        this.inputs = inputs;
        int n = initial.layers().size();
        weights = new long[n][][];
        bias = new long[n][];
        velocityW = new long[n][][];
        velocityB = new long[n][];
        activations = new LayerActivation[n];
        quantised = new io.zkml4j.model.quant.Activation[n];
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = initial.layers().get(l);
            if (layer.inputs() > MAX_WIDTH || layer.outputs() > MAX_WIDTH) {
                throw new IllegalArgumentException("layer " + l + " is " + layer.inputs() + " by " + layer.outputs() + "; the fixed-point trainer takes at most "
                        + MAX_WIDTH + " inputs and outputs a layer");
            }
        }
        long[][] initialWeights = initialWeights(initial, format);
        long[][] initialBiases = initialBiases(initial, format);
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = initial.layers().get(l);
            weights[l] = new long[layer.outputs()][];
            for (int o = 0; o < layer.outputs(); o++) {
                weights[l][o] = java.util.Arrays.copyOfRange(initialWeights[l], o * layer.inputs(), (o + 1) * layer.inputs());
            }
            bias[l] = initialBiases[l];
            velocityW[l] = new long[layer.outputs()][layer.inputs()];
            velocityB[l] = new long[layer.outputs()];
            activations[l] = layer.activation();
            quantised[l] = layer.activation().quantised(format.activationFraction());
        }
        expTable = expTable(format.activationFraction());
        lr = rate("learning_rate", recipe.optimizer().learningRate());
        momentum = rate("momentum", recipe.optimizer().momentum());
        decay = rate("weight_decay", recipe.optimizer().weightDecay());
    }

    /** A rate as an integer with the rate fraction bits, or why that is not the declared rate. */
    private long rate(String name, double value) {
        return rate(name, value, format);
    }

    /** A rate as an integer with the format's rate fraction bits, or why (IllegalArgumentException) that is not the declared rate. */
    static long rate(String name, double value, Format format) {
        long q = Math.round(Math.scalb(value, format.rateFraction()));
        double written = Math.scalb((double) q, -format.rateFraction());
        if (value != 0 && Math.abs(written - value) > MAX_RATE_ERROR * value) {
            throw new IllegalArgumentException(name + " " + value + " is " + written + " with " + format.rateFraction() + " fraction bits, "
                    + Math.round(100 * Math.abs(written - value) / value) + "% off: choose a value that fixed point holds within 1%");
        }
        return q;
    }

    /**
     * Each layer's weights in the weight format, [output][input] flattened; a value outside 32 bits
     * is named. Exact for a network made of such integers (a federation's global model).
     */
    public static long[][] initialWeights(DenseNetwork network, Format format) {
        long[][] out = new long[network.layers().size()][];
        for (int l = 0; l < out.length; l++) {
            int index = l; // named in an error, should a value leave its range
            DenseNetwork.Layer layer = network.layers().get(l);
            out[l] = new long[layer.outputs() * layer.inputs()];
            for (int o = 0; o < layer.outputs(); o++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    out[l][o * layer.inputs() + i] = thirtyTwo(Math.round(Math.scalb(layer.weights()[o][i], format.weightFraction())),
                            () -> "an initial weight of layer " + index);
                }
            }
        }
        return out;
    }

    /** Each layer's biases in the bias format (fw + fa fraction bits). */
    public static long[][] initialBiases(DenseNetwork network, Format format) {
        long[][] out = new long[network.layers().size()][];
        for (int l = 0; l < out.length; l++) {
            int layer = l; // named in an error, should a value leave its range
            double[] b = network.layers().get(l).bias();
            out[l] = new long[b.length];
            for (int o = 0; o < b.length; o++) {
                out[l][o] = thirtyTwo(Math.round(Math.scalb(b[o], format.weightFraction() + format.activationFraction())), () -> "an initial bias of layer " + layer);
            }
        }
        return out;
    }

    /** v, checked to fit the weight format; {@code what} names it, built only when it does not fit (this runs per weight). */
    private static long thirtyTwo(long v, Supplier<String> what) {
        if (v < -MAX_WEIGHT || v > MAX_WEIGHT) {
            throw new ArithmeticException(what.get() + " (" + v + " in the weight format) left the 32-bit range; a smaller learning rate keeps it in range");
        }
        return v;
    }

    /** Fraction bits of biases: the accumulator's, fw + fa. */
    private int biasFraction() {
        return format.weightFraction() + format.activationFraction();
    }

    private static long[][] activations(LabelledDataset data, Format format) {
        long[][] out = new long[data.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = activation(data.rows()[r], "row " + r, format);
        }
        return out;
    }

    private long[] activation(double[] x, String where) {
        return activation(x, where, format);
    }

    /** The features in the activation format, or why they do not fit 16 bits. */
    private static long[] activation(double[] x, String where, Format format) {
        long[] a = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.round(Math.scalb(x[i], format.activationFraction()));
            if (a[i] < Format.MIN_16 || a[i] > Format.MAX_16) {
                throw new IllegalArgumentException(where + ", feature " + i + " (" + x[i] + ") does not fit 16 bits with "
                        + format.activationFraction() + " fraction bits");
            }
        }
        return a;
    }

    /** The proof's exponential table ({@link TablePlan#expValues}): one definition for both. */
    static long[] expTable(int activationFraction) {
        return TablePlan.expValues(activationFraction);
    }

    /** floor((x + d/2) / d) for d > 0: round to nearest, ties up. */
    static long round(long x, long d) {
        return Math.floorDiv(Math.addExact(x, d / 2), d);
    }

    /** The current weights as doubles (for reports and the trained model's export). */
    public DenseNetwork network() {
        java.util.List<DenseNetwork.Layer> layers = new java.util.ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            double[][] w = new double[weights[l].length][];
            for (int o = 0; o < w.length; o++) {
                w[o] = new double[weights[l][o].length];
                for (int i = 0; i < w[o].length; i++) {
                    w[o][i] = Math.scalb((double) weights[l][o][i], -format.weightFraction());
                }
            }
            double[] b = new double[bias[l].length];
            for (int o = 0; o < b.length; o++) {
                b[o] = Math.scalb((double) bias[l][o], -biasFraction());
            }
            layers.add(new DenseNetwork.Layer(w, b, activations[l]));
        }
        return new DenseNetwork(layers);
    }

    /** The integer biases of layer l (fraction fw + fa; a copy). */
    public long[] biases(int l) {
        return bias[l].clone();
    }

    /** The integer weights of layer l, [output][input] (a copy). */
    public long[][] weights(int l) {
        long[][] w = new long[weights[l].length][];
        for (int o = 0; o < w.length; o++) {
            w[o] = weights[l][o].clone();
        }
        return w;
    }

    /** Takes the steps of a training statement in order (each its rows, as the proof lists them). */
    public void steps(long[][] steps) {
        for (long[] rows : steps) {
            step(java.util.Arrays.stream(rows).mapToInt(v -> (int) v).toArray());
        }
    }

    @Override
    public double step(int[] rows) {
        int n = weights.length;
        long[][][] gradW = new long[n][][];
        long[][] gradB = new long[n][];
        for (int l = 0; l < n; l++) {
            gradW[l] = new long[weights[l].length][weights[l][0].length];
            gradB[l] = new long[weights[l].length];
        }
        double loss = 0;
        int fa = format.activationFraction(), fg = format.gradientFraction();
        for (int row : rows) {
            long[][] preActivation = new long[n][];
            long[][] a = forward(inputs[row], "row " + row, preActivation);
            long[] y = a[n];
            int label = labels[row];
            long[] delta = new long[y.length];
            if (recipe.loss() == Recipe.Loss.CROSS_ENTROPY) {
                long max = Long.MIN_VALUE;
                for (long v : y) {
                    max = Math.max(max, v);
                }
                long[] e = new long[y.length];
                long sum = 0;
                for (int j = 0; j < y.length; j++) {
                    long d = max - y[j];
                    e[j] = d < expTable.length ? expTable[(int) d] : 0;
                    sum += e[j];
                }
                for (int j = 0; j < y.length; j++) {
                    long p = Math.floorDiv(e[j] << fg, sum);
                    delta[j] = p - (j == label ? 1L << fg : 0);
                }
                loss += Math.log((double) sum / expTable[0]) - Math.scalb((double) (y[label] - max), -fa);
            } else {
                for (int j = 0; j < y.length; j++) {
                    delta[j] = sixteen((y[j] << (fg - fa)) - (j == label ? 1L << fg : 0), () -> "the output gradient on row " + row);
                    double dv = Math.scalb((double) delta[j], -fg);
                    loss += 0.5 * dv * dv;
                }
            }
            for (int l = n - 1; l >= 0; l--) {
                int layer = l; // named in an error, should a value leave its range
                long[] in = a[l];
                for (int o = 0; o < delta.length; o++) {
                    gradB[l][o] += delta[o];
                    for (int i = 0; i < in.length; i++) {
                        gradW[l][o][i] += delta[o] * in[i];
                    }
                }
                if (l > 0) {
                    long[] back = new long[in.length];
                    for (int i = 0; i < in.length; i++) {
                        long s = 0;
                        for (int o = 0; o < delta.length; o++) {
                            s += weights[l][o][i] * delta[o];
                        }
                        long t = sixteen(round(s, 1L << format.weightFraction()), () -> "the gradient into layer " + (layer - 1) + " on row " + row);
                        back[i] = sixteen(throughActivation(l - 1, preActivation[l - 1][i], t), () -> "the gradient into layer " + (layer - 1)
                                + " on row " + row);
                    }
                    delta = back;
                }
            }
        }
        update(gradW, gradB, rows.length);
        return loss / rows.length;
    }

    private void update(long[][][] gradW, long[][] gradB, int batch) {
        int fr = format.rateFraction(), fw = format.weightFraction();
        int gradientShift = format.gradientFraction() + format.activationFraction() + fr - fw;
        long divisor = Math.multiplyExact((long) batch, 1L << gradientShift);
        long biasDivisor = Math.multiplyExact((long) batch, 1L << (format.gradientFraction() + fr - fw - format.activationFraction()));
        for (int l = 0; l < weights.length; l++) {
            int layer = l; // named in an error, should a value leave its range
            for (int o = 0; o < weights[l].length; o++) {
                for (int i = 0; i < weights[l][o].length; i++) {
                    long u = round(Math.multiplyExact(lr, gradW[l][o][i]), divisor);
                    if (decay != 0) {
                        u += round(Math.multiplyExact(Math.multiplyExact(lr, decay), weights[l][o][i]), 1L << (2 * fr));
                    }
                    velocityW[l][o][i] = round(momentum * velocityW[l][o][i], 1L << fr) + u;
                    weights[l][o][i] = thirtyTwo(weights[l][o][i] - velocityW[l][o][i], () -> "a weight of layer " + layer);
                }
                long u = round(Math.multiplyExact(lr, gradB[l][o]), biasDivisor);
                if (decay != 0) {
                    u += round(Math.multiplyExact(Math.multiplyExact(lr, decay), bias[l][o]), 1L << (2 * fr));
                }
                velocityB[l][o] = round(momentum * velocityB[l][o], 1L << fr) + u;
                bias[l][o] = thirtyTwo(bias[l][o] - velocityB[l][o], () -> "a bias of layer " + layer);
            }
        }
    }

    /**
     * The gradient t' sent down into layer l, through that layer's activation at its pre-activation
     * t: the layer's δ (see the class comment).
     */
    private long throughActivation(int l, long t, long backT) {
        return switch (activations[l].kind()) {
            case NONE -> backT;
            case RELU -> t >= 0 ? backT : 0;
            case LEAKY_RELU, SIGMOID, TANH -> {
                int bits = format.spec().derivativeFraction();
                yield round(TablePlan.derivative(quantised[l], t, bits) * backT, 1L << bits);
            }
        };
    }

    /** The input and every layer's output (after its activation); where {@code preActivation} is given, each layer's t. */
    private long[][] forward(long[] x, String where, long[][] preActivation) {
        int n = weights.length;
        long[][] a = new long[n + 1][];
        a[0] = x;
        int fw = format.weightFraction(), fa = format.activationFraction();
        for (int l = 0; l < n; l++) {
            int layer = l; // named in an error, should a value leave its range
            long[] z = new long[weights[l].length];
            if (preActivation != null) {
                preActivation[l] = new long[z.length];
            }
            for (int o = 0; o < z.length; o++) {
                long s = bias[l][o];
                for (int i = 0; i < a[l].length; i++) {
                    s += weights[l][o][i] * a[l][i];
                }
                long v = sixteen(round(s, 1L << fw), () -> "the output of layer " + layer + " on " + where);
                z[o] = quantised[l].apply(v);
                if (preActivation != null) {
                    preActivation[l][o] = v;
                }
            }
            a[l + 1] = z;
        }
        return a;
    }

    /** v, checked to fit 16 bits; {@code what} names it (built only when it does not fit: this runs per value). */
    private static long sixteen(long v, Supplier<String> what) {
        if (v < Format.MIN_16 || v > Format.MAX_16) {
            throw new ArithmeticException(what.get() + " left the 16-bit range (" + v + "); a smaller learning rate or "
                    + "normalised inputs keep it in range");
        }
        return v;
    }

    @Override
    public int predict(double[] features) {
        return predictActivations(activation(features, "the row to predict"));
    }

    /** The first maximum of the output for a row already in the activation format (as the model's accuracy proof takes it). */
    public int predictActivations(long[] row) {
        long[] y = forward(row, "the row to predict", null)[weights.length];
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            if (y[j] > y[best]) {
                best = j;
            }
        }
        return best;
    }
}
