package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.proof.circuit.ContractionPlan;
import io.zkml4j.proof.circuit.GatherPlan;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.LinearPlan;
import io.zkml4j.proof.circuit.LinearTerm;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.ProductPlan;
import io.zkml4j.proof.circuit.SelectionPlan;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.circuit.ZeroCheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Lowers one SGD step onto the circuit kit, around the forward pass's own lowering (the model's
 * dense layers with 32-bit weights, requantised by 2^fw, ReLU by sign decomposition):
 * <ul>
 * <li>the batch: rows of the committed dataset picked by the statement's public row list
 *     ({@link SelectionPlan}), rescaled into activations as an accuracy proof's rows are; its labels'
 *     one-hot L (one per real row, none on the padded batch's rows);</li>
 * <li>the output gradient δ (fraction fg): cross-entropy: a maximum m (one-hot e, gaps d = m − y ≥ 0,
 *     e·d = 0), E = exp(d) by lookup, s = Σ E, p = ⌊2^fg·E / s⌋ as p·S + q = 2^fg·E with q and
 *     S − 1 − q in range, δ = p·R − 2^fg·L (R: the real rows); mse: δ = 2^(fg−fa)·y·R − 2^fg·L, 16-bit;</li>
 * <li>per layer, last to first: the weight update lr·Σ_b δ·aᵀ = D_w·(W − W') + r_w − D_w/2 and the
 *     bias's lr·Σ_b δ = D_b·(b − b') + r_b − D_b/2 (one {@link ContractionPlan} each, remainders
 *     in [0, D)), W' and b' in 32 bits; with momentum or weight decay the rounded step g is its own
 *     vector and W − W' = g + momentum + decay, each rounding proven ({@link TrainingPlan.Update});
 *     below the first layer, t' = round(Wᵀ·δ / 2^fw) (16-bit)
 *     and the layer below's δ = sign·t' (its ReLU's sign from the forward pass).</li>
 * </ul>
 * The weights' padding needs no check of its own: it is zero in W (the initial weights are public,
 * later ones are proven W'), a and δ are zero there (a sigmoid's output, ½ at its padding, enters the
 * gradient as a copy with the padding cleared), so r_w = D_w/2 and W' = W there. Hidden layers may
 * also take leaky ReLU, sigmoid or tanh: the layer below's δ is then round(f'(t)·t' / 2^(2fa)), with
 * f'(t) looked up beside f(t) ({@link TrainingPlan.Derivative}).
 */
final class TrainingLowering {
    private static final long PAD_GAP = TrainingPlan.PAD_GAP;

    private final CircuitCompiler c;
    private final TrainingSpec spec;
    private TensorPlan batchFeatures;
    private TensorPlan batchLabels;
    private CircuitCompiler.RangeParts rescale;

    TrainingLowering(CircuitCompiler compiler, TrainingSpec spec) {
        this.c = compiler;
        this.spec = spec;
        if (spec.batch() != compiler.batch()) {
            throw new IllegalArgumentException("a training circuit proves one batch: " + spec.batch() + " rows, batch " + compiler.batch());
        }
        for (io.zkml4j.model.quant.QLayer l : compiler.model().layers()) {
            if (!(l instanceof io.zkml4j.model.quant.QLayer.Dense d)) {
                throw new UnsupportedOperationException("a proven training step takes dense layers only, not " + l.getClass().getSimpleName()
                        + " (" + l.name() + ")");
            }
            if (d.in() > TrainingSpec.MAX_WIDTH || d.out() > TrainingSpec.MAX_WIDTH) { // sums of 2^14 products of 32- and 16-bit values stay below 2^61
                throw new UnsupportedOperationException("layer " + d.name() + " is " + d.in() + " by " + d.out() + "; a proven training step takes at most "
                        + TrainingSpec.MAX_WIDTH + " inputs and outputs a layer");
            }
            if (d.requant().shift() != spec.format().weightFraction()) {
                throw new IllegalArgumentException("layer " + d.name() + " requantises by 2^" + d.requant().shift() + ", the format's weights have "
                        + spec.format().weightFraction() + " fraction bits");
            }
            String problem = activationProblem(d.requant().activation(), spec.format());
            if (problem != null) {
                throw new UnsupportedOperationException("layer " + d.name() + ": " + problem);
            }
        }
        QLayer last = compiler.model().layers().get(compiler.model().layers().size() - 1);
        Activation lastActivation = QLayer.requantOf(last).activation();
        if (TablePlan.hasDerivative(lastActivation)) { // nothing above it would read its derivative
            throw new UnsupportedOperationException("the last layer " + last.name() + " gives the logits: a proven training step takes no "
                    + lastActivation.describe() + " after it");
        }
    }

    /**
     * y = f(t) for a training step, with f'(t) looked up beside it in one table of triples (t, f(t),
     * f'(t)) for the backward pass ({@code <label>.derivative}). Where f saturates the table holds
     * only [−2^(b−1), 2^(b−1)) ({@link TablePlan#derivativeDomainBits}) and is read at t clamped into
     * it: t = c + e⁺ − e⁻ with e⁺, e⁻ ≥ 0 (16-bit), (top − c)·e⁺ = 0 and (c − bottom)·e⁻ = 0, so c
     * is t itself inside and the nearer end outside, where f and f' take the end's values; t is then
     * range-checked on its own, as the full table did.
     */
    static void lookUpWithDerivative(CircuitCompiler c, TrainingSpec spec, String label, TensorPlan t, TensorPlan y, Activation f) {
        int bits = spec.format().derivativeFraction();
        TensorLayout layout = t.layout();
        TensorPlan slope = c.committed(label + ".derivative", layout, TablePlan.derivative(f, t.padValue(), bits), true);
        TensorPlan at = t;
        int domain = TablePlan.derivativeDomainBits(f, bits);
        if (domain < Activation.BITS) {
            long top = (1L << (domain - 1)) - 1, bottom = -(1L << (domain - 1));
            long pad = t.padValue();
            at = c.committed(label + ".t.clamped", layout, TablePlan.clampToDerivativeDomain(f, bits, pad), true);
            TensorPlan above = c.committed(label + ".t.above", layout, Math.max(0, pad - top), true);
            TensorPlan below = c.committed(label + ".t.below", layout, Math.max(0, bottom - pad), true);
            c.linear(new LinearPlan(label + ".t.clamp", List.of(new LinearTerm(t, 1), new LinearTerm(at, -1), new LinearTerm(above, -1),
                    new LinearTerm(below, 1)), new long[layout.sampleSize()]));
            c.product(new ProductPlan(label + ".t.clamp.above", List.of(at, above), List.of(new LinearTerm(above, top))));
            c.product(new ProductPlan(label + ".t.clamp.below", List.of(at, below), List.of(new LinearTerm(below, bottom))));
            c.rangeCheck(label + ".t.above#range", above, 0, Activation.BITS);
            c.rangeCheck(label + ".t.below#range", below, 0, Activation.BITS);
            c.rangeCheck(label + ".t#range", t, -Activation.MIN, Activation.BITS);
        }
        c.lookup(label + ".activation", c.derivativeTable(f, bits), List.of(new LookupPlan.Column(at, 1, 0), new LookupPlan.Column(y, 1, 0),
                new LookupPlan.Column(slope, 1, 0)), layout);
    }

    /** Why a training step cannot take activation f in this format (null when it can). */
    static String activationProblem(Activation f, TrainingSpec.Format format) {
        int fa = format.activationFraction();
        return switch (f.kind()) {
            case RELU, IDENTITY -> null;
            case SIGMOID, TANH -> fa < 1 || f.outputBits() != fa || f.inputScale() != Math.scalb(1.0, -fa)
                    ? "a proven training step takes " + f.describe() + " only from and to activations with " + fa + " ≥ 1 fraction bits"
                    : null;
            case LEAKY_RELU -> fa < 1 || !(f.alpha() >= 0 && f.alpha() <= 1)
                    ? "a proven training step takes leaky ReLU with a slope from 0 to 1 and activations with at least 1 fraction bit, not "
                    + f.describe() + " with " + fa
                    : null;
            default -> "a proven training step takes ReLU, leaky ReLU, sigmoid, tanh or no activation, not " + f.describe();
        };
    }

    /** The batch's rows and labels, selected from the dataset, and the rescaling into the model's input q. */
    void linkInput(TensorPlan q) {
        if (spec.features() != q.layout().logicalSize()) {
            throw new UnsupportedOperationException("the dataset has " + spec.features() + " features per row, the model takes "
                    + q.layout().logicalSize() + " inputs");
        }
        TensorPlan dataFeatures = c.datasetTensor(AccuracyLowering.FEATURES, TensorLayout.flat(spec.features(), spec.datasetRows()));
        TensorPlan dataLabels = c.datasetTensor(AccuracyLowering.LABELS, AccuracyLowering.perRow(spec.datasetRows()));
        batchFeatures = c.committed("training.features", q.layout(), 0, false);
        batchLabels = c.committed("training.labels", AccuracyLowering.perRow(c.batch()), 0, false);
        c.selection(new SelectionPlan("training.features.rows", batchFeatures, dataFeatures, TrainingPlan.ROWS, true));
        c.selection(new SelectionPlan("training.labels.rows", batchLabels, dataLabels, TrainingPlan.ROWS, false));
        rescale = AccuracyLowering.rescale(c, "training", batchFeatures, q, spec.rescale(), spec.widthBits());
    }

    TrainingPlan backward(TensorPlan y) {
        TensorLayout layout = y.layout();
        int[] at = layout.proofIndex();
        if (spec.labelClasses() > at.length) {
            throw new UnsupportedOperationException("the dataset's labels go up to " + (spec.labelClasses() - 1) + ", the model has "
                    + at.length + " outputs");
        }
        TensorPlan realRows = c.statementTensor(TrainingPlan.REAL_ROWS, AccuracyLowering.perRow(c.batch()));
        TensorPlan realPositions = c.statementTensor(TrainingPlan.REAL_POSITIONS, layout);
        TensorPlan labelOneHot = c.committed("training.label", layout, 0, true);
        AccuracyLowering.labelOneHot(c, "training.label", labelOneHot, at, spec.labelClasses(), realRows, batchLabels);
        TensorPlan delta = c.committed("training.delta", layout, 0, true);
        TrainingPlan.Softmax softmax = null;
        TensorPlan scaled = null;
        int fa = spec.format().activationFraction(), fg = spec.format().gradientFraction();
        if (spec.loss() == TrainingSpec.Loss.CROSS_ENTROPY) {
            softmax = softmax(y, at, realPositions, labelOneHot, delta);
        } else {
            scaled = c.committed("training.mse.output", layout, 0, false);
            c.product(new ProductPlan("training.mse.output", List.of(y, realPositions), LinearTerm.sum(scaled)));
            c.linear(new LinearPlan("training.mse.delta", List.of(new LinearTerm(delta, -1), new LinearTerm(scaled, 1L << (fg - fa)),
                    new LinearTerm(labelOneHot, -(1L << fg))), new long[layout.sampleSize()]));
            c.rangeCheck("training.delta#range", delta, -Activation.MIN, Activation.BITS);
        }
        List<LayerPlan.Dense> dense = new ArrayList<>();
        for (LayerPlan p : c.layerPlans()) {
            dense.add((LayerPlan.Dense) p);
        }
        List<TrainingPlan.LayerStep> steps = new ArrayList<>();
        for (int l = dense.size() - 1; l >= 0; l--) {
            TrainingPlan.LayerStep step = layer(dense.get(l), delta, l > 0 ? dense.get(l - 1) : null);
            steps.add(0, step);
            if (l > 0) {
                delta = c.planOf(dense.get(l - 1).layer().name() + ".delta");
            }
        }
        return new TrainingPlan(spec, batchFeatures, batchLabels, rescale.parts(), rescale.partBits(), labelOneHot, realRows, realPositions, y,
                softmax, scaled, steps);
    }

    private TrainingPlan.Softmax softmax(TensorPlan y, int[] at, TensorPlan realPositions, TensorPlan labelOneHot, TensorPlan delta) {
        TensorLayout layout = y.layout();
        int p = layout.sampleSize();
        TensorLayout perRow = TensorLayout.flat(1, c.batch());
        int fg = spec.format().gradientFraction();
        TensorPlan e = c.committed("training.softmax.argmax", layout, 0, true);
        TensorPlan m = c.committed("training.softmax.max", perRow, 0, true);
        TensorPlan d = c.committed("training.softmax.gap", layout, PAD_GAP, true);
        c.product(new ProductPlan("training.softmax.argmax.boolean", List.of(e, e), LinearTerm.sum(e)));
        long[] offClasses = new long[p];
        java.util.Arrays.fill(offClasses, 1);
        for (int i : at) {
            offClasses[i] = 0;
        }
        c.zeroCheck(new ZeroCheck("training.softmax.argmax.padding", e, offClasses));
        c.gather(new GatherPlan("training.softmax.argmax.one", AccuracyLowering.rowSum(at, p, Goldilocks.neg(1), false), e, List.of()));
        // d + y = m at the classes; off them d = PAD_GAP (y's padding is 0), whose exponential is 0.
        c.gather(new GatherPlan("training.softmax.max", AccuracyLowering.broadcast(at, p, perRow.sampleSize(), perRow.proofIndex()[0], PAD_GAP), m,
                LinearTerm.sum(d, y)));
        c.product(new ProductPlan("training.softmax.max.attained", List.of(e, d), List.of()));
        // E(d) = E(min(d, top)): the table stops at top, past every non-zero entry; d = clamped + excess with
        // (top − clamped)·excess = 0, the clamped gap looked up, the excess 16-bit.
        int fa = spec.format().activationFraction();
        long top = (1L << io.zkml4j.proof.circuit.TablePlan.expTableBits(fa)) - 1;
        TensorPlan clamped = c.committed("training.softmax.gap.clamped", layout, top, true);
        TensorPlan excess = c.committed("training.softmax.gap.excess", layout, PAD_GAP - top, true);
        TensorPlan slack = c.committed("training.softmax.gap.slack", layout, 0, true);
        c.linear(new LinearPlan("training.softmax.gap.split", List.of(new LinearTerm(d, 1), new LinearTerm(clamped, -1), new LinearTerm(excess, -1)),
                new long[p]));
        long[] tops = new long[p];
        java.util.Arrays.fill(tops, -top);
        c.linear(new LinearPlan("training.softmax.gap.slack", List.of(new LinearTerm(slack, 1), new LinearTerm(clamped, 1)), tops));
        c.product(new ProductPlan("training.softmax.gap.clamp", List.of(slack, excess), List.of()));
        c.rangeCheck("training.softmax.gap.excess#range", excess, 0, Activation.BITS);
        TensorPlan exp = c.committed("training.softmax.exp", layout, 0, true);
        c.expLookup("training.softmax.exp", clamped, exp, fa);
        TensorPlan sum = c.committed("training.softmax.sum", perRow, 0, true);
        c.gather(new GatherPlan("training.softmax.sum", rowSumInto(at, p, perRow.sampleSize()), exp, LinearTerm.sum(sum)));
        TensorPlan spread = c.committed("training.softmax.spread", layout, 1, true);
        c.gather(new GatherPlan("training.softmax.spread", AccuracyLowering.broadcast(at, p, perRow.sampleSize(), 0, 1), sum, LinearTerm.sum(spread)));
        TensorPlan quotient = c.committed("training.softmax.p", layout, 0, true);
        TensorPlan remainder = c.committed("training.softmax.q", layout, 0, true);
        TensorPlan gap = c.committed("training.softmax.qgap", layout, 0, true);
        c.product(new ProductPlan("training.softmax.division", List.of(quotient, spread),
                List.of(new LinearTerm(exp, 1L << fg), new LinearTerm(remainder, -1))));
        long[] ones = new long[p];
        java.util.Arrays.fill(ones, 1);
        c.linear(new LinearPlan("training.softmax.qgap", List.of(new LinearTerm(gap, 1), new LinearTerm(spread, -1), new LinearTerm(remainder, 1)),
                ones));
        int sumBits = Activation.BITS + 1 + 64 - Long.numberOfLeadingZeros(at.length - 1L); // s ≤ classes·2^16
        c.rangeCheck("training.softmax.q#range", remainder, 0, sumBits);
        c.rangeCheck("training.softmax.qgap#range", gap, 0, sumBits);
        c.rangeCheck("training.softmax.p#range", quotient, 0, Activation.BITS);
        c.product(new ProductPlan("training.softmax.delta", List.of(quotient, realPositions),
                List.of(new LinearTerm(delta, 1), new LinearTerm(labelOneHot, 1L << fg))));
        return new TrainingPlan.Softmax(e, m, d, clamped, excess, slack, exp, sum, spread, quotient, remainder, gap);
    }

    /** Layer l backwards: its updates, and (below the first layer) the gradient it sends down. */
    private TrainingPlan.LayerStep layer(LayerPlan.Dense d, TensorPlan delta, LayerPlan.Dense below) {
        String name = d.layer().name();
        TensorPlan a = d.input();
        TensorPlan weight = c.modelTensor(d.weight());
        TensorPlan bias = c.modelTensor(d.bias());
        TensorPlan nextWeight = c.committed(name + ".next.weight", weight.layout(), 0, false);
        TensorPlan nextBias = c.committed(name + ".next.bias", bias.layout(), 0, false);
        c.rangeCheckWide(name + ".next.weight#range", nextWeight, 1L << (TrainingSpec.WEIGHT_BITS - 1), TrainingSpec.WEIGHT_BITS);
        c.rangeCheckWide(name + ".next.bias#range", nextBias, 1L << (TrainingSpec.WEIGHT_BITS - 1), TrainingSpec.WEIGHT_BITS);

        TensorPlan gradientInput = withoutPadding(name, a);
        long wd = spec.weightDivisor();
        TrainingPlan.Update weightUpdate = update(name + ".update.weight", weight, nextWeight, wd);
        c.contraction(new ContractionPlan(name + ".gradient.weight", gradientInput, a.layout().sampleVars(), false, delta,
                delta.layout().sampleVars(), false, c.foldMask(name + ".gradient.weight"), true, spec.learningRate(),
                gradientTarget(weight, nextWeight, weightUpdate, wd), -(wd / 2), weight.numVars()));
        long bd = spec.biasDivisor();
        TrainingPlan.Update biasUpdate = update(name + ".update.bias", bias, nextBias, bd);
        c.contraction(new ContractionPlan(name + ".gradient.bias", delta, delta.layout().sampleVars(), false, null, 0, false, null, true,
                spec.learningRate(), gradientTarget(bias, nextBias, biasUpdate, bd), -(bd / 2), bias.numVars()));

        TensorPlan backT = null, backRemainder = null, sign = null;
        TrainingPlan.Derivative derivative = null;
        if (below != null) {
            int fw = spec.format().weightFraction();
            backT = c.committed(name + ".back.t", a.layout(), 0, true);
            backRemainder = c.committed(name + ".back.r", a.layout(), 1L << (fw - 1), true);
            c.rangeCheck(name + ".back.t#range", backT, -Activation.MIN, Activation.BITS);
            c.rangeCheck(name + ".back.r#range", backRemainder, 0, fw);
            c.contraction(new ContractionPlan(name + ".back", delta, delta.layout().sampleVars(), true, weight, Integer.numberOfTrailingZeros(d.columns()),
                    false, c.foldMask(name + ".back"), false, 1, List.of(new LinearTerm(backT, 1L << fw), new LinearTerm(backRemainder, 1)),
                    -(1L << (fw - 1)), a.numVars()));
            String belowName = below.layer().name();
            sign = c.planOf(belowName + ".sign");
            TensorPlan slope = c.planOf(belowName + ".derivative");
            if (sign != null) {
                TensorPlan belowDelta = c.committed(belowName + ".delta", a.layout(), 0, true);
                c.product(new ProductPlan(belowName + ".relu.derivative", List.of(sign, backT), LinearTerm.sum(belowDelta)));
            } else if (slope != null) {
                derivative = derivative(below, slope, backT);
            } else {
                c.alias(belowName + ".delta", backT);
            }
        }
        return new TrainingPlan.LayerStep(name, a, gradientInput, delta, weight, bias, nextWeight, nextBias, weightUpdate, biasUpdate, backT,
                backRemainder, sign, derivative, d.rows(), d.columns());
    }

    /**
     * The layer's input as the weight gradient takes it: a itself where its padding within a sample
     * is 0, else (after a sigmoid, whose padding holds f(0) = ½) a copy ã = a − pad·[padding
     * position], one linear relation. Without it the gradient would move the weights' padding
     * columns, which must stay 0.
     */
    private TensorPlan withoutPadding(String name, TensorPlan a) {
        TensorLayout layout = a.layout();
        if (a.padValue() == 0 || layout.logicalSize() == layout.sampleSize()) {
            return a;
        }
        long[] pattern = new long[layout.sampleSize()];
        java.util.Arrays.fill(pattern, a.padValue());
        for (int i : layout.proofIndex()) {
            pattern[i] = 0;
        }
        TensorPlan unpadded = c.committed(name + ".input.unpadded", layout, 0, true);
        c.linear(new LinearPlan(name + ".input.unpadded", List.of(new LinearTerm(unpadded, 1), new LinearTerm(a, -1)), pattern));
        return unpadded;
    }

    /**
     * The layer below's δ = round(D·t' / 2^bits) for its activation's looked-up derivative D: D·t' =
     * 2^bits·δ + c with c in [−2^(bits−1), 2^(bits−1)) and δ 16-bit. Both ranges matter: with them
     * |2^bits·δ + c| &lt; 2^(bits+16) and |D·t'| ≤ 2^(bits+15) stay far inside the field, so the
     * equation holds over the integers and δ is the rounded quotient.
     */
    private TrainingPlan.Derivative derivative(LayerPlan.Dense below, TensorPlan slope, TensorPlan backT) {
        String name = below.layer().name();
        int bits = spec.format().derivativeFraction();
        TensorPlan belowDelta = c.committed(name + ".delta", backT.layout(), 0, true);
        TensorPlan remainder = c.committed(name + ".derivative.r", backT.layout(), 0, true);
        c.product(new ProductPlan(name + ".derivative.chain", List.of(slope, backT),
                List.of(new LinearTerm(belowDelta, 1L << bits), new LinearTerm(remainder, 1))));
        c.rangeCheck(name + ".derivative.r#range", remainder, 1L << (bits - 1), bits);
        c.rangeCheck(name + ".delta#range", belowDelta, -Activation.MIN, Activation.BITS);
        return new TrainingPlan.Derivative(below.layer().requant().activation(), bits, below.requant().t(), slope, remainder, belowDelta,
                c.planOf(name + ".t.clamped"), c.planOf(name + ".t.above"), c.planOf(name + ".t.below"));
    }

    /**
     * The vectors and checks of one parameter vector's update (see {@link TrainingPlan.Update}); the
     * gradient's own equation is the contraction's, {@link #gradientTarget}.
     */
    private TrainingPlan.Update update(String label, TensorPlan param, TensorPlan next, long divisor) {
        TensorPlan remainder = c.committed(label + ".r", param.layout(), divisor / 2, false);
        TensorPlan gap = remainderRange(label, remainder, divisor);
        if (spec.plainSgd()) {
            return new TrainingPlan.Update(remainder, gap, null, null, null, null, null, null);
        }
        int fr = spec.format().rateFraction();
        long wide = 1L << TrainingSpec.WEIGHT_BITS; // g and m are within ±2^32: they are differences of 32-bit values
        TensorPlan step = c.committed(label + ".g", param.layout(), 0, false);
        c.rangeCheckWide(label + ".g#range", step, wide, TrainingSpec.WEIGHT_BITS + 1);
        List<LinearTerm> velocity = new ArrayList<>(List.of(new LinearTerm(param, 1), new LinearTerm(next, -1), new LinearTerm(step, -1)));
        TensorPlan previous = null, momentum = null, momentumRemainder = null, decay = null, decayRemainder = null;
        if (spec.momentum() != 0) {
            previous = c.previousTensor(param.vector());
            momentum = c.committed(label + ".momentum", param.layout(), 0, false);
            momentumRemainder = c.committed(label + ".momentum.r", param.layout(), 1L << (fr - 1), false);
            c.linear(new LinearPlan(label + ".momentum", List.of(new LinearTerm(previous, spec.momentum()), new LinearTerm(param, -spec.momentum()),
                    new LinearTerm(momentum, -(1L << fr)), new LinearTerm(momentumRemainder, -1)), constant(param, 1L << (fr - 1))));
            c.rangeCheckWide(label + ".momentum.r#range", momentumRemainder, 0, fr);
            c.rangeCheckWide(label + ".momentum#range", momentum, wide, TrainingSpec.WEIGHT_BITS + 1);
            velocity.add(new LinearTerm(momentum, -1));
        }
        if (spec.weightDecay() != 0) {
            decay = c.committed(label + ".decay", param.layout(), 0, false);
            decayRemainder = c.committed(label + ".decay.r", param.layout(), 1L << (2 * fr - 1), false);
            c.linear(new LinearPlan(label + ".decay", List.of(new LinearTerm(param, spec.learningRate() * spec.weightDecay()),
                    new LinearTerm(decay, -(1L << (2 * fr))), new LinearTerm(decayRemainder, -1)), constant(param, 1L << (2 * fr - 1))));
            c.rangeCheckWide(label + ".decay.r#range", decayRemainder, 0, 2 * fr);
            int bits = TrainingSpec.decayBits(spec.learningRate(), spec.weightDecay(), spec.format());
            c.rangeCheckWide(label + ".decay#range", decay, 1L << (bits - 1), bits);
            velocity.add(new LinearTerm(decay, -1));
        }
        c.linear(new LinearPlan(label + ".velocity", velocity, new long[param.layout().sampleSize()]));
        return new TrainingPlan.Update(remainder, gap, step, previous, momentum, momentumRemainder, decay, decayRemainder);
    }

    /** What lr·G must equal, less its constant −D/2: D·(W − W') + r with plain SGD, else D·g + r. */
    private static List<LinearTerm> gradientTarget(TensorPlan param, TensorPlan next, TrainingPlan.Update u, long divisor) {
        if (u.step() == null) {
            return List.of(new LinearTerm(param, divisor), new LinearTerm(next, -divisor), new LinearTerm(u.remainder(), 1));
        }
        return List.of(new LinearTerm(u.step(), divisor), new LinearTerm(u.remainder(), 1));
    }

    private static long[] constant(TensorPlan like, long value) {
        long[] out = new long[like.layout().sampleSize()];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** r in [0, divisor): r itself in range, and for a divisor that is not a power of two also divisor − 1 − r (returned; else null). */
    private TensorPlan remainderRange(String label, TensorPlan r, long divisor) {
        int bits = 64 - Long.numberOfLeadingZeros(divisor - 1);
        c.rangeCheckWide(label + ".r#range", r, 0, bits);
        if (Long.bitCount(divisor) == 1) {
            return null;
        }
        TensorPlan gap = c.committed(label + ".gap", r.layout(), divisor / 2 - 1, false);
        long[] constant = new long[r.layout().sampleSize()];
        java.util.Arrays.fill(constant, divisor - 1);
        c.linear(new LinearPlan(label + ".gap", List.of(new LinearTerm(gap, 1), new LinearTerm(r, 1)),
                negate(constant)));
        c.rangeCheckWide(label + ".gap#range", gap, 0, bits);
        return gap;
    }

    private static long[] negate(long[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** The sum of the class positions into position 0 of a per-row block of {@code targetSize}. */
    private static SparseMap rowSumInto(int[] at, int sourceSize, int targetSize) {
        long[] weight = new long[at.length];
        java.util.Arrays.fill(weight, 1);
        return new SparseMap(targetSize, sourceSize, new int[at.length], at.clone(), weight, new long[targetSize]);
    }
}
