package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.TrainingProver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
}
