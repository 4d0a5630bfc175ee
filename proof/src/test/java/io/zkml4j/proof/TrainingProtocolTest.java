package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.core.field.Goldilocks.fromSigned;
import static io.zkml4j.core.field.Goldilocks.toSigned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Training proofs at the protocol level: honest runs verify (one step, one row, a batch of the
 * whole dataset, a short last batch); dishonest provers deviating in one place and wrong
 * statements are rejected.
 */
class TrainingProtocolTest {
    static final int ROWS = 10;
    static final long[][] STEPS = {{1, 4, 7, 2}, {0, 3, 5, 9}, {6, 8, 2, 1}};

    /** An honest (or deviating) run's pieces: the plan, the statement and the prover's inputs. */
    record Run(TrainingProtocol.Plan plan, TrainingProtocol.Statement statement, TrainingProtocol.ProverInputs inputs, DatasetKey data,
               Witness.Deviation deviation) {}

    static DatasetKey dataset(TrainingCircuitTest.Case c) throws Exception {
        double[][] doubles = new double[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            doubles[r] = Arrays.stream(c.values()[r]).mapToDouble(v -> Math.scalb((double) v, -8)).toArray();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.values()[0].length; i++) {
            names.add("f" + i);
        }
        return DatasetKey.commit(new LabelledDataset(names, doubles, c.labels()), DatasetKey.Options.DEFAULT.declared(8, 16, 3));
    }

    static Run run(TrainingSpec.Loss loss, long[][] steps) throws Exception {
        return run(loss, steps, steps, Witness.Deviation.HONEST, 6554);
    }

    /**
     * A run whose statement names {@code steps} while the prover computes every step on
     * {@code used} with {@code deviation} (the whole chain and the trained model follow from that
     * computation, so the prover deviates in one place only).
     */
    static Run run(TrainingSpec.Loss loss, long[][] steps, long[][] used, Witness.Deviation deviation, long learningRate) throws Exception {
        return run(loss, steps, used, deviation, learningRate, 0, 0);
    }

