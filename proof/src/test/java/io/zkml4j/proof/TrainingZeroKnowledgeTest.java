package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A training proof reveals the statement and nothing else: two datasets of the same shape and
 * format with different rows and labels (so every gradient and intermediate weight differs), trained
 * by the same recipe on the same public batch order, give proofs whose words (challenges fixed, fresh
 * prover randomness) are distributed alike.
 */
class TrainingZeroKnowledgeTest {
    static final int ROWS = 8;
    static final long[][] STEPS = {{0, 3, 5, 6}, {7, 1, 2, 4}};

    static DatasetKey dataset(long seed) throws Exception {
        Random r = new Random(seed);
        double[][] rows = new double[ROWS][5];
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 5; j++) {
                rows[i][j] = Math.scalb((double) (r.nextInt(1024) - 512), -8);
            }
            labels[i] = r.nextInt(3);
        }
        rows[0][0] = -4; // the same width for both
        labels[1] = 2; // the same label range for both
        List<String> names = new ArrayList<>(List.of("a", "b", "c", "d", "e"));
        return DatasetKey.commit(new LabelledDataset(names, rows, labels), DatasetKey.Options.DEFAULT.declared(8, 16, 3));
    }

    static long[][] transcripts(DatasetKey data, int runs, long seed, String hidden) {
        // a sigmoid of 6 outputs also exercises the derivative's chain rule and the gradient's copy without padding
        int width = hidden.equals("relu") ? 8 : 6;
        TrainingCircuitTest.Case c = TrainingCircuitTest.Case.random(5, new int[] {5, width, 3},
                new io.zkml4j.model.quant.Activation[] {TrainingActivationTest.activation(hidden), io.zkml4j.model.quant.Activation.IDENTITY}, ROWS, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Loss.CROSS_ENTROPY, 4, ROWS, 5, 3, 16, c.spec().rescale(), c.spec().format(), 6554, 58982,
                655); // with momentum and weight decay: every vector of the update is exercised
        TrainingProtocol.Plan plan = new TrainingProtocol.Plan(c.arch(), spec);
        Circuit initial = TrainingStatement.circuit(c.model(), spec);
        long[][][] weights = new long[STEPS.length + 1][][];
        weights[0] = ModelVectors.build(initial);
        for (int t = 0; t < STEPS.length; t++) {
            weights[t + 1] = TrainingProtocol.nextWeights(plan, TrainingProtocol.stepWitness(plan, weights[t], weights[Math.max(0, t - 1)], STEPS[t],
                    data.values(), data.labels(),
                    new Random(t), Witness.Deviation.HONEST));
        }
        long[][] tables = DatasetKey.tables(data.values(), data.labels());
        return InferenceZeroKnowledgeTest.words(weights[STEPS.length], runs, seed, (trained, ch, prover) -> {
            SealedCommitment sealedData = SealedCommitment.commit(data.description().commitment().parameters(), Arrays.asList(tables), prover);
            TrainingProtocol.Statement statement = new TrainingProtocol.Statement(new byte[32], sealedData.commitment(), data.description().digest(),
                    STEPS, weights[0], new TrainingProtocol.Trained.Committed(trained.commitment()));
            TrainingProtocol.prove(new TrainingProtocol.ProverInputs(plan, weights, data.values(), data.labels(), sealedData, trained,
                    InferenceZeroKnowledgeTest.PARAMS), statement, ch, prover, Progress.NONE, Witness.Deviation.HONEST);
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"relu", "sigmoid"})
    void proofsDoNotDependOnTheRowsLabelsGradientsOrWeights(String hidden) throws Exception {
        DatasetKey a = dataset(1);
        DatasetKey b = dataset(2);
        assertFalse(Arrays.deepEquals(a.values(), b.values()));
        assertFalse(Arrays.equals(a.labels(), b.labels()));
        assertEquals(a.description().widthBits(), b.description().widthBits());
        int runs = 40;
        InferenceZeroKnowledgeTest.assertIndistinguishable(transcripts(a, runs, 1, hidden), transcripts(b, runs, 2, hidden));
    }
}
