package io.zkml4j.proof;

import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.zkml4j.core.field.Goldilocks.fromSigned;
import static io.zkml4j.core.field.Goldilocks.toSigned;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Second independent review of the training proof: momentum and weight decay (the PREVIOUS slot,
 * the roundings' ranges) and steps of one group proven in one shared sumcheck.
 */
class TrainingSecondReviewTest {
    private static final long LR = 6554, MOMENTUM = 58982, DECAY = 655; // 0.1, 0.9, 0.01 with 16 fraction bits

    // ---- helpers ----

    /** Applies {@code changes.get(firstRow)} to the step of STEPS whose batch starts with row firstRow (batch 4 only). */
    static Witness.Deviation atSteps(DatasetKey data, Map<Integer, Consumer<Witness>> changes, boolean lookupsAnyway) {
        return new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                for (Map.Entry<Integer, Consumer<Witness>> e : changes.entrySet()) {
                    long[] marker = Arrays.stream(data.values()[e.getKey()]).map(io.zkml4j.core.field.Goldilocks::fromSigned).toArray();
                    if (w.circuit().batch() == 4 && Arrays.equals(Arrays.copyOf(w.tensor("training.features"), marker.length), marker)) {
                        e.getValue().accept(w);
                    }
                }
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return lookupsAnyway ? TrainingProtocolTest.anyRow(table) : null;
            }
        };
    }

    static DatasetKey data() throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, TrainingProtocolTest.ROWS, 4,
                8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        return TrainingProtocolTest.dataset(c);
    }

    /**
     * A prover whose step reads its own weights W_t as "the weights one step back" (no velocity: the
     * momentum term is 0 everywhere) and is otherwise consistent: m = 0, its remainders 2^(fr−1),
     * W' = W − g − d. Every relation and linear check of the step holds on this witness (it is
     * what CircuitChecker, which reads PREVIOUS as the model, builds honestly); only the protocol's
     * mapping of PREVIOUS to W_{t−1} can catch it.
     */
    static void forgetTheVelocity(Witness w) {
        try {
            java.lang.reflect.Field model = Witness.class.getDeclaredField("model");
            java.lang.reflect.Field previous = Witness.class.getDeclaredField("previous");
            model.setAccessible(true);
            previous.setAccessible(true);
            long[][] current = (long[][]) model.get(w);
            previous.set(w, Arrays.stream(current).map(long[]::clone).toArray(long[][]::new));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        TrainingPlan plan = w.circuit().training();
        int fr = plan.spec().format().rateFraction();
        for (TrainingPlan.LayerStep s : plan.layers()) {
            noMomentum(w, s.weight(), s.nextWeight(), s.weightUpdate(), fr);
            noMomentum(w, s.bias(), s.nextBias(), s.biasUpdate(), fr);
        }
    }

    private static void noMomentum(Witness w, TensorPlan param, TensorPlan next, TrainingPlan.Update u, int fr) {
        long[] weights = w.tensor(param.name());
        long[] g = w.tensor(u.step().name());
        long[] d = u.decay() == null ? null : w.tensor(u.decay().name());
        int n = weights.length;
        long[] m = new long[n], mr = new long[n], nx = new long[n];
        for (int x = 0; x < n; x++) {
            mr[x] = 1L << (fr - 1);
            long after = toSigned(weights[x]) - toSigned(g[x]) - (d == null ? 0 : toSigned(d[x]));
            nx[x] = fromSigned(after);
        }
        w.replace(u.momentum().name(), m);
        w.replace(u.momentumRemainder().name(), mr);
        w.replace(next.name(), nx);
    }

    // ---- momentum: the PREVIOUS slot ----

    /**
     * Steps computed without the velocity, the rest of the chain following: step 2 alone (its W_{t−1}
     * is step 0's new weights, in a witness commitment), step 1 alone (its W_{t−1} is the public
     * initial weights, which the verifier evaluates itself), and every step (plain SGD passed off as
     * SGD with momentum: each step consistent with PREVIOUS read as its own W_t, which a protocol
     * mapping PREVIOUS one step too few back would accept). All rejected.
     */
    @Test
    void aStepThatIgnoresTheVelocityIsRejected() throws Exception {
        DatasetKey data = data();
        Consumer<Witness> forget = TrainingSecondReviewTest::forgetTheVelocity;
        long[][] steps = TrainingProtocolTest.STEPS;
        TrainingProtocolTest.Run honest = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, steps, steps, Witness.Deviation.HONEST, LR,
                MOMENTUM, DECAY);
        for (Map<Integer, Consumer<Witness>> at : List.of(Map.of(6, forget), Map.of(0, forget), Map.of(1, forget, 0, forget, 6, forget))) {
            TrainingProtocolTest.Run forged = TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, steps, steps, atSteps(data, at, false), LR,
                    MOMENTUM, DECAY);
            assertFalse(Arrays.deepEquals(honest.inputs().weights()[steps.length], forged.inputs().weights()[steps.length]),
                    "the forged steps train to other weights");
            TrainingProtocolTest.assertRejected(forged);
        }
    }

    /**
     * A short batch between two full ones: three groups, three circuits' worth of renumbering; step 2's
     * PREVIOUS lands on step 0's new weights across a group of another circuit. Honest: verifies.
     */
    @Test
    void momentumAcrossAShortBatchInTheMiddleVerifies() throws Exception {
        long[][] steps = {{1, 4, 7, 2}, {0, 3, 5}, {6, 8, 2, 1}};
        TrainingProtocolTest.Run r = TrainingProtocolTest.run(TrainingSpec.Loss.MSE, steps, steps, Witness.Deviation.HONEST, LR, MOMENTUM, DECAY);
        TrainingProtocolTest.verify(r, TrainingProtocolTest.prove(r));
    }

    // ---- steps proven together ----

    /**
     * Errors in one relation of two steps of one group that cancel under a coefficient shared by the
     * steps: δ one higher at step 1 and one lower at step 2, at the same position, each backward pass
     * recomputed from it (so only "p·R = δ + 2^fg·L" fails, by −eq(τ, x) at step 1 and +eq(τ, x) at
     * step 2, τ shared by the circuit). Per-(member, relation) coefficients reject it.
     */
    @Test
    void errorsOfTwoStepsThatWouldCancelAreRejected() throws Exception {
        DatasetKey data = data();
        Consumer<Witness> up = w -> {
            TrainingProtocolTest.add(w, "training.delta", 0, 1);
            TrainingAttackReviewTest.recomputeBackward(w, TrainingAttackReviewTest.lastLayer(w));
        };
        Consumer<Witness> down = w -> {
            TrainingProtocolTest.add(w, "training.delta", 0, -1);
            TrainingAttackReviewTest.recomputeBackward(w, TrainingAttackReviewTest.lastLayer(w));
        };
        TrainingProtocolTest.assertRejected(TrainingProtocolTest.run(TrainingSpec.Loss.CROSS_ENTROPY, TrainingProtocolTest.STEPS,
                TrainingProtocolTest.STEPS, atSteps(data, Map.of(0, up, 6, down), true), LR));
    }

    // ---- weight decay: the range of its term ----

    /**
     * decayBits gives the decay term the range [−2^(bits−1), 2^(bits−1)) with bits = 2 + ⌊log2 L⌋ for
     * L = lr·λ·2^(31−2fr), the largest |lr·λ·w / 2^(2fr)|. But the term is rounded to nearest: when
     * L lies in [2^(bits−1) − ½, 2^(bits−1)) a weight near 2^31 rounds to 2^(bits−1), out of range.
     * With fr = 20, lr = 1920/2^20, λ = 1/2^20 (a spec the constructor accepts): L = 3.75, bits = 3,
     * and w = 2^31 − 1 gives d = round(3.75 − 2^−29) = 4 ∉ [−4, 4). An honest step on such a model
     * fails its own range check (completeness). From review; fixed: the range has one more bit.
     */
    @Test
    void theDecayTermOfTheLargestWeightFitsItsRange() {
        TrainingSpec.Format format = new TrainingSpec.Format(8, 12, 16, 20);
        long lr = 1920, lambda = 1;
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, 10, 4, 8,
                TrainingSpec.Loss.MSE, 3);
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Loss.MSE, 4, 10, 5, 3, 16, c.spec().rescale(), format, lr, 0, lambda); // accepted
        int fr = format.rateFraction();
        int bits = TrainingSpec.decayBits(lr, lambda, format);
        long largest = (1L << 31) - 1;
        long d = Math.floorDiv(lr * lambda * largest + (1L << (2 * fr - 1)), 1L << (2 * fr)); // the witness's rounding
        assertTrue(d >= -(1L << (bits - 1)) && d < 1L << (bits - 1), "the honest decay term " + d + " of w = 2^31 − 1 leaves its " + bits
                + "-bit range (spec " + spec.learningRate() + ", " + spec.weightDecay() + ")");
    }

    /**
     * The same through an honest step's witness and the debug checker: a [5, 8, 3] network whose
     * first feature is 0 in every row, so the weight on it has no gradient and no effect, set to
     * 2^31 − 1. The honest witness failed the decay's range check (from review; fixed).
     */
    @Test
    void anHonestStepWithTheLargestWeightSatisfiesItsDecayRange() {
        TrainingSpec.Format format = new TrainingSpec.Format(8, 12, 16, 20);
        TrainingCircuitTest.Case base = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, 10, 4, 8,
                TrainingSpec.Loss.MSE, 3);
        long[][] values = Arrays.stream(base.values()).map(long[]::clone).toArray(long[][]::new);
        for (long[] row : values) {
            row[0] = 0;
        }
        long[][] weights = Arrays.stream(base.weights()).map(long[]::clone).toArray(long[][]::new);
        weights[0][0] = (1L << 31) - 1; // layer 0, output 0, input 0
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Loss.MSE, 4, 10, 5, 3, 16, base.spec().rescale(), format, 1920, 0, 1);
        TrainingCircuitTest.Case c = new TrainingCircuitTest.Case(base.arch(), weights, base.biases(), values, base.labels(), base.dataFraction(), spec);
        Circuit circuit = c.circuit();
        long[][] model = ModelVectors.build(circuit);
        long[] rows = {1, 4, 7, 2};
        String failure = CircuitChecker.firstFailure(circuit, model, c.datasetTables(), c.batch(rows), rows, c.inputs(rows), Witness.Deviation.HONEST, 3);
        assertNull(failure, "an honest step fails: " + failure);
    }
}