    static Run run(TrainingSpec.Loss loss, long[][] steps, long[][] used, Witness.Deviation deviation, long learningRate, long momentum, long decay)
            throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, ROWS, steps[0].length, 8,
                loss, 3);
        TrainingSpec spec = new TrainingSpec(loss, steps[0].length, ROWS, 5, 3, 16, c.spec().rescale(), c.spec().format(), learningRate, momentum, decay);
        return run(c, spec, steps, used, deviation);
    }

    /** The same for case {@code c} trained by {@code spec} on its own dataset. */
    static Run run(TrainingCircuitTest.Case c, TrainingSpec spec, long[][] steps, long[][] used, Witness.Deviation deviation) throws Exception {
        DatasetKey data = dataset(c);
        TrainingProtocol.Plan plan = new TrainingProtocol.Plan(c.arch(), spec);
        Circuit initialCircuit = TrainingStatement.circuit(c.model(), spec);
        long[][][] weights = new long[steps.length + 1][][];
        weights[0] = ModelVectors.build(initialCircuit);
        for (int t = 0; t < steps.length; t++) {
            Witness w = TrainingProtocol.stepWitness(plan, weights[t], weights[Math.max(0, t - 1)], used[t], data.values(), data.labels(), new Random(t),
                    deviation);
            weights[t + 1] = TrainingProtocol.nextWeights(plan, w);
        }
        long[][][] trained = TrainingStatement.fromVectors(initialCircuit, weights[steps.length]);
        QuantizedModel model = TrainingStatement.forwardModel(c.arch(), trained[0], trained[1], spec.format());
        ProvingKey key = ProvingKey.create(model, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(key);
        long[][] committed = prover.modelVectors();
        for (int p = 0; p < committed.length; p++) {
            assertArrayEquals(committed[p], weights[steps.length][p], "the trained model's committed vector " + p + " is the last step's");
        }
        LigeroParameters params = AccuracyStatement.parameters(TrainingProtocol.committedElements(plan, steps), key.proofParameters());
        TrainingProtocol.Statement statement = new TrainingProtocol.Statement(new byte[32], data.description().commitment(), data.description().digest(),
                steps, weights[0], new TrainingProtocol.Trained.Committed(key.commitment()));
        TrainingProtocol.ProverInputs inputs = new TrainingProtocol.ProverInputs(plan, weights, data.values(), data.labels(), data.recommit(),
                prover.sealedCommitment(), params, used);
        return new Run(plan, statement, inputs, data, deviation);
    }

    static byte[] prove(Run r) {
        FiatShamirProver ch = new FiatShamirProver(r.inputs().parameters().hash(), "test");
        TrainingProtocol.prove(r.inputs(), r.statement(), ch, new ChaChaRandom(), Progress.NONE, r.deviation());
        return ch.proof();
    }

    static void verify(Run r, byte[] proof) throws InvalidProofException {
        verify(r.plan(), r, r.statement(), proof);
    }

    static void verify(TrainingProtocol.Plan plan, Run r, TrainingProtocol.Statement statement, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier ch = new FiatShamirVerifier(r.inputs().parameters().hash(), "test", proof);
        TrainingProtocol.verify(plan, r.inputs().parameters(), statement, ch, 100);
        ch.finish();
    }

    static TrainingProtocol.Statement withSteps(TrainingProtocol.Statement s, long[][] steps) {
        return new TrainingProtocol.Statement(s.recipeDigest(), s.dataset(), s.datasetDigest(), steps, s.initial(), s.trained());
    }

    // ---- completeness ----

    @Test
    void honestCrossEntropyTrainingVerifies() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS);
        verify(r, prove(r));
    }

    @Test
    void honestMseTrainingWithAShortLastBatchVerifies() throws Exception {
        Run r = run(TrainingSpec.Loss.MSE, new long[][] {{1, 4, 7, 2}, {0, 3, 5}});
        verify(r, prove(r));
    }

    @Test
    void oneStepOfOneRowVerifies() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, new long[][] {{3}});
        verify(r, prove(r));
    }

    @Test
    void aBatchOfTheWholeDatasetVerifies() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, new long[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}});
        verify(r, prove(r));
    }

    @Test
    void momentumAndWeightDecayVerify() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, Witness.Deviation.HONEST, 6554, 58982, 655); // μ = 0.9, λ = 0.01
        verify(r, prove(r));
        Run mse = run(TrainingSpec.Loss.MSE, new long[][] {{1, 4, 7, 2}, {0, 3, 5}, {6, 8, 2}}, new long[][] {{1, 4, 7, 2}, {0, 3, 5}, {6, 8, 2}},
                Witness.Deviation.HONEST, 6554, 32768, 0);
        verify(mse, prove(mse));
    }

    @Test
    void aProofWithAnotherMomentumOrDecayIsRejected() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, Witness.Deviation.HONEST, 6554, 58982, 655);
        byte[] proof = prove(r);
        TrainingSpec s = r.plan().spec();
        for (long[] md : new long[][] {{58983, 655}, {0, 655}, {58982, 0}, {58982, 656}}) {
            TrainingSpec other = new TrainingSpec(s.loss(), s.batch(), s.datasetRows(), s.features(), s.labelClasses(), s.widthBits(), s.rescale(),
                    s.format(), s.learningRate(), md[0], md[1]);
            assertThrows(InvalidProofException.class, () -> verify(new TrainingProtocol.Plan(r.plan().architecture(), other), r, r.statement(), proof));
        }
    }

    @Test
    void aMomentumTermRoundedTheWrongWayIsRejected() throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, ROWS, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        java.util.function.Consumer<Witness> change = w -> { // step 2 (the velocity is non-zero there): m one higher, its remainder 2^16 lower
            add(w, "dense0.update.weight.momentum", 0, 1);
            add(w, "dense0.update.weight.momentum.r", 0, -(1 << 16));
            add(w, "dense0.next.weight", 0, -1);
        };
        assertRejected(run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, atStep(dataset(c), 6, change, true), 6554, 58982, 655));
        java.util.function.Consumer<Witness> decay = w -> {
            add(w, "dense1.update.bias.decay", 0, -1);
            add(w, "dense1.update.bias.decay.r", 0, 1L << 32);
            add(w, "dense1.next.bias", 0, 1);
        };
        assertRejected(run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, atStep(dataset(c), 6, decay, true), 6554, 58982, 655));
    }

    // ---- wrong statements ----

    @Test
    void reorderedOrSkippedStepsAreRejected() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS);
        byte[] proof = prove(r);
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, withSteps(r.statement(), new long[][] {STEPS[1], STEPS[0], STEPS[2]}), proof));
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, withSteps(r.statement(), new long[][] {STEPS[0], STEPS[2]}), proof));
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, withSteps(r.statement(), new long[][] {STEPS[0], STEPS[1]}), proof));
    }

    @Test
    void aChangedLearningRateBatchSizeOrRecipeIsRejected() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS);
        byte[] proof = prove(r);
        TrainingSpec spec = r.plan().spec();
        TrainingSpec otherRate = new TrainingSpec(spec.loss(), spec.batch(), spec.datasetRows(), spec.features(), spec.labelClasses(), spec.widthBits(),
                spec.rescale(), spec.format(), spec.learningRate() + 1);
        assertThrows(InvalidProofException.class, () -> verify(new TrainingProtocol.Plan(r.plan().architecture(), otherRate), r, r.statement(), proof));
        TrainingSpec mse = new TrainingSpec(TrainingSpec.Loss.MSE, spec.batch(), spec.datasetRows(), spec.features(), spec.labelClasses(),
                spec.widthBits(), spec.rescale(), spec.format(), spec.learningRate());
        assertThrows(InvalidProofException.class, () -> verify(new TrainingProtocol.Plan(r.plan().architecture(), mse), r, r.statement(), proof));
        long[][] fiveRows = {{1, 4, 7, 2, 0}, {0, 3, 5, 9, 1}, {6, 8, 2, 1, 3}};
        assertThrows(InvalidProofException.class, () -> verify(new TrainingProtocol.Plan(r.plan().architecture(), spec.withBatch(5)), r,
                withSteps(r.statement(), fiveRows), proof));
        TrainingProtocol.Statement s = r.statement();
        byte[] otherRecipe = new byte[32];
        otherRecipe[0] = 1;
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, new TrainingProtocol.Statement(otherRecipe, s.dataset(), s.datasetDigest(),
                s.steps(), s.initial(), s.trained()), proof));
    }

    @Test
    void otherInitialWeightsAnotherDatasetOrAnotherTrainedModelAreRejected() throws Exception {
        Run r = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS);
        byte[] proof = prove(r);
        TrainingProtocol.Statement s = r.statement();
        long[][] initial = Arrays.stream(s.initial()).map(long[]::clone).toArray(long[][]::new);
        initial[0][0] = fromSigned(toSigned(initial[0][0]) + 1);
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, new TrainingProtocol.Statement(s.recipeDigest(), s.dataset(),
                s.datasetDigest(), s.steps(), initial, s.trained()), proof));
        Run other = run(TrainingSpec.Loss.MSE, STEPS); // another dataset commitment (fresh randomness) and another trained model
        assertFalse(Arrays.equals(other.statement().dataset().root(), s.dataset().root()));
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, new TrainingProtocol.Statement(s.recipeDigest(), other.statement().dataset(),
                s.datasetDigest(), s.steps(), s.initial(), s.trained()), proof));
        assertThrows(InvalidProofException.class, () -> verify(r.plan(), r, new TrainingProtocol.Statement(s.recipeDigest(), s.dataset(),
                s.datasetDigest(), s.steps(), s.initial(), other.statement().trained()), proof));
    }

    // ---- dishonest provers ----

    /** Verifies the proof of a deviating run, expecting rejection (or a prover that cannot even finish). */
    static void assertRejected(Run r) {
        byte[] proof = prove(r); // a dishonest prover finishes its proof (it counts table rows in place of missing lookups)
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(r, proof));
        System.out.println("rejected: " + e.getMessage());
    }

    @Test
    void aBatchDrawnFromOtherRowsIsRejected() throws Exception {
        long[][] used = {STEPS[0], {0, 3, 5, 8}, STEPS[2]};
        assertRejected(run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, used, Witness.Deviation.HONEST, 6554));
    }

    @Test
    void aProofComputedWithAnotherLearningRateIsRejected() throws Exception {
        Run honest = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS);
        Run other = run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, Witness.Deviation.HONEST, 6553);
        byte[] proof = prove(other);
        assertThrows(InvalidProofException.class, () -> verify(honest.plan(), other, other.statement(), proof));
    }

    /**
     * Changes entries of tensors of the step of STEPS that starts with {@code firstRow} only (no two
     * steps start with the same row); the chain and the trained model follow from the change.
     */
    static Witness.Deviation atStep(DatasetKey data, int firstRow, java.util.function.Consumer<Witness> change, boolean lookupsAnyway) {
        long[] marker = Arrays.stream(data.values()[firstRow]).map(io.zkml4j.core.field.Goldilocks::fromSigned).toArray();
        return new Witness.Deviation() {
            @Override
            public void alterTraining(Witness w) {
                if (w.circuit().batch() == 4 && Arrays.equals(Arrays.copyOf(w.tensor("training.features"), marker.length), marker)) {
                    change.accept(w);
                }
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return lookupsAnyway ? anyRow(table) : null;
            }
        };
    }

    static void add(Witness w, String tensor, int index, long delta) {
        long[] v = w.tensor(tensor).clone();
        v[index] = fromSigned(toSigned(v[index]) + delta);
        w.replace(tensor, v);
    }

    /** A run whose prover deviates at step 1 as {@code change} says. */
    static Run deviating(java.util.function.Consumer<Witness> change, boolean lookupsAnyway) throws Exception {
        return deviating(0, change, lookupsAnyway);
    }

    /** The same at the step of STEPS that starts with {@code firstRow}. */
    static Run deviating(int firstRow, java.util.function.Consumer<Witness> change, boolean lookupsAnyway) throws Exception {
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, ROWS, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        return run(TrainingSpec.Loss.CROSS_ENTROPY, STEPS, STEPS, atStep(dataset(c), firstRow, change, lookupsAnyway), 6554);
    }

    @Test
    void oneOutputGradientEntryAlteredIsRejected() throws Exception {
        assertRejected(deviating(w -> add(w, "training.delta", 0, 1), true));
    }

    @Test
    void oneWeightUpdateAlteredIsRejected() throws Exception {
        assertRejected(deviating(w -> add(w, "dense0.next.weight", 0, 1), true));
        assertRejected(deviating(w -> add(w, "dense1.next.bias", 1, -1), true));
    }

    @Test
    void anUpdateRoundedTheWrongWayIsRejected() throws Exception {
        long wd = 4L << TrainingSpec.Format.DEFAULT.weightShift();
        // lr·G = D·(W − W') + r − D/2: W' one up and r one D up (or both down) keep every linear relation.
        assertRejected(deviating(w -> {
            add(w, "dense0.next.weight", 0, 1);
            add(w, "dense0.update.weight.r", 0, wd);
        }, true));
        assertRejected(deviating(w -> {
            add(w, "dense0.next.weight", 0, -1);
            add(w, "dense0.update.weight.r", 0, -wd);
        }, true));
    }

    @Test
    void aWeightOutsideItsRangeIsRejected() throws Exception {
        long wd = 4L << TrainingSpec.Format.DEFAULT.weightShift();
        assertRejected(deviating(6, w -> { // the last step: its weights feed only the trained model
            long shift = (1L << 32);
            add(w, "dense0.next.weight", 0, shift);
            add(w, "dense0.update.weight.r", 0, wd * shift);
        }, true));
    }

    @Test
    void aGradientSentDownAlteredIsRejected() throws Exception {
        assertRejected(deviating(w -> add(w, "dense1.back.t", 0, 1), true));
        assertRejected(deviating(w -> add(w, "dense0.delta", 0, 1), true));
    }

    @Test
    void aSoftmaxOffByOneIsRejected() throws Exception {
        assertRejected(deviating(w -> {
            add(w, "training.softmax.p", 0, 1);
            add(w, "training.delta", 0, 1);
        }, true));
    }

    /** Some row of the table (a dishonest prover counts it in place of a tuple that is not there). */
    static long[] anyRow(TablePlan table) {
        for (long a = 0; a < 1 << 8; a++) {
            long[][] candidates = table.table().columns() == 1 ? new long[][] {{a}}
                    : new long[][] {{a, TablePlan.exp(a, 8)}, {a - 128, a >= 128 ? 1 : 0}, {a - 128, a - 128 >= 0 ? 1 : 0}};
            for (long[] t : candidates) {
                if (table.rowOf(t) >= 0) {
                    return t;
                }
            }
        }
        throw new IllegalStateException("no row found in " + table.label());
    }
}
