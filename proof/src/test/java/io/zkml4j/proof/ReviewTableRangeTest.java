package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.circuit.RequantPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of 80a2d8c (change 2): range checks of 9..16 bits, requantisation remainders and ReLU
 * take one lookup in a table of exactly their range when the vector is large. Each dishonest
 * witness moves a value just outside its range, keeps every linear relation exact and counts a
 * legitimate tuple in its place so the LogUp sums balance: only the new lookup can object.
 */
class ReviewTableRangeTest {
    static final int BATCH = 128; // mlp(20,16,10): hidden 32·128 = 4096 ≥ 2^12, output 16·128 = 2048 ≥ 2^9

    static List<long[]> inputs(int n, int count, long seed) {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(TestModels.input(n, seed + b));
        }
        return out;
    }

    /** Checker verdict; with {@code prove} also a full proof, which must agree with it. */
    static boolean verifies(QuantizedModel m, List<long[]> xs, Circuit.Options options, Witness.Deviation d, boolean prove) {
        Circuit circuit = CircuitCompiler.compile(m, xs.size(), options);
        long[][] vectors = ModelVectors.build(circuit);
        String failure = CircuitChecker.firstFailure(circuit, vectors, xs, d, 3);
        System.out.println("checker: " + failure);
        if (!prove) {
            return failure == null;
        }
        SealedCommitment model = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, PARAMS, vectors, xs), DIGEST, p,
                new Random(2), Progress.NONE, d);
        boolean verified;
        try {
            List<long[]> ins = options.privateInput() ? java.util.Collections.nCopies(xs.size(), (long[]) null) : xs;
            InferenceProtocolTest.verify(new InferenceProtocolTest.Proven(circuit, model, xs, outputs, p.proof()), ins, outputs, p.proof());
            verified = true;
        } catch (InvalidProofException e) {
            System.out.println("verifier: " + e.getMessage());
            verified = false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(verified, failure == null, "checker and verifier disagree; checker says " + failure);
        return verified;
    }

    static RequantPlan requantOf(Circuit c, String layer) {
        for (LayerPlan l : c.layers()) {
            if (l instanceof LayerPlan.Dense d && d.layer().name().equals(layer)) {
                return d.requant();
            }
        }
        throw new AssertionError("no dense layer " + layer);
    }

    static TablePlan tableOf(Circuit c, String lookupLabel) {
        for (LookupPlan l : c.lookups()) {
            if (l.looksUp(lookupLabel)) {
                return c.tables().get(l.table());
            }
        }
        throw new AssertionError("no lookup " + lookupLabel + " in " + c.lookups().stream().map(LookupPlan::label).toList());
    }

    static QuantizedModel mlp() {
        return TestModels.mlp(20, 16, 10, Activation.RELU, 3);
    }

    @Test
    void largeBatchesTakeTheTablePathsWithTablesOfExactlyTheirRange() {
        Circuit c = CircuitCompiler.compile(mlp(), BATCH, Circuit.Options.DEFAULT);
        for (TablePlan t : c.tables()) {
            System.out.println(t.label() + " kind=" + t.kind() + " bits=" + t.bits() + " rows=2^" + t.numVars());
            if (t.kind() == TablePlan.Kind.RANGE) {
                assertEquals(t.bits(), t.numVars(), t.label());
                assertEquals(-1, t.rowOf(new long[] {1L << t.bits()}));
                assertEquals(-1, t.rowOf(new long[] {-1}));
                assertEquals((1 << t.bits()) - 1, t.rowOf(new long[] {(1L << t.bits()) - 1}));
            }
        }
        RequantPlan fc1 = requantOf(c, "fc1"), fc2 = requantOf(c, "fc2");
        assertEquals(1, fc1.limbs().size());
        assertEquals(1, fc2.limbs().size());
        assertEquals(12, tableOf(c, "fc1.r").numVars());
        assertEquals(9, tableOf(c, "fc2.r").numVars());
        assertNotEquals(c.lookups().stream().filter(l -> l.looksUp("fc1.r")).findFirst().orElseThrow().table(),
                c.lookups().stream().filter(l -> l.looksUp("fc2.r")).findFirst().orElseThrow().table(), "two ranges, two tables");
    }

    @Test
    void honestBatchVerifies() {
        assertTrue(verifies(mlp(), inputs(20, BATCH, 10), Circuit.Options.DEFAULT, Witness.Deviation.HONEST, true));
    }

    /** t ± 1 and r ∓ 2^shift at one position of one sample (identity layer fc2, single remainder r in [0, 2^9)). */
    private static Witness.Deviation shiftRemainder(int sample, int index, int direction, int shift) {
        return new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                if (b == sample) {
                    trace.values().get("y")[index] += direction;
                    trace.layers().get("fc2").requantized()[index] += direction;
                }
            }

            public void alterWitness(Witness w) {
                int pos = sample * w.circuit().tensor("fc2.r").layout().sampleSize() + w.circuit().tensor("y").layout().proofIndex()[index];
                long[] r = w.tensor("fc2.r").clone();
                r[pos] = Goldilocks.sub(r[pos], Goldilocks.fromSigned(direction * (1L << shift)));
                w.replace("fc2.r", r);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        };
    }

    @Test
    void remainderMovedIntoTheOutputOnTheTablePathIsRejected() {
        QuantizedModel m = mlp();
        assertEquals(9, ((QLayer.Dense) m.layers().get(1)).requant().shift());
        // t + 1, r − 2^9 (negative): the relation holds, the 2^9 table must refuse r
        assertFalse(verifies(m, inputs(20, BATCH, 10), Circuit.Options.DEFAULT, shiftRemainder(5, 3, +1, 9), true));
    }

    @Test
    void remainderAboveItsRangeOnTheTablePathIsRejected() {
        // t − 1, r + 2^9 in [2^9, 2^10): inside a 10-bit (or 12-bit: fc1's) table but not the 9-bit one
        assertFalse(verifies(mlp(), inputs(20, BATCH, 10), Circuit.Options.DEFAULT, shiftRemainder(7, 2, -1, 9), true));
    }

    @Test
    void reluLayerRemainderAboveItsRangeIsRejected() {
        // fc1: shift 12, single remainder in the 2^12 table. Choose a position with t and t − 1 both < 0, so h = 0 is unchanged.
        QuantizedModel m = mlp();
        List<long[]> xs = inputs(20, BATCH, 10);
        int[] target = {-1, -1};
        Witness.Deviation d = new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                long[] t = trace.layers().get("fc1").requantized();
                if (target[0] < 0) {
                    for (int i = 0; i < t.length; i++) {
                        if (t[i] < 0) {
                            target[0] = b;
                            target[1] = i;
                            break;
                        }
                    }
                }
                if (b == target[0]) {
                    t[target[1]] -= 1;
                }
            }

            public void alterWitness(Witness w) {
                int pos = target[0] * w.circuit().tensor("fc1.r").layout().sampleSize() + w.circuit().tensor("h").layout().proofIndex()[target[1]];
                long[] r = w.tensor("fc1.r").clone();
                r[pos] = Goldilocks.add(r[pos], 1L << 12);
                w.replace("fc1.r", r);
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return table.kind() == TablePlan.Kind.RANGE ? new long[] {0} : null;
            }
        };
        assertFalse(verifies(m, xs, Circuit.Options.DEFAULT, d, true));
        assertTrue(target[0] >= 0);
    }

    /** x[40] → Dense 32 + ReLU (output): at batch 2048 the ReLU output has 2^16 positions, so ReLU uses the (t, relu t) table. */
    @Test
    void reluTablePathLettingANegativeThroughIsRejected() {
        QuantizedModel m = TestModels.reluOutput(1);
        int batch = 2048;
        Circuit c = CircuitCompiler.compile(m, batch, Circuit.Options.DEFAULT);
        assertTrue(c.relus().isEmpty(), "sign decomposition replaced");
        assertEquals(TablePlan.Kind.ACTIVATION, tableOf(c, "fc.activation").kind());
        List<long[]> xs = inputs(40, batch, 40);
        int[] cheated = {-1};
        Witness.Deviation d = new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                if (b == 9) {
                    long[] t = trace.layers().get("fc").requantized();
                    for (int i = 0; i < t.length; i++) {
                        if (t[i] < 0) {
                            cheated[0] = i;
                            trace.values().get("y")[i] = t[i];
                            return;
                        }
                    }
                }
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {tuple[0], 0};
            }
        };
        assertFalse(verifies(m, xs, Circuit.Options.DEFAULT, d, true));
        assertTrue(cheated[0] >= 0);
    }

    /** x[1] → Dense(w = 1, b = 0, shift 8) → y: for 16-bit x, y = round(x/256). */
    private static QuantizedModel identityScale() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {1}, 1);
        b.layer(new QLayer.Dense("fc", "x", "y", 1, 1, new long[] {1}, new long[] {0}, new Requant(8, Activation.IDENTITY)), 1);
        return b.build("identity-scale", "y");
    }

    @Test
    void privateInputOutsideSixteenBitsOnTheTablePathIsRejected() {
        // Input sample 32 positions (minimum block); batch 2048 → 2^16 positions: "x#range" is one lookup in range16.
        QuantizedModel m = identityScale();
        int batch = 2048;
        Circuit c = CircuitCompiler.compile(m, batch, new Circuit.Options(true));
        System.out.println("input positions " + c.tensor("x").layout().size());
        TablePlan t = tableOf(c, "x#range");
        assertEquals(16, t.numVars());
        List<long[]> xs = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            xs.add(new long[] {b});
        }
        assertFalse(verifies(m, xs, new Circuit.Options(true), new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                if (b == 3) {
                    trace.values().get("x")[0] = 256L * 30000;
                    trace.values().get("y")[0] = 30000;
                    trace.layers().get("fc").requantized()[0] = 30000;
                    trace.layers().get("fc").remainder()[0] = 128;
                }
            }

            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }, true));
    }
}
