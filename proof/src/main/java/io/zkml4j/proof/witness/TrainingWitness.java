package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;

import static io.zkml4j.core.field.Goldilocks.fromSigned;
import static io.zkml4j.core.field.Goldilocks.toSigned;

/**
 * The honest values of a training step's own vectors ({@link TrainingPlan}), from the batch and the
 * forward pass's tensors: the batch's rows and labels, the loss gradient, and per layer (last to
 * first) the weight and bias updates with their rounding remainders and the gradient sent down.
 * This is the step's arithmetic, stated once for the prover; the plain trainer computes the same.
 */
final class TrainingWitness {
    private TrainingWitness() {}

    static void fill(Witness w, TrainingPlan plan, TrainingBatch batch) {
        TrainingSpec spec = plan.spec();
        int rows = spec.batch();
        if (batch.labels().length != rows) {
            throw new IllegalArgumentException("the step's circuit takes " + rows + " rows, got " + batch.labels().length);
        }
        TensorLayout in = plan.batchFeatures().layout();
        long[] features = field(in.place(batch.features(), 0));
        w.putField(plan.batchFeatures(), features);
        int padded = in.batchPadded();
        long[] labels = new long[padded];
        for (int b = 0; b < rows; b++) {
            labels[b] = batch.labels()[b];
        }
        w.putField(plan.batchLabels(), labels);
        AccuracyWitness.rescaleRemainders(w, features, in, plan.rescaleParts(), plan.rescalePartBits(), spec.rescale());

        TensorLayout out = plan.output().layout();
        int[] at = out.proofIndex();
        int p = out.sampleSize();
        long[] real = new long[plan.realRows().layout().size()];
        long[] realPositions = new long[out.size()];
        long[] oneHot = new long[out.size()];
        for (int b = 0; b < rows; b++) {
            real[b] = 1;
            for (int i : at) {
                realPositions[b * p + i] = 1;
            }
            int label = batch.labels()[b];
            if (label < 0 || label >= spec.labelClasses()) {
                throw new IllegalArgumentException("row " + b + " of the batch has label " + label + ", outside 0.." + (spec.labelClasses() - 1));
            }
            oneHot[b * p + at[label]] = 1;
        }
        w.putField(plan.realRows(), real);
        w.putField(plan.realPositions(), realPositions);
        w.putField(plan.labelOneHot(), oneHot);

        long[] y = w.tensor(plan.output().name());
        int fa = spec.format().activationFraction(), fg = spec.format().gradientFraction();
        long[] delta = new long[out.size()];
        if (plan.softmax() != null) {
            softmax(w, plan.softmax(), y, at, p, padded, realPositions, oneHot, delta, fa, fg);
        } else {
            long[] scaled = new long[out.size()];
            for (int x = 0; x < scaled.length; x++) {
                scaled[x] = toSigned(y[x]) * realPositions[x];
                delta[x] = fromSigned(sixteenBits((scaled[x] << (fg - fa)) - (oneHot[x] << fg), () -> "the output gradient"));
                scaled[x] = fromSigned(scaled[x]);
            }
            w.putField(plan.scaledOutput(), scaled);
        }
        w.putField(plan.layers().get(plan.layers().size() - 1).delta(), delta);
        for (int l = plan.layers().size() - 1; l >= 0; l--) {
            layer(w, plan, plan.layers().get(l), padded);
        }
    }

    private static void softmax(Witness w, TrainingPlan.Softmax sm, long[] y, int[] at, int p, int padded, long[] realPositions, long[] oneHot,
                                long[] delta, int fa, int fg) {
        int n = y.length;
        long top = (1L << TablePlan.expTableBits(fa)) - 1;
        long[] clamped = new long[n], excess = new long[n], slack = new long[n];
        long[] e = new long[n], d = new long[n], exp = new long[n], spread = new long[n], quotient = new long[n], remainder = new long[n],
                gap = new long[n];
        int rowBlock = sm.max().layout().sampleSize();
        long[] max = new long[sm.max().layout().size()];
        long[] sum = new long[sm.sum().layout().size()];
        java.util.Arrays.fill(d, fromSigned(TrainingPlan.PAD_GAP));
        java.util.Arrays.fill(spread, 1);
        for (int b = 0; b < padded; b++) {
            int best = 0;
            for (int j = 1; j < at.length; j++) {
                if (toSigned(y[b * p + at[j]]) > toSigned(y[b * p + at[best]])) {
                    best = j;
                }
            }
            long m = toSigned(y[b * p + at[best]]);
            e[b * p + at[best]] = 1;
            max[b * rowBlock] = fromSigned(m);
            long s = 0;
            for (int i : at) {
                long gapValue = m - toSigned(y[b * p + i]);
                d[b * p + i] = gapValue;
                exp[b * p + i] = TablePlan.exp(gapValue, fa);
                s += exp[b * p + i];
            }
            sum[b * rowBlock] = s;
            for (int i : at) {
                int x = b * p + i;
                spread[x] = s;
                quotient[x] = Math.floorDiv(exp[x] << fg, s);
                remainder[x] = (exp[x] << fg) - quotient[x] * s;
                gap[x] = s - 1 - remainder[x];
            }
        }
        for (int x = 0; x < n; x++) {
            delta[x] = fromSigned(quotient[x] * realPositions[x] - (oneHot[x] << fg));
            clamped[x] = Math.min(d[x], top);
            excess[x] = d[x] - clamped[x];
            slack[x] = top - clamped[x];
        }
        w.putField(sm.oneHot(), e);
        w.putField(sm.max(), max);
        w.putField(sm.gap(), d);
        w.putField(sm.clamped(), clamped);
        w.putField(sm.excess(), excess);
        w.putField(sm.slack(), slack);
        w.putField(sm.exp(), exp);
        w.putField(sm.sum(), sum);
        w.putField(sm.spread(), spread);
        w.putField(sm.quotient(), quotient);
        w.putField(sm.remainder(), remainder);
        w.putField(sm.remainderGap(), gap);
    }

