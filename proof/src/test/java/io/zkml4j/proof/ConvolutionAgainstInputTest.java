package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A convolution is proven against its input: its im2col matrix is not committed, and its value at
 * the relation's point is computed by the verifier (public input) or stated as a claim on the
 * committed input, masked by a mask of its own (private input). A prover whose convolution output
 * is not the convolution of its input is rejected either way, and the debug checker names the
 * convolution.
 */
class ConvolutionAgainstInputTest {
    private static final QuantizedModel CNN = TestModels.cnn(3);
    private static final long[] X = TestModels.input(2 * 8 * 8, 4);

    @Test
    void theWitnessCommitsNoIm2colMatrix() {
        for (boolean hidden : new boolean[] {false, true}) {
            Circuit circuit = CircuitCompiler.compile(CNN, 1, new Circuit.Options(hidden));
            long data = circuit.witnessVectors().stream().filter(s -> s.kind() == Circuit.VectorSpec.Kind.DATA && s.ref().name().contains("im2col"))
                    .count();
            long masks = circuit.witnessVectors().stream().filter(s -> s.kind() == Circuit.VectorSpec.Kind.MASK && s.ref().name().contains("im2col"))
                    .count();
            assertEquals(0, data, "no im2col data vector");
            assertEquals(hidden ? 1 : 0, masks, "a mask for the im2col value exactly when the input is committed");
        }
    }

    @Test
    void honestProofsVerifyWithPublicAndPrivateInput() {
        for (boolean hidden : new boolean[] {false, true}) {
            assertNull(DishonestProverTest.checkerFailure(CNN, X, new Circuit.Options(hidden), Witness.Deviation.HONEST), hidden ? "private" : "public");
        }
    }

    /**
     * The accumulator of one output position moved by one unit of the requantisation (2^9), at a
     * position whose requantised value stays negative, so ReLU still gives 0 and every layer after
     * it is unchanged: only the convolution's own equation is false.
     */
    @Test
    void anOutputThatIsNotTheConvolutionOfItsInputIsRejected() {
        for (boolean hidden : new boolean[] {false, true}) {
            boolean[] changed = {false};
            String failure = DishonestProverTest.checkerFailure(CNN, X, new Circuit.Options(hidden), new Witness.Deviation() {
                public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                    QuantizedExecutor.LayerTrace conv = trace.layers().get("conv1");
                    for (int i = 0; i < conv.requantized().length; i++) {
                        if (conv.requantized()[i] <= -2) {
                            conv.accumulator()[i] += 1 << 9;
                            conv.requantized()[i] += 1;
                            changed[0] = true;
                            return;
                        }
                    }
                }
            });
            assertTrue(changed[0], "no negative position to cheat on");
            assertNotNull(failure, (hidden ? "private" : "public") + " input: the forged convolution verified");
            assertTrue(failure.contains("conv.conv1"), "the checker names the convolution: " + failure);
        }
    }

    /**
     * A prover that convolves another input than the one it commits: the model run on x' (one pixel
     * moved), x committed in its place, and x' gathered into the im2col values, so the convolution's
     * own sumcheck holds. Only the claim tying the im2col value to the committed input can object.
     */
    @Test
    void aConvolutionOfAnotherInputThanTheCommittedOneIsRejected() {
        Circuit circuit = CircuitCompiler.compile(CNN, 1, new Circuit.Options(true));
        int at = circuit.tensor("x").layout().proofIndex()[9]; // an interior pixel of channel 0: every 3×3 kernel around it reads it
        long[] other = X.clone();
        other[9] += 1;
        String failure = DishonestProverTest.checkerFailure(CNN, other, new Circuit.Options(true), new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("x")[9] -= 1; // x committed; the rest of the trace is the run on x'
            }

            public long[] convolutionInput(String layer, long[] committed) {
                long[] convolved = committed.clone();
                convolved[at] = io.zkml4j.core.field.Goldilocks.add(convolved[at], 1);
                return convolved;
            }
        });
        assertNotNull(failure, "a convolution of another input than the committed one verified");
        assertFalse(failure.contains("conv.conv1': its sum"), "the convolution's own sum holds, only its input claim fails: " + failure);
    }
}
