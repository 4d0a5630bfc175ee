package io.zkml4j.training;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.VerifiedTraining;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training proofs from a recipe: the statement derived from the recipe, the proven weights equal
 * the plain fixed-point trainer's, the proof verifies, and a changed recipe (learning rate, batch
 * size, seed, epochs), another dataset or another trained model is rejected.
 */
class ProvenTrainingTest {
    static LabelledDataset data;
    static DatasetKey key;
    static DenseNetwork init;
    static Recipe recipe;
    static TrainingProver.Statement statement;
    static TrainingProver.Result result;

    @BeforeAll
    static void train() throws Exception {
        LabelledDataset blobs = FixedPointTrainerTest.blobs(3);
        data = new LabelledDataset(blobs.featureNames(), Arrays.copyOf(blobs.rows(), 40), Arrays.copyOf(blobs.labels(), 40));
        key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        init = FixedPointTrainerTest.network(5, 4, 8, 3);
        recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0, 0), 16, 2, 7);
        statement = ProvableRecipe.statement(recipe, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        result = TrainingProver.prove(statement, key, CommitOptions.DEFAULT, Progress.NONE);
    }

    @Test
    void theStatementHasEveryStepOfEveryEpoch() {
        assertEquals(2 * 3, statement.steps().length); // 40 rows in batches of 16: 16, 16, 8
        assertEquals(8, statement.steps()[2].length);
    }

    /** 40 rows pad to 64 with zero rows, of which the commitment stores only the rows that real rows reach: the proof below reads a trimmed layout. */
    @Test
    void theDatasetCommitmentStoresOnlyTheRowsThatHoldData() {
        io.zkml4j.core.pcs.Commitment c = key.description().commitment();
        assertTrue(c.trimmed(), "40 rows of blocks of 32 fill " + c.storedRows(0) + " of " + c.rowCount(0) + " rows of 2^" + c.parameters().logRowWidth());
    }

    @Test
    void provenWeightsAreThePlainTrainersAndTheProofVerifies() throws Exception {
        InputRescale rescale = statement.spec().rescale();
        long[][] inputs = TrainingJob.activations(key, rescale);
        FixedPointTrainer plain = new FixedPointTrainer(init, recipe, inputs, key.labels(), FixedPointTrainer.Format.DEFAULT);
        plain.steps(statement.steps());
        for (int l = 0; l < 2; l++) {
            long[] flat = Arrays.stream(plain.weights(l)).flatMapToLong(Arrays::stream).toArray();
            assertArrayEquals(flat, result.weights()[l], "layer " + l + "'s weights");
            assertArrayEquals(plain.biases(l), result.biases()[l], "layer " + l + "'s biases");
        }
        VerifiedTraining v = TrainingVerifier.verify(statement, key.description(), result.trained().verifyingKey(), result.proof());
        assertEquals(6, v.steps());
        assertTrue(v.securityBits() >= 100);
        TrainingProof decoded = TrainingProof.decode(result.proof().encode(), "proof");
        TrainingVerifier.verify(statement, key.description(), result.trained().verifyingKey(), decoded);
    }

    private static void assertRejected(Recipe other) throws Exception {
        TrainingProver.Statement s = ProvableRecipe.statement(other, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> TrainingVerifier.verify(s, key.description(), result.trained().verifyingKey(), result.proof()));
        assertTrue(e.getMessage().contains("another recipe"), e.getMessage());
    }

    @Test
    void aChangedRecipeIsRejected() throws Exception {
        assertRejected(new Recipe(recipe.model(), recipe.loss(), new Recipe.Optimizer(0.11, 0, 0), 16, 2, 7));
        assertRejected(new Recipe(recipe.model(), recipe.loss(), recipe.optimizer(), 8, 2, 7));
        assertRejected(new Recipe(recipe.model(), recipe.loss(), recipe.optimizer(), 16, 2, 8));
        assertRejected(new Recipe(recipe.model(), recipe.loss(), recipe.optimizer(), 16, 1, 7));
        assertRejected(new Recipe(recipe.model(), Recipe.Loss.MSE, recipe.optimizer(), 16, 2, 7));
    }

    @Test
    void aChangedRecipeWhoseDigestIsForgedIsRejectedByTheProof() throws Exception {
        // The digest copied from the honest statement, everything else from another seed: the proof itself must fail.
        TrainingProver.Statement other = ProvableRecipe.statement(new Recipe(recipe.model(), recipe.loss(), recipe.optimizer(), 16, 2, 8), init,
                key.description(), FixedPointTrainer.Format.DEFAULT);
        TrainingProver.Statement forged = new TrainingProver.Statement(statement.recipeDigest(), other.architecture(), other.spec(),
                other.initialWeights(), other.initialBiases(), other.steps());
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(forged, key.description(), result.trained().verifyingKey(),
                result.proof()));
        TrainingProver.Statement rate = new TrainingProver.Statement(statement.recipeDigest(), statement.architecture(),
                new io.zkml4j.proof.circuit.TrainingSpec(statement.spec().loss(), statement.spec().batch(), statement.spec().datasetRows(),
                        statement.spec().features(), statement.spec().labelClasses(), statement.spec().widthBits(), statement.spec().rescale(),
                        statement.spec().format(), statement.spec().learningRate() + 1), statement.initialWeights(), statement.initialBiases(),
                statement.steps());
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(rate, key.description(), result.trained().verifyingKey(),
                result.proof()));
    }

    @Test
    void anotherDatasetOrAnotherTrainedModelIsRejected() throws Exception {
        DatasetKey other = DatasetKey.commit(data, DatasetKey.Options.DEFAULT); // the same rows, committed again: another commitment
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> TrainingVerifier.verify(statement, other.description(), result.trained().verifyingKey(), result.proof()));
        assertTrue(e.getMessage().contains("another dataset"), e.getMessage());
        io.zkml4j.proof.ProvingKey again = io.zkml4j.proof.ProvingKey.create(result.trained().model(), result.trained().postprocess(),
                CommitOptions.DEFAULT); // the same weights committed again
        e = assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(statement, key.description(), again.verifyingKey(), result.proof()));
        assertTrue(e.getMessage().contains("another trained model"), e.getMessage());
        TrainingProof relabelled = new TrainingProof(result.proof().recipeDigest(), result.proof().datasetDigest(), again.verifyingKey().digest(),
                result.proof().steps(), result.proof().transcript());
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(statement, key.description(), again.verifyingKey(), relabelled));
    }

    @Test
    void momentumAndWeightDecayAreProvenAndMatchThePlainTrainer() throws Exception {
        Recipe sgd = new Recipe(recipe.model(), recipe.loss(), new Recipe.Optimizer(0.05, 0.9, 0.01), 16, 1, 7);
        TrainingProver.Statement s = ProvableRecipe.statement(sgd, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        TrainingProver.Result r = TrainingProver.prove(s, key, CommitOptions.DEFAULT, Progress.NONE);
        InputRescale rescale = s.spec().rescale();
        long[][] inputs = TrainingJob.activations(key, rescale);
        FixedPointTrainer plain = new FixedPointTrainer(init, sgd, inputs, key.labels(), FixedPointTrainer.Format.DEFAULT);
        plain.steps(s.steps());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(Arrays.stream(plain.weights(l)).flatMapToLong(Arrays::stream).toArray(), r.weights()[l], "layer " + l + "'s weights");
            assertArrayEquals(plain.biases(l), r.biases()[l], "layer " + l + "'s biases");
        }
        TrainingVerifier.verify(s, key.description(), r.trained().verifyingKey(), r.proof());
        TrainingProver.Statement noMomentum = ProvableRecipe.statement(new Recipe(recipe.model(), recipe.loss(), new Recipe.Optimizer(0.05, 0, 0.01),
                16, 1, 7), init, key.description(), FixedPointTrainer.Format.DEFAULT);
        TrainingProver.Statement forged = new TrainingProver.Statement(s.recipeDigest(), noMomentum.architecture(), noMomentum.spec(),
                noMomentum.initialWeights(), noMomentum.initialBiases(), noMomentum.steps());
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(forged, key.description(), r.trained().verifyingKey(), r.proof()));
    }
}
