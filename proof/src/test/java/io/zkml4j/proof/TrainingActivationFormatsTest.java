package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.zkml4j.core.field.Goldilocks.toSigned;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain rule through sigmoid, tanh and leaky ReLU at the edges of the format: 1 activation
 * fraction bit (derivatives with 2 fraction bits, the remainder in [−2, 2)) and 12 or 13 (24 or 26
 * bits, the remainder in four 8-bit limbs): the honest step satisfies every relation, and a δ
 * rounded the wrong way (remainder moved by 2^bits) is caught by the remainder's range.
 */
class TrainingActivationFormatsTest {
    static final long[] ROWS = {1, 4, 7, 2};

    static Activation activation(String name, int fa) {
        double scale = Math.scalb(1.0, -fa);
        return switch (name) {
            case "sigmoid" -> Activation.sigmoid(scale, fa);
            case "tanh" -> Activation.tanh(scale, fa);
            case "leaky" -> Activation.leakyRelu(0.3);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static String check(String name, TrainingSpec.Loss loss, int fa, int fg, int fw, boolean wrong) {
        TrainingSpec.Format format = new TrainingSpec.Format(fa, fg, fw, 16);
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 6, 3}, new Activation[] {activation(name, fa), Activation.IDENTITY},
                10, ROWS.length, 8, loss, 3, format);
        Circuit circuit = c.circuit();
        Witness.Deviation deviation = !wrong ? Witness.Deviation.HONEST : new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                TrainingPlan.Derivative d = w.circuit().training().layers().get(1).derivative();
                long[] backT = w.tensor(w.circuit().training().layers().get(1).backT().name());
                long[] slope = w.tensor(d.slope().name());
                for (int x = 0; x < backT.length; x++) {
                    if (toSigned(backT[x]) != 0 && toSigned(slope[x]) != 0) {
                        TrainingAttackReviewTest.set(w, d.delta().name(), x, TrainingAttackReviewTest.get(w, d.delta().name(), x) + 1);
                        TrainingAttackReviewTest.set(w, d.remainder().name(), x, TrainingAttackReviewTest.get(w, d.remainder().name(), x) - (1L << d.bits()));
                        TrainingAttackReviewTest.recomputeBackward(w, 0);
                        return;
                    }
                }
                throw new AssertionError("no gradient flows back");
            }

            @Override
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) { // counted in place of the limb out of range
                return TrainingProtocolTest.anyRow(table);
            }
        };
        return CircuitChecker.firstFailure(circuit, ModelVectors.build(circuit), c.datasetTables(), c.batch(ROWS), ROWS, c.inputs(ROWS), deviation, 3);
    }

    @ParameterizedTest
    @CsvSource({"sigmoid, CROSS_ENTROPY, 1, 12, 16", "tanh, CROSS_ENTROPY, 1, 12, 16", "leaky, CROSS_ENTROPY, 1, 12, 16",
        "sigmoid, CROSS_ENTROPY, 12, 14, 16", "tanh, CROSS_ENTROPY, 12, 14, 16", "leaky, CROSS_ENTROPY, 12, 14, 16",
        "sigmoid, MSE, 13, 14, 16", "tanh, MSE, 13, 14, 16", "leaky, MSE, 13, 14, 16"})
    void honestStepsAtTheFormatsEdgesSatisfyEveryRelationAndAWrongRoundingIsCaught(String name, TrainingSpec.Loss loss, int fa, int fg, int fw) {
        assertNull(check(name, loss, fa, fg, fw, false));
        String failure = check(name, loss, fa, fg, fw, true);
        assertNotNull(failure);
        assertTrue(failure.contains("derivative.r#range"), failure);
    }
}