    /** One layer backwards: the updates (from δ and the layer's input) and, below the first layer, the gradient sent down. */
    private static void layer(Witness w, TrainingPlan plan, TrainingPlan.LayerStep step, int padded) {
        TrainingSpec spec = plan.spec();
        long[] delta = w.tensor(step.delta().name());
        long[] a = gradientInput(w, step);
        long[] weight = w.tensor(step.weight().name());
        long[] bias = w.tensor(step.bias().name());
        int rows = step.rows(), cols = step.columns();
        long[] gradient = new long[rows * cols];
        long[] biasGradient = new long[rows];
        for (int b = 0; b < padded; b++) {
            for (int o = 0; o < rows; o++) {
                long dv = toSigned(delta[b * rows + o]);
                if (dv == 0) {
                    continue;
                }
                biasGradient[o] += dv;
                for (int i = 0; i < cols; i++) {
                    gradient[o * cols + i] += dv * toSigned(a[b * cols + i]);
                }
            }
        }
        update(w, spec, step.weight(), step.nextWeight(), step.weightUpdate(), gradient, spec.weightDivisor(), "a weight of layer " + step.layer());
        update(w, spec, step.bias(), step.nextBias(), step.biasUpdate(), biasGradient, spec.biasDivisor(), "a bias of layer " + step.layer());
        if (step.backT() == null) {
            return;
        }
        int fw = spec.format().weightFraction();
        long[] t = new long[a.length], r = new long[a.length];
        for (int b = 0; b < padded; b++) {
            for (int i = 0; i < cols; i++) {
                long s = 0;
                for (int o = 0; o < rows; o++) {
                    long dv = toSigned(delta[b * rows + o]);
                    if (dv != 0) {
                        s += toSigned(weight[o * cols + i]) * dv;
                    }
                }
                long numerator = s + (1L << (fw - 1));
                long tv = sixteenBits(Math.floorDiv(numerator, 1L << fw), () -> "the gradient into the layer below " + step.layer());
                t[b * cols + i] = fromSigned(tv);
                r[b * cols + i] = numerator - (tv << fw);
            }
        }
        w.putField(step.backT(), t);
        w.putField(step.backRemainder(), r);
        if (step.sign() != null) {
            long[] sign = w.tensor(step.sign().name());
            long[] below = new long[a.length];
            for (int x = 0; x < below.length; x++) {
                below[x] = sign[x] == 1 ? t[x] : 0;
            }
            TensorPlan belowDelta = w.circuit().tensor(plan.layers().get(plan.layers().indexOf(step) - 1).delta().name());
            w.putField(belowDelta, below);
        } else if (step.derivative() != null) {
            derivative(w, step.derivative(), t, step.layer());
        }
    }

    /** The layer's input as its weight gradient takes it: with any non-zero padding cleared (see TrainingLowering). */
    private static long[] gradientInput(Witness w, TrainingPlan.LayerStep step) {
        long[] a = w.tensor(step.input().name());
        if (step.gradientInput() == step.input()) {
            return a;
        }
        TensorLayout layout = step.input().layout();
        boolean[] real = new boolean[layout.sampleSize()];
        for (int i : layout.proofIndex()) {
            real[i] = true;
        }
        long[] cleared = new long[a.length];
        for (int x = 0; x < a.length; x++) {
            cleared[x] = real[x % real.length] ? a[x] : 0;
        }
        w.putField(step.gradientInput(), cleared);
        return cleared;
    }

