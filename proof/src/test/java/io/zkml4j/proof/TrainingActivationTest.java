package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static io.zkml4j.core.field.Goldilocks.fromSigned;
import static io.zkml4j.core.field.Goldilocks.toSigned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training steps through sigmoid, tanh and leaky ReLU: the derivative table's values, the honest
 * step satisfying every relation, and a prover that rounds the chain rule the wrong way, leaves the
 * integers, or uses a derivative that is not the table's, each caught by the relation meant for it.
 */
class TrainingActivationTest {
    static final int FA = TrainingSpec.Format.DEFAULT.activationFraction();
    static final int BITS = TrainingSpec.Format.DEFAULT.derivativeFraction();
    static final long[] ROWS = {1, 4, 7, 2};

    static Activation activation(String name) {
        double scale = Math.scalb(1.0, -FA);
        return switch (name) {
            case "sigmoid" -> Activation.sigmoid(scale, FA);
            case "tanh" -> Activation.tanh(scale, FA);
            case "leaky" -> Activation.leakyRelu(0.1);
            case "relu" -> Activation.RELU;
            case "none" -> Activation.IDENTITY;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Activation[] activations(String names) {
        String[] parts = names.split(" ");
        Activation[] out = new Activation[parts.length];
        for (int l = 0; l < parts.length; l++) {
            out[l] = activation(parts[l]);
        }
        return out;
    }

    @Test
    void theDerivativesAreSigmoidsAndTanhsFromTheirOutputAndLeakyReLUsSlope() {
        Activation sigmoid = activation("sigmoid"), tanh = activation("tanh"), leaky = activation("leaky");
        assertEquals(128 * 128, TablePlan.derivative(sigmoid, 0, BITS)); // σ(0) = 1/2: ¼ with 16 fraction bits
        assertEquals(1 << 16, TablePlan.derivative(tanh, 0, BITS));
        assertEquals(1 << 16, TablePlan.derivative(leaky, 0, BITS)); // 1 at 0, as ReLU's
        assertEquals(6554, TablePlan.derivative(leaky, -1, BITS)); // 0.1·2^16 = 6553.6
        assertEquals(1 << 16, TablePlan.derivative(leaky, 300, BITS));
        for (long t = Activation.MIN; t <= Activation.MAX; t += 97) {
            double z = Math.scalb((double) t, -FA);
            double s = 1 / (1 + Math.exp(-z));
            assertEquals(s * (1 - s), Math.scalb((double) TablePlan.derivative(sigmoid, t, BITS), -BITS), 0.004, "sigmoid' at " + z);
            double h = Math.tanh(z);
            assertEquals(1 - h * h, Math.scalb((double) TablePlan.derivative(tanh, t, BITS), -BITS), 0.008, "tanh' at " + z);
        }
        assertThrows(IllegalArgumentException.class, () -> TablePlan.derivative(sigmoid, 0, BITS + 2), "sigmoid's derivative has 2·8 fraction bits");
        assertThrows(IllegalArgumentException.class, () -> TablePlan.derivative(Activation.RELU, 0, BITS), "ReLU's derivative is its sign, not a table");
    }

    /**
     * Sigmoid and tanh saturate, so their triples are tabled only where f or f' still changes and read
     * at t clamped into that range (f and f' are the same there as at t); leaky ReLU keeps every 16-bit t.
     */
    @Test
    void saturatingActivationsAreTabledWhereTheyChange() {
        for (String name : new String[] {"sigmoid", "tanh"}) {
            Activation f = activation(name);
            int b = TablePlan.derivativeDomainBits(f, BITS);
            assertTrue(b <= 12, name + ": 2^" + b + " rows");
            assertEquals(b, TablePlan.derivativeTable(f, BITS).numVars());
            for (long t = Activation.MIN; t <= Activation.MAX; t++) {
                long c = TablePlan.clampToDerivativeDomain(f, BITS, t);
                if (f.apply(c) != f.apply(t) || TablePlan.derivative(f, c, BITS) != TablePlan.derivative(f, t, BITS)) {
                    throw new AssertionError(name + " at " + t + " differs from its clamped " + c);
                }
            }
            assertTrue(TablePlan.clampToDerivativeDomain(f, BITS, Activation.MAX) < Activation.MAX);
        }
        assertEquals(Activation.BITS, TablePlan.derivativeDomainBits(activation("leaky"), BITS));
    }

    /** Weights ten times larger: many pre-activations lie beyond the tabled range, clamped, and the honest step still satisfies every relation. */
    static TrainingCircuitTest.Case saturating(String name) {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new Activation[] {activation(name), Activation.IDENTITY},
                10, ROWS.length, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        long[][] w = {java.util.Arrays.stream(c.weights()[0]).map(v -> 10 * v).toArray(), c.weights()[1]};
        return new TrainingCircuitTest.Case(c.arch(), w, c.biases(), c.values(), c.labels(), c.dataFraction(), c.spec());
    }

    @ParameterizedTest
    @CsvSource({"sigmoid, true", "sigmoid, false", "tanh, true", "tanh, false"})
    void saturatedInputsAreReadAtTheEndOfTheTable(String name, boolean above) {
        TrainingCircuitTest.Case c = saturating(name);
        Circuit circuit = c.circuit();
        long[][] model = ModelVectors.build(circuit);
        long[] clamped = {0};
        Witness.Deviation count = new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                TrainingPlan.Derivative d = derivative(w);
                for (long v : w.tensor(d.above().name())) {
                    clamped[0] += v != 0 ? 1 : 0;
                }
                for (long v : w.tensor(d.below().name())) {
                    clamped[0] += v != 0 ? 1 : 0;
                }
            }
        };
        assertNull(CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), count, 3));
        assertTrue(clamped[0] > 0, "some pre-activations lie beyond the table");
        // A saturated input read at the table's middle instead, every value after it made consistent with that
        // (c = 0, e⁺ = t, y = f(0), D = f'(0), layer 1's forward pass and the backward pass recomputed):
        // only (top − c)·e⁺ = 0 (or (c − bottom)·e⁻ = 0 below the table) can refuse it.
        String failure = CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS),
                readAt(c, 0, beyond(c, above), above), 3);
        assertNotNull(failure);
        assertTrue(failure.contains(above ? "dense0.t.clamp.above" : "dense0.t.clamp.below"), failure);
    }


    /**
     * Review of the clamp, for every activation format a training step takes (fa = 1 to 14): the table's
     * domain has 8 to 16 bits, its rows are (t, f(t), f'(t)) for the t it holds, reading every 16-bit t
     * at its clamp gives f(t) and f'(t) exactly (the ends included), and the domain is the smallest
     * that does (one bit fewer would read some t wrongly, unless it is already the minimum of 8).
     */
    @Test
    void theClampIsExactInEveryFormat() {
        for (int fa = 1; fa <= 14; fa++) {
            int bits = 2 * fa;
            double scale = Math.scalb(1.0, -fa);
            for (Activation f : new Activation[] {Activation.sigmoid(scale, fa), Activation.tanh(scale, fa)}) {
                int b = TablePlan.derivativeDomainBits(f, bits);
                String at = f.describe() + ", fa = " + fa + ", 2^" + b + " rows";
                assertTrue(b >= 8 && b <= Activation.BITS, at);
                long half = 1L << (b - 1);
                io.zkml4j.core.logup.LookupTable table = TablePlan.derivativeTable(f, bits);
                assertEquals(b, table.numVars(), at);
                TablePlan plan = new TablePlan("review", TablePlan.Kind.DERIVATIVE, f, bits, table, null);
                long[] f0 = new long[1 << Activation.BITS], d0 = new long[1 << Activation.BITS];
                for (long t = Activation.MIN; t <= Activation.MAX; t++) {
                    f0[(int) (t - Activation.MIN)] = f.apply(t);
                    d0[(int) (t - Activation.MIN)] = TablePlan.derivative(f, t, bits);
                }
                for (long t = Activation.MIN; t <= Activation.MAX; t++) {
                    long c = TablePlan.clampToDerivativeDomain(f, bits, t);
                    assertTrue(c >= -half && c < half && (c == t || (t >= half && c == half - 1) || (t < -half && c == -half)), at + ": t = " + t);
                    int ci = (int) (c - Activation.MIN), ti = (int) (t - Activation.MIN);
                    if (f0[ci] != f0[ti] || d0[ci] != d0[ti]) {
                        throw new AssertionError(at + ": t = " + t + " read at " + c + " gives " + f0[ci] + ", " + d0[ci] + " instead of " + f0[ti]
                                + ", " + d0[ti]);
                    }
                    long[] row = {t, f0[ti], d0[ti]};
                    if (plan.rowOf(row) != (c == t ? t + half : -1)) {
                        throw new AssertionError(at + ": the prover's row of " + t);
                    }
                    for (int col = 0; col < 3 && c == t; col++) {
                        if (table.value((int) (t + half), col) != Goldilocks.fromSigned(row[col])) {
                            throw new AssertionError(at + ": row of " + t + ", column " + col);
                        }
                    }
                }
                if (b > 8) { // one bit fewer misreads some t
                    long h = half >> 1;
                    boolean misread = false;
                    for (long t = Activation.MIN; t <= Activation.MAX && !misread; t++) {
                        int ci = (int) (Math.max(-h, Math.min(h - 1, t)) - Activation.MIN), ti = (int) (t - Activation.MIN);
                        misread = f0[ci] != f0[ti] || d0[ci] != d0[ti];
                    }
                    assertTrue(misread, at + " is not the smallest table");
                }
            }
        }
    }

    /**
     * A pre-activation inside the table read at its end instead (c = top with e⁺ = t − top, or c = bottom
     * with e⁻ = bottom − t: negative, so a field element near p), everything after it consistent with
     * f(end) and f'(end): t = c + e⁺ − e⁻ and both products hold, so only e⁺'s (e⁻'s) range check can
     * refuse it, and it does (checked: with the two range checks of e⁺ and e⁻ removed from
     * TrainingLowering.lookUpWithDerivative, the checker finds no failure in any of the four cases).
     */
    @ParameterizedTest
    @CsvSource({"sigmoid, true", "sigmoid, false", "tanh, true", "tanh, false"})
    void anInsideInputReadAtTheEndThroughAWrappedExcessIsRejectedByItsRange(String name, boolean above) {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new Activation[] {activation(name), Activation.IDENTITY},
                10, ROWS.length, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Circuit circuit = c.circuit();
        Activation f = activation(name);
        long half = 1L << (TablePlan.derivativeDomainBits(f, BITS) - 1);
        long end = above ? half - 1 : -half;
        Witness.Deviation deviation = readAt(c, end, t -> t > -half && t < half - 1 && f.apply(t) != f.apply(end), above);
        String failure = CircuitChecker.firstFailure(circuit, ModelVectors.build(circuit), c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS),
                deviation, 3);
        assertNotNull(failure);
        assertTrue(failure.contains(above ? "dense0.t.above#range" : "dense0.t.below#range"), failure);
    }

    /** Picks a pre-activation of layer 0 above (or below) its activation's table. */
    static java.util.function.LongPredicate beyond(TrainingCircuitTest.Case c, boolean above) {
        long end = (1L << (TablePlan.derivativeDomainBits(c.arch().activations()[0], BITS) - 1)) - 1;
        return t -> above ? t > end : t < -end - 1;
    }

    /**
     * A prover that reads one pre-activation t of layer 0 (the first that {@code pick} accepts) at the
     * table's row {@code read}: c = read, the excess t − read in e⁺ (when {@code above}) or read − t in
     * e⁻ (signed, so possibly negative), y = f(read), D = f'(read), layer 1's forward pass and the
     * backward pass recomputed from them.
     */
    static Witness.Deviation readAt(TrainingCircuitTest.Case c, long read, java.util.function.LongPredicate pick, boolean above) {
        io.zkml4j.model.quant.QLayer.Dense top = (io.zkml4j.model.quant.QLayer.Dense) c.model().layers().get(1);
        Activation f = c.arch().activations()[0];
        int[] chosen = {-1, -1}; // sample, index
        return new Witness.Deviation() {
            @Override
            public void alterTrace(int b, io.zkml4j.model.quant.QuantizedExecutor.Trace trace) {
                long[] t = trace.layers().get("dense0").requantized();
                for (int i = 0; i < t.length && chosen[0] < 0; i++) {
                    if (pick.test(t[i])) {
                        chosen[0] = b;
                        chosen[1] = i;
                        long[] h = trace.value("h1");
                        h[i] = f.apply(read);
                        io.zkml4j.model.quant.QuantizedExecutor.LayerTrace l = trace.layers().get("dense1");
                        long[] y = trace.value("y");
                        for (int o = 0; o < top.out(); o++) {
                            long acc = top.bias()[o];
                            for (int k = 0; k < top.in(); k++) {
                                acc += top.weight()[o * top.in() + k] * h[k];
                            }
                            l.accumulator()[o] = acc;
                            l.requantized()[o] = top.requant().round(acc, "dense1");
                            l.remainder()[o] = top.requant().remainder(acc, l.requantized()[o]);
                            y[o] = l.requantized()[o];
                        }
                    }
                }
            }

            @Override
            public void alterTraining(Witness w) {
                if (chosen[0] < 0) {
                    throw new AssertionError("no pre-activation to read elsewhere");
                }
                TrainingPlan.Derivative d = derivative(w);
                TensorPlan tp = w.circuit().tensor(d.t().name());
                int x = chosen[0] * tp.layout().sampleSize() + tp.layout().proofIndex()[chosen[1]];
                long t = TrainingAttackReviewTest.get(w, d.t().name(), x);
                TrainingAttackReviewTest.set(w, d.clamped().name(), x, read);
                TrainingAttackReviewTest.set(w, d.above().name(), x, above ? t - read : 0);
                TrainingAttackReviewTest.set(w, d.below().name(), x, above ? 0 : read - t);
                chainWith(w, d, x, TablePlan.derivative(f, read, BITS));
                TrainingAttackReviewTest.recomputeBackward(w, 0);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) { // the wrapped excess's limbs are in no range table
                return TrainingProtocolTest.anyRow(table);
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"CROSS_ENTROPY, sigmoid none", "CROSS_ENTROPY, tanh none", "MSE, leaky none", "CROSS_ENTROPY, tanh sigmoid leaky none",
        "MSE, relu sigmoid none", "CROSS_ENTROPY, leaky relu none"})
    void honestStepsThroughEachActivationSatisfyEveryRelation(TrainingSpec.Loss loss, String names) {
        Activation[] f = activations(names);
        int[] widths = new int[f.length + 1];
        for (int l = 0; l < widths.length; l++) {
            widths[l] = l == 0 ? 5 : l == f.length ? 3 : 8 - l;
        }
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(7, widths, f, 10, ROWS.length, 8, loss, 3);
        Circuit circuit = c.circuit();
        long[][] model = ModelVectors.build(circuit);
        assertNull(CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), Witness.Deviation.HONEST, 3));
        long derivatives = circuit.training().layers().stream().filter(s -> s.derivative() != null).count();
        long expected = java.util.Arrays.stream(f).filter(a -> a.kind() != Activation.Kind.RELU && !a.isIdentity()).count();
        assertEquals(expected, derivatives, "one chain rule through a table derivative per sigmoid, tanh or leaky ReLU");
    }

    @Test
    void aTableDerivativeAfterTheLastLayerIsRefused() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> TrainingCircuitTest.Case.random(7,
                new int[] {5, 6, 3}, activations("relu sigmoid"), 10, 4, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3).circuit());
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
    }

    @Test
    void anActivationInAnotherFormatIsRefused() {
        Activation wide = Activation.sigmoid(Math.scalb(1.0, -FA), FA + 2); // 10 output fraction bits for 8-bit activations
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> TrainingCircuitTest.Case.random(7,
                new int[] {5, 6, 3}, new Activation[] {wide, Activation.IDENTITY}, 10, 4, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3).circuit());
        assertTrue(e.getMessage().contains("fraction bits"), e.getMessage());
    }

    // ---- dishonest provers: [5, 8, 3] with f after layer 0, so layer 1 sends its gradient through f' ----

    /** The debug checker's first failure for a step whose prover applies {@code change} to layer 0's δ (then recomputes layer 0's updates). */
    static String check(String activation, Consumer<Witness> change) {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new Activation[] {activation(activation), Activation.IDENTITY},
                10, ROWS.length, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Circuit circuit = c.circuit();
        Witness.Deviation deviation = new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                change.accept(w);
                TrainingAttackReviewTest.recomputeBackward(w, 0);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) { // a row to count in place of a tuple the table does not hold
                return table.kind() == TablePlan.Kind.DERIVATIVE ? new long[] {0, table.activation().apply(0), TablePlan.derivative(table.activation(), 0,
                        table.bits())} : TrainingProtocolTest.anyRow(table);
            }
        };
        return CircuitChecker.firstFailure(circuit, ModelVectors.build(circuit), c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), deviation, 3);
    }

    static TrainingPlan.Derivative derivative(Witness w) {
        return w.circuit().training().layers().get(1).derivative();
    }

    /** Position x of the layer below's chain rule made honest for {@code slope}: D = slope, δ = round(D·t' / 2^16), c = D·t' − 2^16·δ. */
    static void chainWith(Witness w, TrainingPlan.Derivative d, int x, long slope) {
        long backT = TrainingAttackReviewTest.get(w, w.circuit().training().layers().get(1).backT().name(), x);
        long q = Math.floorDiv(slope * backT + (1L << (BITS - 1)), 1L << BITS);
        TrainingAttackReviewTest.set(w, d.slope().name(), x, slope);
        TrainingAttackReviewTest.set(w, d.delta().name(), x, q);
        TrainingAttackReviewTest.set(w, d.remainder().name(), x, slope * backT - (q << BITS));
    }

    /** A position whose gradient t' is not 0 (so the derivative matters there). */
    static int busy(Witness w) {
        long[] t = w.tensor(w.circuit().training().layers().get(1).backT().name());
        for (int x = 0; x < t.length; x++) {
            if (toSigned(t[x]) != 0 && toSigned(w.tensor(derivative(w).slope().name())[x]) != 0) {
                return x;
            }
        }
        throw new AssertionError("no gradient flows back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "tanh", "leaky"})
    void recomputingTheHonestChainRuleChangesNothing(String f) {
        assertNull(check(f, w -> { }));
    }

    /** δ one larger and the remainder one step of 2^16 lower: D·t' = 2^16·δ + c still holds, c leaves its range. */
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "tanh", "leaky"})
    void aGradientRoundedTheWrongWayIsRejected(String f) {
        String failure = check(f, w -> {
            TrainingPlan.Derivative d = derivative(w);
            int x = busy(w);
            TrainingAttackReviewTest.set(w, d.delta().name(), x, TrainingAttackReviewTest.get(w, d.delta().name(), x) + 1);
            TrainingAttackReviewTest.set(w, d.remainder().name(), x, TrainingAttackReviewTest.get(w, d.remainder().name(), x) - (1L << BITS));
        });
        assertNotNull(failure);
        assertTrue(failure.contains("derivative.r#range"), failure);
    }

    /**
     * c moved within its range and δ = (D·t' − c)/2^16 in the field, no integer: the product holds;
     * δ's range check fails, and so does every relation of layer 0 that this δ feeds (its gradient,
     * whose update cannot absorb a field-sized step within the 32-bit weights).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "tanh", "leaky"})
    void aGradientOffTheIntegersIsRejected(String f) {
        String failure = check(f, w -> {
            TrainingPlan.Derivative d = derivative(w);
            int x = busy(w);
            long c = TrainingAttackReviewTest.get(w, d.remainder().name(), x);
            long moved = c > 0 ? c - 1 : c + 1;
            long product = Goldilocks.mul(w.tensor(d.slope().name())[x], w.tensor(w.circuit().training().layers().get(1).backT().name())[x]);
            long delta = Goldilocks.mul(Goldilocks.sub(product, fromSigned(moved)), Goldilocks.inverse(1L << BITS));
            TrainingAttackReviewTest.set(w, d.remainder().name(), x, moved);
            long[] v = w.tensor(d.delta().name()).clone();
            v[x] = delta;
            w.replace(d.delta().name(), v);
        });
        assertNotNull(failure);
        assertTrue(failure.contains("dense0."), failure);
    }

    /** A derivative one off the table's, δ and c computed honestly from it: only the lookup of (t, f(t), f'(t)) can catch it. */
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "tanh", "leaky"})
    void aDerivativeThatIsNotTheTablesIsRejected(String f) {
        String failure = check(f, w -> {
            TrainingPlan.Derivative d = derivative(w);
            int x = busy(w);
            chainWith(w, d, x, TrainingAttackReviewTest.get(w, d.slope().name(), x) + 1);
        });
        assertNotNull(failure);
        assertTrue(failure.contains("activation"), failure);
    }

    /**
     * After a sigmoid of 6 outputs (padded to 8, where it holds f(0) = ½), a prover that takes the
     * layer's input with its padding into the weight gradient (and so moves the weights' padding
     * columns, recomputing every update from it) is caught by the relation that clears the padding.
     */
    @Test
    void aGradientThatMovesThePaddingWeightsIsRejected() {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 6, 3}, new Activation[] {activation("sigmoid"),
            Activation.IDENTITY}, 10, ROWS.length, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Circuit circuit = c.circuit();
        TrainingPlan.LayerStep top = circuit.training().layers().get(1);
        assertTrue(top.gradientInput() != top.input(), "the gradient takes a copy of the sigmoid's output without its padding");
        Witness.Deviation padded = new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                w.replace(top.gradientInput().name(), w.tensor(top.input().name()).clone());
                TrainingAttackReviewTest.recomputeBackward(w, 1); // from a, padding included
            }
        };
        long[][] model = ModelVectors.build(circuit);
        assertNull(CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), Witness.Deviation.HONEST, 3));
        String failure = CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), padded, 3);
        assertNotNull(failure);
        assertTrue(failure.contains("input.unpadded"), failure);
    }

    /** The ReLU path for a sigmoid layer: δ = t' where t ≥ 0 (as if the derivative were 1), the chain's c made to fit. */
    @Test
    void aSigmoidTreatedAsIdentityIsRejected() {
        String failure = check("sigmoid", w -> {
            TrainingPlan.Derivative d = derivative(w);
            int x = busy(w);
            long backT = toSigned(w.tensor(w.circuit().training().layers().get(1).backT().name())[x]);
            long slope = TrainingAttackReviewTest.get(w, d.slope().name(), x);
            TrainingAttackReviewTest.set(w, d.delta().name(), x, backT);
            TrainingAttackReviewTest.set(w, d.remainder().name(), x, slope * backT - (backT << BITS));
        });
        assertNotNull(failure);
    }
}
