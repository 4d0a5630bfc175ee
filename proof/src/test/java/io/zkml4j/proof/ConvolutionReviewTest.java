package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of convolutions proven against their input (no committed im2col), end to end: inputs whose
 * sample is wider than a row of the proof's commitment (the claim's explicit part is cut into
 * slices), as wide as a row, batches with a padded sample, strides, dilations, asymmetric padding,
 * groups, and a convolution whose input is a reshape of another convolution's committed output.
 * Honest proofs verify with public and private inputs; a prover that convolves another input than
 * the one it commits (or states) is rejected, and the debug checker agrees with the verifier. What a
 * proof reveals does not depend on a private input that the convolution reads with zero weights.
 */
class ConvolutionReviewTest {
    /**
     * x[3,20,20] (a sample of 4·512 = 2^11 positions: four rows of 2^9) → Conv 4×3×3, stride 2, pad 1
     * + ReLU → c1[4,10,10] (one row) → reshape [4,5,20] → grouped Conv (2 groups, 4 out, 3×3, stride
     * (1, 2), pads (1, 2, 1, 0), dilation (1, 2)) + ReLU → c2[4,5,9] → flatten → Dense 10.
     */
    static QuantizedModel wideConvs(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {3, 20, 20}, seed);
        QLayer.ConvGeometry g1 = TestModels.conv(3, 20, 20, 4, 3, 2, 1, 1);
        b.layer(new QLayer.Conv("conv1", "x", "c1", g1, b.ints(4 * 3 * 9, 100), b.ints(4, 3000), new Requant(9, Activation.RELU)), 4, 10, 10);
        b.layer(new QLayer.Reshape("reshape", "c1", "r1"), 4, 5, 20);
        QLayer.ConvGeometry g2 = new QLayer.ConvGeometry(4, 5, 20, 4, 3, 3, 1, 2, 1, 2, 1, 0, 1, 2, 2);
        assertEquals(5, g2.outH());
        assertEquals(9, g2.outW());
        b.layer(new QLayer.Conv("conv2", "r1", "c2", g2, b.ints(4 * 2 * 9, 100), b.ints(4, 3000), new Requant(8, Activation.RELU)), 4, 5, 9);
        b.layer(new QLayer.Reshape("flatten", "c2", "f"), 180);
        b.layer(new QLayer.Dense("fc", "f", "y", 180, 10, b.ints(1800, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("test-wide-convs", "y");
    }

    private static final QuantizedModel WIDE = wideConvs(41);

    private static List<long[]> inputs(int batch, long seed) {
        List<long[]> xs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            xs.add(TestModels.input(3 * 20 * 20, seed + i));
        }
        return xs;
    }

    /**
     * Proves m on the samples with a deviating prover and verifies (the inputs stated, or hidden);
     * returns the debug checker's first failure, or null when the proof verifies, and asserts that
     * the two agree.
     */
    static String failure(QuantizedModel m, List<long[]> xs, boolean hidden, Witness.Deviation deviation) {
        Circuit.Options options = new Circuit.Options(hidden);
        Circuit circuit = CircuitCompiler.compile(m, xs.size(), options);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment model = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, PARAMS, vectors, xs), DIGEST, p,
                new Random(2), Progress.NONE, deviation);
        boolean verified;
        try {
            List<long[]> stated = hidden ? Collections.nCopies(xs.size(), null) : xs;
            InferenceProtocolTest.verify(new InferenceProtocolTest.Proven(circuit, model, xs, outputs, p.proof()), stated, outputs, p.proof());
            verified = true;
        } catch (InvalidProofException e) {
            verified = false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String failure = CircuitChecker.firstFailure(circuit, vectors, xs, deviation, 3);
        assertEquals(verified, failure == null, "the checker says: " + failure);
        return failure;
    }

    @Test
    void theClaimsOnTheInputsAreCutIntoSlicesOrFillARow() {
        Circuit circuit = CircuitCompiler.compile(WIDE, 3, new Circuit.Options(true));
        List<LayerPlan.Conv> convs = circuit.layers().stream().filter(l -> l instanceof LayerPlan.Conv).map(l -> (LayerPlan.Conv) l).toList();
        assertEquals(2, convs.size());
        assertEquals(4 << PARAMS.logRowWidth(), convs.get(0).input().layout().sampleSize(), "conv1's input sample spans four rows");
        assertEquals(1 << PARAMS.logRowWidth(), convs.get(1).input().layout().sampleSize(), "conv2's input sample fills one row");
        assertEquals(2, convs.get(0).input().layout().batchVars(), "three samples padded to four");
        assertEquals(1, convs.get(1).groupVars());
        assertEquals(circuit.tensor("c1").vector(), convs.get(1).input().vector(), "conv2 reads c1's vector through the reshape");
    }