    /** The layer below's δ = round(D·t' / 2^bits) with D = f'(t) looked up, and the remainder c = D·t' − 2^bits·δ. */
    private static void derivative(Witness w, TrainingPlan.Derivative d, long[] backT, String layer) {
        long[] t = w.tensor(d.t().name());
        int bits = d.bits();
        long[] slope = new long[t.length], delta = new long[t.length], remainder = new long[t.length];
        for (int x = 0; x < t.length; x++) {
            long derivative = TablePlan.derivative(d.activation(), toSigned(t[x]), bits);
            long product = derivative * toSigned(backT[x]);
            long q = sixteenBits(Math.floorDiv(product + (1L << (bits - 1)), 1L << bits), () -> "the gradient into the layer below " + layer);
            slope[x] = fromSigned(derivative);
            delta[x] = fromSigned(q);
            remainder[x] = fromSigned(product - (q << bits));
        }
        w.putField(d.slope(), slope);
        w.putField(d.delta(), delta);
        w.putField(d.remainder(), remainder);
        if (d.clamped() != null) { // t = c + e⁺ − e⁻, c = t clamped into the table's inputs
            long[] clamped = new long[t.length], above = new long[t.length], below = new long[t.length];
            for (int x = 0; x < t.length; x++) {
                long tv = toSigned(t[x]);
                long cv = TablePlan.clampToDerivativeDomain(d.activation(), bits, tv);
                clamped[x] = fromSigned(cv);
                above[x] = Math.max(0, tv - cv);
                below[x] = Math.max(0, cv - tv);
            }
            w.putField(d.clamped(), clamped);
            w.putField(d.above(), above);
            w.putField(d.below(), below);
        }
    }

    /**
     * One parameter vector's update from its gradient: g = round(lr·G / D) with its remainder, then
     * with momentum m = round(μ·(W_prev − W) / 2^fr) and with weight decay d = round(lr·λ·W / 2^(2fr)),
     * and W' = W − (g + m + d).
     */
    private static void update(Witness w, TrainingSpec spec, TensorPlan param, TensorPlan next, TrainingPlan.Update u, long[] gradient, long divisor,
                               String what) {
        long[] value = w.tensor(param.name());
        long[] previous = u.previous() == null ? null : w.tensor(u.previous().name());
        int n = value.length;
        long[] nextValues = new long[n], remainder = new long[n], gap = new long[n], g = new long[n], m = new long[n], mr = new long[n],
                d = new long[n], dr = new long[n];
        int fr = spec.format().rateFraction();
        long lrDecay = spec.learningRate() * spec.weightDecay();
        for (int x = 0; x < n; x++) {
            long grad = x < gradient.length ? gradient[x] : 0;
            long numerator = Math.addExact(Math.multiplyExact(spec.learningRate(), grad), divisor / 2);
            long step = Math.floorDiv(numerator, divisor);
            remainder[x] = numerator - step * divisor;
            gap[x] = divisor - 1 - remainder[x];
            long current = toSigned(value[x]);
            long velocity = step;
            g[x] = fromSigned(step);
            if (spec.momentum() != 0) {
                long mn = Math.addExact(Math.multiplyExact(spec.momentum(), toSigned(previous[x]) - current), 1L << (fr - 1));
                long mv = Math.floorDiv(mn, 1L << fr);
                m[x] = fromSigned(mv);
                mr[x] = mn - (mv << fr);
                velocity += mv;
            }
            if (lrDecay != 0) {
                long dn = Math.addExact(Math.multiplyExact(lrDecay, current), 1L << (2 * fr - 1));
                long dv = Math.floorDiv(dn, 1L << (2 * fr));
                d[x] = fromSigned(dv);
                dr[x] = dn - (dv << (2 * fr));
                velocity += dv;
            }
            long after = current - velocity;
            requireWeight(after, what);
            nextValues[x] = fromSigned(after);
        }
        w.putField(next, nextValues);
        w.putField(u.remainder(), remainder);
        if (u.gap() != null) {
            w.putField(u.gap(), gap);
        }
        if (u.step() != null) {
            w.putField(u.step(), g);
        }
        if (u.momentum() != null) {
            w.putField(u.momentum(), m);
            w.putField(u.momentumRemainder(), mr);
        }
        if (u.decay() != null) {
            w.putField(u.decay(), d);
            w.putField(u.decayRemainder(), dr);
        }
    }

    /** v, which a training step keeps within 16 bits (signed); {@code what} names it (built only when it does not fit). */
    private static long sixteenBits(long v, java.util.function.Supplier<String> what) {
        if (v < Activation.MIN || v > Activation.MAX) {
            throw new ArithmeticException(what.get() + " left the 16-bit range (" + v + ")");
        }
        return v;
    }

    private static void requireWeight(long v, String what) {
        if (v < -(1L << (TrainingSpec.WEIGHT_BITS - 1)) || v >= 1L << (TrainingSpec.WEIGHT_BITS - 1)) {
            throw new ArithmeticException(what + " (" + v + " in the weight format) left the 32-bit range; a smaller learning rate keeps it in range");
        }
    }

    private static long[] field(long[] signed) {
        long[] f = new long[signed.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Goldilocks.fromSigned(signed[i]);
        }
        return f;
    }
}
