package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network built in Java (not read from ONNX, which refuses it) with sigmoid, tanh or leaky ReLU
 * after its last layer: the training circuit cannot take it (nothing above reads the derivative; the
 * trainers take the last layer's output as the logits), so the recipe is refused when its statement
 * is derived, with a TrainingSetupException, not after the whole training by the prover.
 */
class ActivationRecipeReviewTest {
    static DenseNetwork withLast(DenseNetwork n, LayerActivation f) {
        List<DenseNetwork.Layer> layers = new ArrayList<>(n.layers());
        DenseNetwork.Layer last = layers.remove(layers.size() - 1);
        layers.add(new DenseNetwork.Layer(last.weights(), last.bias(), f));
        return new DenseNetwork(layers);
    }

    @Test
    void aTableDerivativeAfterTheLastLayerIsRefusedWithTheStatement() throws Exception {
        LabelledDataset blobs = FixedPointTrainerTest.blobs(3);
        LabelledDataset data = new LabelledDataset(blobs.featureNames(), Arrays.copyOf(blobs.rows(), 20), Arrays.copyOf(blobs.labels(), 20));
        DatasetKey key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        DenseNetwork init = FixedPointTrainerTest.withHidden(FixedPointTrainerTest.network(5, 4, 6, 3), LayerActivation.TANH);
        Recipe recipe = FixedPointTrainerTest.recipe(Recipe.Loss.CROSS_ENTROPY, 0.1, 0, 0, 8, 1);
        TrainingProver.Statement fine = ProvableRecipe.statement(recipe, init, key.description(), FixedPointTrainer.Format.DEFAULT);
        assertNotNull(fine);
        for (LayerActivation f : new LayerActivation[] {LayerActivation.SIGMOID, LayerActivation.TANH, LayerActivation.leakyRelu(0.1)}) {
            TrainingSetupException e = assertThrows(TrainingSetupException.class, () -> ProvableRecipe.statement(recipe, withLast(init, f),
                    key.description(), FixedPointTrainer.Format.DEFAULT), f.describe());
            assertTrue(e.getMessage().contains("logits"), e.getMessage());
        }
    }

    /**
     * Away from the default format (2 or 12 activation fraction bits: derivatives with 4 or 24), the
     * weights a proof to public weights proves through tanh, sigmoid and leaky ReLU are the plain
     * fixed-point trainer's, over a short last batch, and the proof verifies.
     */
    @ParameterizedTest
    @CsvSource({"2, 10, 12", "12, 14, 16"})
    void provenWeightsAreThePlainTrainersInOtherFormats(int fa, int fg, int fw) throws Exception {
        FixedPointTrainer.Format format = new FixedPointTrainer.Format(fa, fg, fw, 16);
        LabelledDataset blobs = FixedPointTrainerTest.blobs(3);
        LabelledDataset data = new LabelledDataset(blobs.featureNames(), Arrays.copyOf(blobs.rows(), 20), Arrays.copyOf(blobs.labels(), 20));
        DatasetKey key = DatasetKey.commit(data, DatasetKey.Options.DEFAULT);
        DenseNetwork init = ProvenActivationsTrainingTest.withActivations(FixedPointTrainerTest.network(5, 4, 8, 6, 5, 3), LayerActivation.TANH,
                LayerActivation.SIGMOID, LayerActivation.leakyRelu(0.3), LayerActivation.NONE);
        Recipe recipe = new Recipe(java.nio.file.Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0.9, 0), 8, 1, 7);
        TrainingProver.Statement statement = ProvableRecipe.statement(recipe, init, key.description(), format);
        TrainingProver.PublicResult result = TrainingProver.proveToPublicWeights(statement, key, Progress.NONE);
        long[][] inputs = TrainingJob.activations(key, statement.spec().rescale());
        FixedPointTrainer plain = new FixedPointTrainer(init, recipe, inputs, key.labels(), format);
        plain.steps(statement.steps());
        for (int l = 0; l < 4; l++) {
            assertArrayEquals(Arrays.stream(plain.weights(l)).flatMapToLong(Arrays::stream).toArray(), result.weights()[l], "layer " + l + "'s weights");
            assertArrayEquals(plain.biases(l), result.biases()[l], "layer " + l + "'s biases");
        }
        TrainingVerifier.verifyToPublicWeights(statement, key.description(), result.weights(), result.biases(), result.proof(), 0);
    }
}
