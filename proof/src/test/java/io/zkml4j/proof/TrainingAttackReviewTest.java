package io.zkml4j.proof;

import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Consumer;

import static io.zkml4j.core.field.Goldilocks.fromSigned;
import static io.zkml4j.core.field.Goldilocks.toSigned;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Independent review of the training proof: dishonest provers that deviate in one place and then
 * recompute everything downstream consistently (so only the constraint under attack can catch them).
 * Cheap ones run through the debug checker (every relation and linear check, seeded challenges); one
 * runs the whole protocol.
 */
class TrainingAttackReviewTest {
    private static final int SEED = 3;

    // ---- helpers ----

    /** A deviation that applies {@code change} to every step it sees and counts table rows in place of missing lookups. */
    static Witness.Deviation deviation(Consumer<Witness> change) {
        return deviation(change, true);
    }

    /** The same; without {@code lookupsAnyway} a value missing from its table stops the prover (as an honest one would). */
    static Witness.Deviation deviation(Consumer<Witness> change, boolean lookupsAnyway) {
        return new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                change.accept(w);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return lookupsAnyway ? TrainingProtocolTest.anyRow(table) : null;
            }
        };
    }

    /** The debug checker's first failure for one step of a [5, 8, 3] ReLU network on rows {@code rows}. */
    static String check(TrainingSpec.Loss loss, long[] rows, Witness.Deviation deviation) {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, 10, rows.length, 8, loss, 3);
        Circuit circuit = c.circuit();
        long[][] model = ModelVectors.build(circuit);
        return CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows, c.inputs(rows), deviation, SEED);
    }

    static void set(Witness w, String tensor, int index, long signed) {
        long[] v = w.tensor(tensor).clone();
        v[index] = fromSigned(signed);
        w.replace(tensor, v);
    }

    static long get(Witness w, String tensor, int index) {
        return toSigned(w.tensor(tensor)[index]);
    }

    /**
     * Recomputes layers {@code from} down to 0 of the backward pass from the δ now in the witness (the
     * honest prover's arithmetic, TrainingWitness.layer): updates, remainders, gaps, t', r', the δ below.
     */
    static void recomputeBackward(Witness w, int from) {
        TrainingPlan plan = w.circuit().training();
        TrainingSpec spec = plan.spec();
        int padded = plan.batchFeatures().layout().batchPadded();
        for (int l = from; l >= 0; l--) {
            TrainingPlan.LayerStep step = plan.layers().get(l);
            long[] delta = w.tensor(step.delta().name());
            long[] a = w.tensor(step.input().name());
            long[] weight = w.tensor(step.weight().name());
            long[] bias = w.tensor(step.bias().name());
            int rows = step.rows(), cols = step.columns();
            long lr = spec.learningRate(), wd = spec.weightDivisor(), bd = spec.biasDivisor();
            long[] g = new long[rows * cols], gb = new long[rows];
            for (int b = 0; b < padded; b++) {
                for (int o = 0; o < rows; o++) {
                    long dv = toSigned(delta[b * rows + o]);
                    gb[o] += dv;
                    for (int i = 0; i < cols; i++) {
                        g[o * cols + i] += dv * toSigned(a[b * cols + i]);
                    }
                }
            }
            long[] nw = new long[weight.length], wr = new long[weight.length], wg = new long[weight.length];
            for (int x = 0; x < weight.length; x++) {
                long num = lr * g[x] + wd / 2;
                long u = Math.floorDiv(num, wd);
                nw[x] = fromSigned(toSigned(weight[x]) - u);
                wr[x] = num - u * wd;
                wg[x] = wd - 1 - wr[x];
            }
            long[] nb = new long[bias.length], br = new long[bias.length], bg = new long[bias.length];
            for (int o = 0; o < bias.length; o++) {
                long num = lr * gb[o] + bd / 2;
                long u = Math.floorDiv(num, bd);
                nb[o] = fromSigned(toSigned(bias[o]) - u);
                br[o] = num - u * bd;
                bg[o] = bd - 1 - br[o];
            }
            w.replace(step.nextWeight().name(), nw);
            w.replace(step.weightUpdate().remainder().name(), wr);
            if (step.weightUpdate().gap() != null) {
                w.replace(step.weightUpdate().gap().name(), wg);
            }
            w.replace(step.nextBias().name(), nb);
            w.replace(step.biasUpdate().remainder().name(), br);
            if (step.biasUpdate().gap() != null) {
                w.replace(step.biasUpdate().gap().name(), bg);
            }
            if (step.backT() == null) {
                continue;
            }
            int fw = spec.format().weightFraction();
            long[] t = new long[a.length], r = new long[a.length];
            for (int b = 0; b < padded; b++) {
                for (int i = 0; i < cols; i++) {
                    long s = 0;
                    for (int o = 0; o < rows; o++) {
                        s += toSigned(weight[o * cols + i]) * toSigned(delta[b * rows + o]);
                    }
                    long num = s + (1L << (fw - 1));
                    long tv = Math.floorDiv(num, 1L << fw);
                    t[b * cols + i] = fromSigned(tv);
                    r[b * cols + i] = num - (tv << fw);
                }
            }
            w.replace(step.backT().name(), t);
            w.replace(step.backRemainder().name(), r);
            long[] below = new long[a.length];
            if (step.sign() != null) {
                long[] sign = w.tensor(step.sign().name());
                for (int x = 0; x < below.length; x++) {
                    below[x] = sign[x] == 1 ? t[x] : 0;
                }
            } else if (step.derivative() != null) { // δ = round(D·t' / 2^bits), D the looked-up derivative
                TrainingPlan.Derivative d = step.derivative();
                long[] slope = w.tensor(d.slope().name());
                long[] c = new long[a.length];
                for (int x = 0; x < below.length; x++) {
                    long product = toSigned(slope[x]) * toSigned(t[x]);
                    long q = Math.floorDiv(product + (1L << (d.bits() - 1)), 1L << d.bits());
                    below[x] = fromSigned(q);
                    c[x] = fromSigned(product - (q << d.bits()));
                }
                w.replace(d.remainder().name(), c);
            } else {
                below = t;
            }
            if (step.sign() != null || step.derivative() != null) {
                w.replace(plan.layers().get(l - 1).delta().name(), below);
            }
        }
    }

    static int lastLayer(Witness w) {
        return w.circuit().training().layers().size() - 1;
    }

    static final long[] ROWS4 = {1, 4, 7, 2};
    static final long[] ROWS3 = {1, 4, 7};

    // ---- the harness itself: a consistent recomputation is accepted ----

    @Test
    void recomputingTheHonestBackwardPassChangesNothing() {
        assertNull(check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS3, deviation(w -> recomputeBackward(w, lastLayer(w)))));
    }

    // ---- (1) padded batch rows ----

    /**
     * Batch 3 (padded to 4): the padded row (a copy of row 0's features) is given a label (one-hot at
     * class 0) and the matching δ = −2^fg, and the backward pass is recomputed: an extra, unlabelled
     * sample's gradient. Only "Σ L = real row" can catch it.
     */
    @Test
    void aLabelOnThePaddedBatchRowIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS3, deviation(w -> {
            TensorLayout out = w.circuit().training().output().layout();
            int x = 3 * out.sampleSize() + out.proofIndex()[0];
            set(w, "training.label", x, 1);
            set(w, "training.delta", x, -(1L << TrainingSpec.Format.DEFAULT.gradientFraction()));
            recomputeBackward(w, lastLayer(w));
        }));
        assertNotNull(failure);
        System.out.println("padded row: " + failure);
    }

    /** The same through MSE (δ = 2^(fg−fa)·y·R − 2^fg·L): the padded row's R is public zero, its L must be zero. */
    @Test
    void anMseGradientOnThePaddedBatchRowIsRejected() {
        String failure = check(TrainingSpec.Loss.MSE, ROWS3, deviation(w -> {
            TensorLayout out = w.circuit().training().output().layout();
            int x = 3 * out.sampleSize() + out.proofIndex()[1];
            set(w, "training.label", x, 1);
            set(w, "training.delta", x, -(1L << TrainingSpec.Format.DEFAULT.gradientFraction()));
            recomputeBackward(w, lastLayer(w));
        }));
        assertNotNull(failure);
        System.out.println("padded row (mse): " + failure);
    }

    // ---- (3) the softmax clamp ----

    /**
     * A class with gap 0 < d < top is looked up at a smaller clamped gap (clamped − 1, excess 1,
     * slack + 1, E read at the new clamped gap), the row's sum, spread, quotients, remainders and δ
     * recomputed, then the backward pass: a larger softmax for that class. Only slack·excess = 0 catches it.
     */
    @Test
    void aClampedGapBelowTheGapIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS4, deviation(w -> {
            TrainingPlan plan = w.circuit().training();
            TensorLayout out = plan.output().layout();
            int p = out.sampleSize();
            int[] at = out.proofIndex();
            int fa = plan.spec().format().activationFraction(), fg = plan.spec().format().gradientFraction();
            int b = 0, target = -1;
            for (int j = 0; j < at.length; j++) {
                if (get(w, "training.softmax.gap", b * p + at[j]) > 0) {
                    target = b * p + at[j];
                }
            }
            long clamped = get(w, "training.softmax.gap.clamped", target);
            set(w, "training.softmax.gap.clamped", target, clamped - 1);
            set(w, "training.softmax.gap.excess", target, get(w, "training.softmax.gap.excess", target) + 1);
            set(w, "training.softmax.gap.slack", target, get(w, "training.softmax.gap.slack", target) + 1);
            set(w, "training.softmax.exp", target, TablePlan.exp(clamped - 1, fa));
            long s = 0;
            for (int i : at) {
                s += get(w, "training.softmax.exp", b * p + i);
            }
            int rowBlock = plan.softmax().sum().layout().sampleSize();
            set(w, "training.softmax.sum", b * rowBlock, s);
            for (int i : at) {
                int x = b * p + i;
                long e = get(w, "training.softmax.exp", x);
                long q = Math.floorDiv(e << fg, s);
                set(w, "training.softmax.spread", x, s);
                set(w, "training.softmax.p", x, q);
                set(w, "training.softmax.q", x, (e << fg) - q * s);
                set(w, "training.softmax.qgap", x, s - 1 - ((e << fg) - q * s));
                set(w, "training.delta", x, q - (get(w, "training.label", x) << fg));
            }
            recomputeBackward(w, lastLayer(w));
        }));
        assertNotNull(failure);
        System.out.println("clamp: " + failure);
    }

    // ---- (4) the division ----

    /**
     * p + 1 with q − S (so p·S = 2^fg·E − q still holds and S − 1 − q is consistent), δ + 1, the
     * backward pass recomputed. Only q's range check catches it (q is negative).
     */
    @Test
    void aQuotientOneTooLargeWithANegativeRemainderIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS4, deviation(w -> {
            TensorLayout out = w.circuit().training().output().layout();
            int x = out.proofIndex()[1];
            long s = get(w, "training.softmax.spread", x);
            set(w, "training.softmax.p", x, get(w, "training.softmax.p", x) + 1);
            set(w, "training.softmax.q", x, get(w, "training.softmax.q", x) - s);
            set(w, "training.softmax.qgap", x, get(w, "training.softmax.qgap", x) + s);
            set(w, "training.delta", x, get(w, "training.delta", x) + 1);
            recomputeBackward(w, lastLayer(w));
        }));
        assertNotNull(failure);
        System.out.println("division: " + failure);
    }

    /** The same one too small: q + S ≥ S, so S − 1 − q is negative. */
    @Test
    void aQuotientOneTooSmallWithAnOversizedRemainderIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS4, deviation(w -> {
            TensorLayout out = w.circuit().training().output().layout();
            int x = -1;
            for (int i : out.proofIndex()) {
                if (get(w, "training.softmax.p", i) > 0) {
                    x = i;
                }
            }
            long s = get(w, "training.softmax.spread", x);
            set(w, "training.softmax.p", x, get(w, "training.softmax.p", x) - 1);
            set(w, "training.softmax.q", x, get(w, "training.softmax.q", x) + s);
            set(w, "training.softmax.qgap", x, get(w, "training.softmax.qgap", x) - s);
            set(w, "training.delta", x, get(w, "training.delta", x) - 1);
            recomputeBackward(w, lastLayer(w));
        }));
        assertNotNull(failure);
        System.out.println("division (low): " + failure);
    }

    // ---- ReLU derivative ----

    /** The gradient sent down passed through every unit (the ReLU's derivative ignored), layer 0's update recomputed. */
    @Test
    void aReluDerivativeIgnoredIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS4, deviation(w -> {
            long[] t = w.tensor("dense1.back.t");
            long[] sign = w.tensor("dense0.sign");
            boolean differs = false;
            for (int x = 0; x < t.length; x++) {
                differs |= sign[x] == 0 && t[x] != 0;
            }
            if (!differs) {
                throw new IllegalStateException("no unit is inactive with a non-zero gradient: the attack would be honest");
            }
            w.replace("dense0.delta", t.clone());
            recomputeBackward(w, 0);
        }));
        assertNotNull(failure);
        System.out.println("relu: " + failure);
    }

    // ---- padding of the weights ----

    /**
     * A hidden extra neuron: layer 0's next weight at a padding row (hidden unit 8 of a padded 32)
     * set to 1 with its rounding remainder moved by the divisor so the update equation still holds.
     */
    @Test
    void aWeightPlantedInThePaddingIsRejected() {
        String failure = check(TrainingSpec.Loss.CROSS_ENTROPY, ROWS4, deviation(w -> {
            TrainingPlan.LayerStep l0 = w.circuit().training().layers().get(0);
            long wd = w.circuit().training().spec().weightDivisor();
            int x = 8 * l0.columns();
            set(w, l0.nextWeight().name(), x, get(w, l0.nextWeight().name(), x) + 1);
            set(w, l0.weightUpdate().remainder().name(), x, get(w, l0.weightUpdate().remainder().name(), x) + wd);
        }));
        assertNotNull(failure);
        System.out.println("padding weight: " + failure);
    }

    // ---- the whole protocol: a division deviation with everything downstream consistent ----

    @Test
    void theDivisionAttackIsRejectedByTheProtocol() throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, TrainingProtocolTest.ROWS, 4,
                8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Witness.Deviation d = TrainingProtocolTest.atStep(TrainingProtocolTest.dataset(c), 0, w -> {
            TensorLayout out = w.circuit().training().output().layout();
            int x = out.proofIndex()[1];
            long s = get(w, "training.softmax.spread", x);
            set(w, "training.softmax.p", x, get(w, "training.softmax.p", x) + 1);
            set(w, "training.softmax.q", x, get(w, "training.softmax.q", x) - s);
            set(w, "training.softmax.qgap", x, get(w, "training.softmax.qgap", x) + s);
            set(w, "training.delta", x, get(w, "training.delta", x) + 1);
            recomputeBackward(w, lastLayer(w));
        }, true);
        TrainingProtocolTest.assertRejected(TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS,
                TrainingProtocolTest.STEPS, d, 6554));
    }

    // ---- (5) the chain across step groups ----

    /**
     * Steps 0–1 in group 0, step 2 alone in group 1 (as a long run groups them): step 2's claims on
     * "the model" must land on step 1's next-weight vectors inside group 0's witness commitment, its own
     * witness and inverse claims in group 1's commitments, dataset claims untouched.
     */
    @Test
    void stepClaimsOnTheModelLandOnThePreviousGroupsNextWeights() throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, 10, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        TrainingProtocol.Plan plan = new TrainingProtocol.Plan(c.arch(), c.spec());
        long[][] steps = {ROWS4, ROWS4, ROWS4};
        Circuit circuit = plan.circuit(4);
        int wv = circuit.witnessVectors().size(), iv = circuit.inverseVectors().size();
        TrainingProtocol.Groups groups = new TrainingProtocol.Groups(new int[] {0, 0, 1}, new int[] {0, wv, 0}, new int[] {0, iv, 0}, 2);
        int[] next = plan.nextPolys(circuit);
        io.zkml4j.core.field.Ext2[] pt = {io.zkml4j.core.field.Ext2.ONE};
        io.zkml4j.core.pcs.Weights weights = new io.zkml4j.core.pcs.Weights.Eq(pt);
        java.util.List<io.zkml4j.core.pcs.LinearClaim.Term> terms = java.util.List.of(
                new io.zkml4j.core.pcs.LinearClaim.Term(io.zkml4j.proof.circuit.VectorRef.MODEL, 1, weights, io.zkml4j.core.field.Ext2.ONE),
                new io.zkml4j.core.pcs.LinearClaim.Term(io.zkml4j.proof.circuit.VectorRef.WITNESS, 7, weights, io.zkml4j.core.field.Ext2.ONE),
                new io.zkml4j.core.pcs.LinearClaim.Term(io.zkml4j.proof.circuit.VectorRef.INVERSES, 2, weights, io.zkml4j.core.field.Ext2.ONE),
                new io.zkml4j.core.pcs.LinearClaim.Term(io.zkml4j.proof.circuit.VectorRef.DATASET, 0, weights, io.zkml4j.core.field.Ext2.ONE));
        io.zkml4j.core.pcs.LinearClaim claim = new io.zkml4j.core.pcs.LinearClaim(terms, io.zkml4j.core.field.Ext2.ZERO);
        java.util.List<io.zkml4j.core.pcs.LinearClaim> out = TrainingProtocol.renumber(java.util.List.of(claim), 2, plan, steps, null, groups);
        java.util.List<io.zkml4j.core.pcs.LinearClaim.Term> moved = out.get(0).terms();
        org.junit.jupiter.api.Assertions.assertEquals(TrainingProtocol.witnessIndex(0), moved.get(0).commitment());
        org.junit.jupiter.api.Assertions.assertEquals(wv + next[1], moved.get(0).polynomial());
        org.junit.jupiter.api.Assertions.assertEquals(TrainingProtocol.witnessIndex(1), moved.get(1).commitment());
        org.junit.jupiter.api.Assertions.assertEquals(7, moved.get(1).polynomial());
        org.junit.jupiter.api.Assertions.assertEquals(TrainingProtocol.witnessIndex(1) + 1, moved.get(2).commitment());
        org.junit.jupiter.api.Assertions.assertEquals(2, moved.get(2).polynomial());
        org.junit.jupiter.api.Assertions.assertEquals(io.zkml4j.proof.circuit.VectorRef.DATASET, moved.get(3).commitment());
        // step 1 (same group as step 0): its model is step 0's next weights at offset 0
        java.util.List<io.zkml4j.core.pcs.LinearClaim> first = TrainingProtocol.renumber(java.util.List.of(claim), 1, plan, steps, null, groups);
        org.junit.jupiter.api.Assertions.assertEquals(next[1], first.get(0).terms().get(0).polynomial());
        org.junit.jupiter.api.Assertions.assertEquals(wv + 7, first.get(0).terms().get(1).polynomial());
    }

    // ---- completeness finding (fixed): fa ≥ 13 ----

    /**
     * From review (fixed): with fa = 13 the exponential's table, capped at 2^16 rows, never reaches
     * 0 (round(e^−8·2^16) = 22 at its last row), so the padding classes' gap could not read E = 0 and
     * no honest cross-entropy step had a witness. Such a format is now refused for cross-entropy,
     * naming why; MSE does not read the table and keeps it.
     */
    @Test
    void crossEntropyWithAnExponentialTableThatNeverReachesZeroIsRefused() {
        TrainingSpec.Format format = new TrainingSpec.Format(13, 14, 16, 16);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(
                TrainingSpec.Loss.CROSS_ENTROPY, 4, 10, 5, 3, 16, io.zkml4j.model.data.InputRescale.of(Math.scalb(1.0, -13), 8), format, 6554));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("activation fraction"), e.getMessage());
        new TrainingSpec(TrainingSpec.Loss.MSE, 4, 10, 5, 3, 16, io.zkml4j.model.data.InputRescale.of(Math.scalb(1.0, -13), 8), format, 6554);
    }

    private static long[][] scaleBiases(long[][] biases, long factor) {
        return Arrays.stream(biases).map(b -> Arrays.stream(b).map(v -> v * factor).toArray()).toArray(long[][]::new);
    }
}
