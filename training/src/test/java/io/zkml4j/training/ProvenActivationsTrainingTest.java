package io.zkml4j.training;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.VerifiedInference;
import io.zkml4j.proof.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training proof through tanh, sigmoid and leaky ReLU (4-8-6-5-3, one of each after the hidden
 * layers): the proven weights are the plain fixed-point trainer's, the proof verifies, the trained
 * model's keys prove a prediction, and the same proof is rejected for a recipe with another
 * activation or another leaky slope.
 */
class ProvenActivationsTrainingTest {
    static DatasetKey key;
    static DenseNetwork init;
    static Recipe recipe;
    static TrainingProver.Statement statement;
    static TrainingProver.Result result;

    static DenseNetwork withActivations(DenseNetwork n, LayerActivation... f) {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l < n.layers().size(); l++) {
            DenseNetwork.Layer layer = n.layers().get(l);
            layers.add(new DenseNetwork.Layer(layer.weights(), layer.bias(), f[l]));
        }
        return new DenseNetwork(layers);
    }

    @BeforeAll
    static void train() throws Exception {
        LabelledDataset blobs = FixedPointTrainerTest.blobs(3);
        LabelledDataset data = new LabelledDataset(blobs.featureNames(), Arrays.copyOf(blobs.rows(), 40), Arrays.copyOf(blobs.labels(), 40));
        key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        init = withActivations(FixedPointTrainerTest.network(5, 4, 8, 6, 5, 3), LayerActivation.TANH, LayerActivation.SIGMOID,
                LayerActivation.leakyRelu(0.1), LayerActivation.NONE);
        recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0.9, 0), 16, 1, 7);
        statement = ProvableRecipe.statement(recipe, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        result = TrainingProver.prove(statement, key, CommitOptions.DEFAULT, Progress.NONE);
    }

    @Test
    void provenWeightsAreThePlainTrainersAndTheProofVerifies() throws Exception {
        long[][] inputs = TrainingJob.activations(key, statement.spec().rescale());
        FixedPointTrainer plain = new FixedPointTrainer(init, recipe, inputs, key.labels(), FixedPointTrainer.Format.DEFAULT);
        plain.steps(statement.steps());
        for (int l = 0; l < 4; l++) {
            assertArrayEquals(Arrays.stream(plain.weights(l)).flatMapToLong(Arrays::stream).toArray(), result.weights()[l], "layer " + l + "'s weights");
            assertArrayEquals(plain.biases(l), result.biases()[l], "layer " + l + "'s biases");
        }
        assertEquals(3, TrainingVerifier.verify(statement, key.description(), result.trained().verifyingKey(), result.proof()).steps());
    }

    /** The first layer's weights moved: the gradient reached it through all three activations. */
    @Test
    void theGradientReachesTheFirstLayer() {
        long[] before = statement.initialWeights()[0];
        assertTrue(!Arrays.equals(before, result.weights()[0]), "layer 0's weights changed");
        assertTrue(!Arrays.equals(statement.initialWeights()[1], result.weights()[1]), "layer 1's weights changed");
    }

    @Test
    void theTrainedModelProvesAPrediction() throws Exception {
        Prover prover = new Prover(result.trained());
        float[] row = {1f, -0.5f, 0.25f, 0f};
        InferenceProof proof = prover.prove(List.of(row), true, Progress.NONE);
        VerifiedInference v = new Verifier(result.trained().verifyingKey()).verify(InferenceProof.decode(proof.encode(), "prediction"));
        assertEquals(3, v.outputs().get(0).length);
    }

    private void assertRejected(DenseNetwork other) throws Exception {
        TrainingProver.Statement s = ProvableRecipe.statement(recipe, other, key.description(), FixedPointTrainer.Format.DEFAULT);
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(s, key.description(), result.trained().verifyingKey(), result.proof()));
        // The honest digest with the other architecture: the proof itself must fail, not only the digest.
        TrainingProver.Statement forged = new TrainingProver.Statement(statement.recipeDigest(), s.architecture(), s.spec(), s.initialWeights(),
                s.initialBiases(), s.steps());
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verify(forged, key.description(), result.trained().verifyingKey(),
                result.proof()));
    }

    @Test
    void anotherActivationOrSlopeIsRejected() throws Exception {
        assertRejected(withActivations(init, LayerActivation.SIGMOID, LayerActivation.SIGMOID, LayerActivation.leakyRelu(0.1), LayerActivation.NONE));
        assertRejected(withActivations(init, LayerActivation.TANH, LayerActivation.TANH, LayerActivation.leakyRelu(0.1), LayerActivation.NONE));
        assertRejected(withActivations(init, LayerActivation.TANH, LayerActivation.SIGMOID, LayerActivation.leakyRelu(0.2), LayerActivation.NONE));
        assertRejected(withActivations(init, LayerActivation.TANH, LayerActivation.SIGMOID, LayerActivation.RELU, LayerActivation.NONE));
    }
}
