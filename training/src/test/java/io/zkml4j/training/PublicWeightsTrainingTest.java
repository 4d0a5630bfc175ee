package io.zkml4j.training;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingStatement;
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
 * Training proofs to public weights (what a federated participant sends its coordinator): the
 * weights are the ones a proof to a committed model trains, the proof verifies against exactly
 * them, and other weights, another recipe (another round or federation), another dataset or a
 * tampered transcript are rejected.
 */
class PublicWeightsTrainingTest {
    static LabelledDataset data;
    static DatasetKey key;
    static TrainingProver.Statement statement;
    static TrainingProver.PublicResult result;

    @BeforeAll
    static void train() throws Exception {
        LabelledDataset blobs = FixedPointTrainerTest.blobs(3);
        data = new LabelledDataset(blobs.featureNames(), Arrays.copyOf(blobs.rows(), 24), Arrays.copyOf(blobs.labels(), 24));
        key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        DenseNetwork init = FixedPointTrainerTest.network(5, 4, 8, 3);
        Recipe recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0, 0), 8, 1, 7);
        statement = ProvableRecipe.statement(recipe, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        result = TrainingProver.proveToPublicWeights(statement, key, Progress.NONE);
    }

    private static VerifiedTraining verify(TrainingProver.Statement s, DatasetKey data, long[][] weights, long[][] biases, TrainingProof proof)
            throws InvalidProofException {
        return TrainingVerifier.verifyToPublicWeights(s, data.description(), weights, biases, proof, 100);
    }

    @Test
    void theWeightsAreTheTrainedOnesAndTheProofVerifies() throws Exception {
        TrainingProver.Result committed = TrainingProver.prove(statement, key, CommitOptions.DEFAULT, Progress.NONE);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(committed.weights()[l], result.weights()[l], "layer " + l + "'s weights");
            assertArrayEquals(committed.biases()[l], result.biases()[l], "layer " + l + "'s biases");
        }
        VerifiedTraining v = verify(statement, key, result.weights(), result.biases(), TrainingProof.decode(result.proof().encode(), "proof"));
        assertEquals(3, v.steps());
        assertTrue(v.securityBits() >= 100, "bits " + v.securityBits());
    }

    @Test
    void otherWeightsAreRejectedEvenWithTheirOwnDigest() {
        for (int[] at : new int[][] {{0, 0}, {1, 5}}) {
            long[][] weights = Arrays.stream(result.weights()).map(long[]::clone).toArray(long[][]::new);
            weights[at[0]][at[1]] += 1;
            InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(statement, key, weights, result.biases(), result.proof()));
            assertTrue(e.getMessage().contains("other trained weights"), e.getMessage());
            TrainingProof relabelled = new TrainingProof(result.proof().recipeDigest(), result.proof().datasetDigest(),
                    TrainingStatement.publicDigest(weights, result.biases()), result.proof().steps(), result.proof().transcript());
            assertThrows(InvalidProofException.class, () -> verify(statement, key, weights, result.biases(), relabelled), "weight " + Arrays.toString(at));
        }
        long[][] biases = Arrays.stream(result.biases()).map(long[]::clone).toArray(long[][]::new);
        biases[1][2] -= 1;
        TrainingProof relabelled = new TrainingProof(result.proof().recipeDigest(), result.proof().datasetDigest(),
                TrainingStatement.publicDigest(result.weights(), biases), result.proof().steps(), result.proof().transcript());
        assertThrows(InvalidProofException.class, () -> verify(statement, key, result.weights(), biases, relabelled));
    }

    /** The recipe digest is where a federation binds its round and participant: a proof under another digest fails even when relabelled. */
    @Test
    void anotherRecipeDigestIsRejectedEvenWhenRelabelled() {
        byte[] other = statement.recipeDigest();
        other[0] ^= 1;
        TrainingProver.Statement moved = new TrainingProver.Statement(other, statement.architecture(), statement.spec(), statement.initialWeights(),
                statement.initialBiases(), statement.steps());
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(moved, key, result.weights(), result.biases(), result.proof()));
        assertTrue(e.getMessage().contains("another recipe"), e.getMessage());
        TrainingProof relabelled = new TrainingProof(other, result.proof().datasetDigest(), result.proof().modelDigest(), result.proof().steps(),
                result.proof().transcript());
        assertThrows(InvalidProofException.class, () -> verify(moved, key, result.weights(), result.biases(), relabelled));
    }

    @Test
    void anotherDatasetIsRejected() throws Exception {
        DatasetKey again = DatasetKey.commit(data, DatasetKey.Options.DEFAULT); // the same rows, committed again: another commitment
        TrainingProof relabelled = new TrainingProof(result.proof().recipeDigest(), again.description().digest(), result.proof().modelDigest(),
                result.proof().steps(), result.proof().transcript());
        assertThrows(InvalidProofException.class, () -> verify(statement, again, result.weights(), result.biases(), relabelled));
    }

    @Test
    void aTamperedTranscriptIsRejected() {
        byte[] transcript = result.proof().transcript();
        for (int at : new int[] {transcript.length / 3, transcript.length / 2, transcript.length - 9}) {
            byte[] t = transcript.clone();
            t[at] ^= 4;
            TrainingProof tampered = new TrainingProof(result.proof().recipeDigest(), result.proof().datasetDigest(), result.proof().modelDigest(),
                    result.proof().steps(), t);
            assertThrows(InvalidProofException.class, () -> verify(statement, key, result.weights(), result.biases(), tampered), "byte " + at);
        }
    }

    @Test
    void weightsOfAnotherShapeAreRefusedWithAReason() {
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> verify(statement, key, new long[][] {result.weights()[0]}, result.biases(), result.proof()));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
        long[][] wide = {result.weights()[0], result.weights()[1].clone()};
        wide[1][0] = 1L << 40;
        e = assertThrows(InvalidProofException.class, () -> verify(statement, key, wide, result.biases(), result.proof()));
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }
}
