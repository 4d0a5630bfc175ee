package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A prover that deviates from the model in one place, and claims the output its deviation gives:
 * each check of the circuit must catch it. Each test first confirms that the deviation changes
 * the claimed output (or a committed value), so it cannot pass vacuously. Deviating provers that
 * look up values missing from a table count a legitimate tuple in their place and build their
 * fraction trees from it, so the LogUp sums balance and only the trees' leaves, checked against
 * the committed columns, can object.
 */
class DishonestProverTest {
    /** Proves with a deviation and returns the claimed outputs and whether the proof verified. */
    static boolean verifies(QuantizedModel m, long[] x, Witness.Deviation deviation) {
        return verifies(m, x, Circuit.Options.DEFAULT, deviation);
    }

    private static boolean verifies(QuantizedModel m, long[] x, Circuit.Options options, Witness.Deviation deviation) {
        return checkerFailure(m, x, options, deviation) == null;
    }

    /**
     * Proves one inference of m on x with a deviating prover and verifies it; returns the debug
     * checker's first failing check, or null when the proof verifies (the checker must name a failure
     * exactly when the proof is rejected).
     */
    static String checkerFailure(QuantizedModel m, long[] x, Circuit.Options options, Witness.Deviation deviation) {
        Circuit circuit = CircuitCompiler.compile(m, 1, options);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment model = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, PARAMS, vectors, List.of(x)), DIGEST, p,
                new Random(2), Progress.NONE, deviation);
        boolean verified;
        try {
            List<long[]> inputs = options.privateInput() ? java.util.Collections.singletonList(null) : List.of(x);
            InferenceProtocolTest.verify(new InferenceProtocolTest.Proven(circuit, model, List.of(x), outputs, p.proof()), inputs,
                    outputs, p.proof());
            verified = true;
        } catch (InvalidProofException e) {
            verified = false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String failure = CircuitChecker.firstFailure(circuit, vectors, List.of(x), deviation, 3);
        assertEquals(verified, failure == null, "the checker says: " + failure);
        return failure;
    }

    private static int firstNegative(long[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                return i;
            }
        }
        throw new AssertionError("no negative value to cheat on");
    }

    @Test
    void honestProverWithTheHarnessVerifies() {
        QuantizedModel m = TestModels.reluOutput(1);
        assertTrue(verifies(m, TestModels.input(40, 2), Witness.Deviation.HONEST));
    }

    @Test
    void reluLettingANegativeValueThroughIsRejected() {
        QuantizedModel m = TestModels.reluOutput(1);
        long[] x = TestModels.input(40, 2);
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] t = trace.layers().get("fc").requantized();
                int i = firstNegative(t);
                trace.values().get("y")[i] = t[i]; // claims ReLU(t) = t < 0
            }
        }));
    }

    @Test
    void reluWithAForgedSignIsRejected() {
        QuantizedModel m = TestModels.reluOutput(1);
        long[] x = TestModels.input(40, 2);
        int[] cheated = {-1};
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] t = trace.layers().get("fc").requantized();
                cheated[0] = firstNegative(t);
                trace.values().get("y")[cheated[0]] = t[cheated[0]];
            }

            public void alterWitness(Witness w) {
                long[] sign = w.tensor("fc.sign").clone();
                sign[cheated[0]] = 1; // now y = sign·t holds, but (hi < 0, 1) is not in the sign table
                w.replace("fc.sign", sign);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {tuple[0], 0}; // counted and inverted as the honest pair (hi, 0)
            }
        }));
    }

    @Test
    void requantisationOffByOneIsRejected() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, io.zkml4j.model.quant.Activation.RELU, 3);
        long[] x = TestModels.input(40, 4);
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("y")[3] += 1;
                trace.layers().get("fc2").requantized()[3] += 1; // the identity output is t itself
            }
        }));
    }

    @Test
    void remainderMovedIntoTheOutputIsRejected() {
        // t + 1 and r − 2^k keep acc = 2^k·t + r − 2^(k−1) exact: only the remainder's range check can object.
        QuantizedModel m = TestModels.mlp(40, 20, 10, io.zkml4j.model.quant.Activation.RELU, 3);
        long[] x = TestModels.input(40, 4);
        int shift = ((io.zkml4j.model.quant.QLayer.Dense) m.layers().get(1)).requant().shift();
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("y")[3] += 1;
                trace.layers().get("fc2").requantized()[3] += 1;
            }

            public void alterWitness(Witness w) {
                // Limbs of r − 2^k: the low limbs unchanged, the top limb lowered by 2^(k − 8·(count−1)).
                List<String> limbs = List.of("fc2.r0", "fc2.r1");
                long[] top = w.tensor(limbs.get(1)).clone();
                int position = positionOf(w, "y", 3);
                top[position] = Goldilocks.sub(top[position], 1L << (shift - 8));
                w.replace(limbs.get(1), top);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }));
    }

    @Test
    void fractionalTopLimbIsRejected() {
        // Shift 9: the remainder's top limb has one bit. A limb of 255/128 (a field element, not an
        // integer) passes a lookup of 128·limb in the 8-bit table and lets the remainder reach
        // r + 2^9, so t − 1 would be claimed; the limb's own lookup must refuse it.
        QuantizedModel m = TestModels.mlp(40, 20, 10, io.zkml4j.model.quant.Activation.RELU, 3);
        assertEquals(9, ((io.zkml4j.model.quant.QLayer.Dense) m.layers().get(1)).requant().shift());
        long[] x = TestModels.input(40, 4);
        int[] target = {-1};
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] r = trace.layers().get("fc2").remainder();
                for (int i = 0; i < r.length && target[0] < 0; i++) {
                    if (r[i] <= 253) {
                        target[0] = i;
                    }
                }
                assertTrue(target[0] >= 0);
                trace.values().get("y")[target[0]] -= 1;
                trace.layers().get("fc2").requantized()[target[0]] -= 1;
            }

            public void alterWitness(Witness w) {
                int pos = positionOf(w, "y", target[0]);
                long[] r0 = w.tensor("fc2.r0").clone();
                long[] r1 = w.tensor("fc2.r1").clone();
                long r = Goldilocks.toSigned(r0[pos]) + 256 * Goldilocks.toSigned(r1[pos]);
                r0[pos] = r + 2; // r + 2^9 = (r + 2) + 2^8·(255/128)
                r1[pos] = Goldilocks.mul(255, Goldilocks.inverse(128));
                w.replace("fc2.r0", r0);
                w.replace("fc2.r1", r1);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }));
    }

    /** x[1] → Dense(w = 1, b = 0, shift 8) → y: for 16-bit x, y = round(x/256) lies in [−128, 128]. */
    private static QuantizedModel identityScale() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {1}, 1);
        b.layer(new io.zkml4j.model.quant.QLayer.Dense("fc", "x", "y", 1, 1, new long[] {1}, new long[] {0},
                new io.zkml4j.model.quant.Requant(8, io.zkml4j.model.quant.Activation.IDENTITY)), 1);
        return b.build("identity-scale", "y");
    }

    @Test
    void privateInputOutsideTheSixteenBitRangeIsRejected() {
        // Found by the independent review: nothing bounded a private input, so an output no 16-bit
        // input gives (30000 here) could be proven from the input 256·30000.
        QuantizedModel m = identityScale();
        assertFalse(verifies(m, new long[] {0}, new Circuit.Options(true), new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("x")[0] = 256L * 30000;
                trace.values().get("y")[0] = 30000;
                trace.layers().get("fc").requantized()[0] = 30000;
                trace.layers().get("fc").remainder()[0] = 128; // acc + 2^7 − 2^8·t
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }));
    }

    @Test
    void privateInputWithNonZeroPaddingIsRejected() {
        QuantizedModel m = identityScale();
        assertFalse(verifies(m, new long[] {5}, new Circuit.Options(true), new Witness.Deviation() {
            public void alterWitness(Witness w) {
                long[] x = w.tensor("x").clone();
                x[1] = 7; // a padding position; its range limbs are made consistent, so only the padding check can object
                w.replace("x", x);
                long[] lo = w.tensor("x#range.limb0").clone();
                long[] hi = w.tensor("x#range.limb1").clone();
                lo[1] = (7 + 32768) & 255;
                hi[1] = (7 + 32768) >> 8;
                w.replace("x#range.limb0", lo);
                w.replace("x#range.limb1", hi);
            }
        }));
    }

    /** Where logical element i of a tensor sits in sample 0 of its proof vector. */
    private static int positionOf(Witness w, String tensor, int i) {
        return w.circuit().tensor(tensor).layout().proofIndex()[i];
    }

    @Test
    void maxPoolClaimingMoreThanTheMaximumIsRejected() {
        QuantizedModel m = TestModels.poolOutput(5);
        long[] x = TestModels.input(m.inputSpec().size(), 6);
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.values().get("y")[7] += 1; // every difference stays ≥ 0, none is 0
            }
        }));
    }

    @Test
    void maxPoolClaimingTheMinimumIsRejected() {
        QuantizedModel m = TestModels.poolOutput(5);
        long[] x = TestModels.input(m.inputSpec().size(), 6);
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] c = trace.values().get("c"); // [3, 8, 8]; output [3, 4, 4], 3×3 windows, stride 2, pad 1
                long min = Long.MAX_VALUE;
                for (int kh = 0; kh < 2; kh++) {
                    for (int kw = 0; kw < 2; kw++) {
                        min = Math.min(min, c[kh * 8 + kw]); // output (0, 0, 0) covers input rows/cols 0..1
                    }
                }
                assertNotEquals(min, trace.values().get("y")[0]);
                trace.values().get("y")[0] = min;
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }));
    }

    @Test
    void rangeLimbsThatDoNotRecomposeAreRejected() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, io.zkml4j.model.quant.Activation.IDENTITY, 7);
        long[] x = TestModels.input(40, 8);
        assertFalse(verifies(m, x, new Witness.Deviation() {
            public void alterWitness(Witness w) {
                long[] lo = w.tensor("fc1.t.limb0").clone();
                lo[0] = (Goldilocks.toSigned(lo[0]) + 1) % 256; // still in range, no longer t + 2^15's low byte
                w.replace("fc1.t.limb0", lo);
            }
        }));
    }
}
