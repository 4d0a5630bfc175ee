package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * The vectors of a training step's circuit beyond the forward pass's own, for the witness: the
 * batch's rows and labels (selected from the dataset), the rescaling's remainder parts, the labels'
 * one-hot L, the public indicators of real rows, the loss gradient's vectors, and for each dense
 * layer (first to last) its backward and update vectors.
 */
public record TrainingPlan(TrainingSpec spec, TensorPlan batchFeatures, TensorPlan batchLabels, List<TensorPlan> rescaleParts, int rescalePartBits,
                           TensorPlan labelOneHot, TensorPlan realRows, TensorPlan realPositions, TensorPlan output, Softmax softmax,
                           TensorPlan scaledOutput, List<LayerStep> layers) {
    /** The public row indices of the batch. */
    public static final String ROWS = "training.rows";
    /** The public indicator of real rows, one per row. */
    public static final String REAL_ROWS = "training.real";
    /** The public indicator of real rows at every class position of the output. */
    public static final String REAL_POSITIONS = "training.realPositions";

    /** A gap past every exponential's table entry (E = 0): what the padding positions of the softmax's gaps hold. */
    public static final long PAD_GAP = (1L << io.zkml4j.model.quant.Activation.BITS) - 1;

    public TrainingPlan {
        rescaleParts = List.copyOf(rescaleParts);
        layers = List.copyOf(layers);
    }

    /**
     * Cross-entropy's gradient: a one-hot e of a maximum m, the gaps d = m − y ≥ 0 split as d = clamped +
     * excess (slack = top − clamped, slack·excess = 0), E = exp-table(clamped),
     * s = Σ_j E per row spread over the classes as S (1 off them), p = ⌊2^fg·E / S⌋ with the remainder
     * q in [0, S) (qGap = S − 1 − q), so δ = p·R − 2^fg·L.
     */
    public record Softmax(TensorPlan oneHot, TensorPlan max, TensorPlan gap, TensorPlan clamped, TensorPlan excess, TensorPlan slack, TensorPlan exp, TensorPlan sum, TensorPlan spread,
                          TensorPlan quotient, TensorPlan remainder, TensorPlan remainderGap) {}

    /**
     * The update of one parameter vector W (weights or biases) to W' from its gradient G: lr·G + D/2 =
     * D·g + r with r in [0, D) ({@code gap} = D − 1 − r when D is not a power of two). With plain SGD
     * g = W − W' and needs no vector ({@code step} null); with momentum μ and weight decay λ, g is
     * committed and W − W' = g + m + d, where m = round(μ·(W_prev − W) / 2^fr) (remainder
     * {@code momentumRemainder}; W_prev − W is the velocity, {@code previous} the weights one step
     * back) and d = round(lr·λ·W / 2^(2fr)) (remainder {@code decayRemainder}); each null when unused.
     */
    public record Update(TensorPlan remainder, TensorPlan gap, TensorPlan step, TensorPlan previous, TensorPlan momentum, TensorPlan momentumRemainder,
                         TensorPlan decay, TensorPlan decayRemainder) {}

    /**
     * One dense layer going backwards: its input a (and a as the weight gradient takes it, with any
     * non-zero padding cleared: a itself unless a sigmoid made it) and output gradient δ; its weights
     * and biases (the model's vectors) and their next values (the witness's) with their updates; and for every layer
     * but the first, the gradient sent down, t' = round(Wᵀ·δ / 2^fw) with remainder r', and what makes
     * it the layer below's δ: that layer's ReLU sign ({@code sign}), or the derivative of its other
     * activation ({@code derivative}), or neither (no activation: δ = t').
     */
    public record LayerStep(String layer, TensorPlan input, TensorPlan gradientInput, TensorPlan delta, TensorPlan weight, TensorPlan bias,
                            TensorPlan nextWeight, TensorPlan nextBias, Update weightUpdate, Update biasUpdate, TensorPlan backT, TensorPlan backRemainder, TensorPlan sign,
                            Derivative derivative, int rows, int columns) {}

    /**
     * The layer below's activation f (sigmoid, tanh, leaky ReLU) going backwards: its pre-activation
     * t, the looked-up derivative D = f'(t) with {@code bits} fraction bits ({@link TablePlan#derivative}),
     * and δ = round(D·t' / 2^bits), proven as D·t' = 2^bits·δ + c with c in [−2^(bits−1), 2^(bits−1))
     * and δ 16-bit. Where f saturates, the table is read at t clamped into its inputs: {@code clamped}
     * = c, {@code above} = e⁺ and {@code below} = e⁻ with t = c + e⁺ − e⁻ (null where the table holds
     * every 16-bit t).
     */
    public record Derivative(io.zkml4j.model.quant.Activation activation, int bits, TensorPlan t, TensorPlan slope, TensorPlan remainder,
                             TensorPlan delta, TensorPlan clamped, TensorPlan above, TensorPlan below) {}
}