    /** x[1200] → reshape [3,20,20] → Conv 2×5×5, stride 3, no padding → flatten → Dense 10: the convolution reads an alias of the input. */
    static QuantizedModel reshapedInput(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {1200}, seed);
        b.layer(new QLayer.Reshape("image", "x", "img"), 3, 20, 20);
        QLayer.ConvGeometry g = TestModels.conv(3, 20, 20, 2, 5, 3, 0, 1);
        b.layer(new QLayer.Conv("conv", "img", "c", g, b.ints(2 * 3 * 25, 100), b.ints(2, 3000), new Requant(10, Activation.RELU)), 2, 6, 6);
        b.layer(new QLayer.Reshape("flatten", "c", "f"), 72);
        b.layer(new QLayer.Dense("fc", "f", "y", 72, 10, b.ints(720, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("test-reshaped-input", "y");
    }

    /** A convolution of a reshape of the input, public (the verifier's own im2col value from the stated values) or private. */
    @Test
    void aConvolutionOfAReshapedInputVerifies() {
        QuantizedModel m = reshapedInput(42);
        for (boolean hidden : new boolean[] {false, true}) {
            assertNull(failure(m, List.of(TestModels.input(1200, 43), TestModels.input(1200, 44)), hidden, Witness.Deviation.HONEST),
                    hidden ? "private" : "public");
        }
    }

    @Test
    void honestProofsVerify() {
        for (int batch : new int[] {1, 3}) {
            List<long[]> xs = inputs(batch, 50);
            for (boolean hidden : new boolean[] {false, true}) {
                assertNull(failure(WIDE, xs, hidden, Witness.Deviation.HONEST), "batch " + batch + (hidden ? " private" : " public"));
            }
        }
    }

    /**
     * Sample 1 of three: the statement's (or the commitment's) input is x, everything after it is the
     * run on x' (one value moved by one), and conv1 gathers x'. With a private input only the claim
     * tying conv1's im2col value to the committed input can object; with a public one the verifier's
     * own im2col value of the stated input.
     */
    @Test
    void aConvolutionOfAnotherInputThanTheProvenOneIsRejected() {
        Circuit circuit = CircuitCompiler.compile(WIDE, 3, new Circuit.Options(true));
        int logical = 1 * 400 + 7 * 20 + 13; // channel 1, row 7, column 13: read by conv1 (stride 2, pad 1) at (3..4, 6..7)
        int at = circuit.tensor("x").layout().sampleSize() + circuit.tensor("x").layout().proofIndex()[logical];
        List<long[]> xs = inputs(3, 60);
        long[] other = xs.get(1).clone();
        other[logical] += 1;
        QuantizedExecutor.Trace moved = QuantizedExecutor.run(WIDE, other);
        assertFalse(Arrays.equals(QuantizedExecutor.run(WIDE, xs.get(1)).layers().get("conv1").accumulator(),
                moved.layers().get("conv1").accumulator()), "the moved value changes conv1's accumulator");
        for (boolean hidden : new boolean[] {false, true}) {
            String failure = failure(WIDE, xs, hidden, new Witness.Deviation() {
                public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                    if (b != 1) {
                        return;
                    }
                    takeRunExceptInput(moved, trace, "x");
                }

                public long[] convolutionInput(String layer, long[] input) {
                    if (!layer.equals("conv1")) {
                        return input;
                    }
                    long[] convolved = input.clone();
                    convolved[at] = io.zkml4j.core.field.Goldilocks.add(convolved[at], 1);
                    return convolved;
                }
            });
            assertNotNull(failure, (hidden ? "private" : "public") + " input: a convolution of another input than the proven one verified");
            assertTrue(failure.contains("conv.conv1") && !failure.contains("its sum"),
                    "the convolution's own sum holds, only its im2col value of the input objects: " + failure);
        }
    }

    /**
     * conv2 (grouped, its input a reshape of c1) with every weight on input channel 0 zero: a prover
     * that gathers a changed value of that channel leaves the product, and so the sumcheck, as it
     * was; the claim on c1 must still refuse an im2col value that is not c1's.
     */
    @Test
    void anIm2colValueThatIsNotTheCommittedInputsIsRejected() {
        QuantizedModel m = withZeroChannel(WIDE, "conv2", 0);
        Circuit circuit = CircuitCompiler.compile(m, 1, new Circuit.Options(true));
        // Channel 0 of r1, row 2, column 6: read at output columns 2..4 (with stride 2, dilation 2 and pad 2 conv2 reads even columns only).
        int at = circuit.tensor("r1").layout().proofIndex()[2 * 20 + 6];
        String failure = failure(m, inputs(1, 70), true, new Witness.Deviation() {
            public long[] convolutionInput(String layer, long[] committed) {
                if (!layer.equals("conv2")) {
                    return committed;
                }
                long[] convolved = committed.clone();
                convolved[at] = io.zkml4j.core.field.Goldilocks.add(convolved[at], 5);
                return convolved;
            }
        });
        assertNotNull(failure, "an im2col value of another input than the committed one verified");
        assertTrue(failure.contains("conv.conv2") && !failure.contains("its sum"), "only conv2's input claim objects: " + failure);
    }

    /** The model with every weight of one convolution on input channel {@code channel} (of its group) zero. */
    static QuantizedModel withZeroChannel(QuantizedModel m, String conv, int channel) {
        List<QLayer> layers = new ArrayList<>();
        for (QLayer l : m.layers()) {
            if (l instanceof QLayer.Conv c && c.name().equals(conv)) {
                QLayer.ConvGeometry g = c.geometry();
                int kernel = g.kH() * g.kW();
                long[] w = c.weight().clone();
                for (int oc = 0; oc < g.outC(); oc++) {
                    Arrays.fill(w, (oc * g.groupInC() + channel) * kernel, (oc * g.groupInC() + channel + 1) * kernel, 0);
                }
                l = new QLayer.Conv(c.name(), c.input(), c.output(), g, w, c.bias(), c.requant());
            }
            layers.add(l);
        }
        return new QuantizedModel(m.name(), m.tensors(), m.input(), m.output(), layers);
    }

    /**
     * The convolution's revealed im2col value is masked: two private inputs that differ only on an
     * input channel conv1 reads with zero weights (so every tensor after the input is the same) give
     * proofs whose words are distributed alike. The im2col values differ, so an unmasked reveal, or a
     * mask shared with another reveal, would tell them apart.
     */
    @Test
    void proofsDoNotDependOnAPrivateInputTheConvolutionReadsWithZeroWeights() {
        QuantizedModel dead = withZeroChannel(TestModels.cnn(80), "conv1", 0);
        long[] x = TestModels.input(2 * 8 * 8, 81);
        long[] y = x.clone();
        for (int i = 0; i < 64; i++) { // channel 0
            y[i] = -x[i] + 17;
        }
        assertArrayEquals(QuantizedExecutor.run(dead, x).value("c1"), QuantizedExecutor.run(dead, y).value("c1"), "same convolution output");
        int runs = 40;
        Circuit.Options hidden = new Circuit.Options(true);
        InferenceZeroKnowledgeTest.assertIndistinguishable(InferenceZeroKnowledgeTest.transcripts(dead, hidden, x, runs, 3),
                InferenceZeroKnowledgeTest.transcripts(dead, hidden, y, runs, 4));
    }

    /** Copies a run's values (all but the input's) and layer traces into a trace: a prover that runs the model on another input than it commits. */
    static void takeRunExceptInput(QuantizedExecutor.Trace from, QuantizedExecutor.Trace to, String input) {
        from.values().forEach((name, v) -> {
            if (!name.equals(input)) {
                System.arraycopy(v, 0, to.values().get(name), 0, v.length);
            }
        });
        from.layers().forEach((name, l) -> {
            QuantizedExecutor.LayerTrace t = to.layers().get(name);
            System.arraycopy(l.accumulator(), 0, t.accumulator(), 0, l.accumulator().length);
            System.arraycopy(l.requantized(), 0, t.requantized(), 0, l.requantized().length);
            System.arraycopy(l.remainder(), 0, t.remainder(), 0, l.remainder().length);
        });
    }
}
