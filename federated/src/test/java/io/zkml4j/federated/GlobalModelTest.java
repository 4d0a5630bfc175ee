package io.zkml4j.federated;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.LayerActivation;
import io.zkml4j.training.ProvableRecipe;
import io.zkml4j.training.Recipe;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A federation's model with its activations: ReLU-only models written as before (version 1, which
 * earlier peers read), others in version 2 with each layer's activation and slope; damaged
 * activations refused by name; and a local update through tanh and leaky ReLU proven from a
 * decoded model and verified.
 */
class GlobalModelTest {
    static GlobalModel model(LayerActivation... activations) {
        SplittableRandom r = new SplittableRandom(5);
        int[] widths = {4, 6, 5, 3};
        long[][] w = new long[3][], b = new long[3][];
        for (int l = 0; l < 3; l++) {
            w[l] = r.longs((long) widths[l] * widths[l + 1], -40_000, 40_000).toArray();
            b[l] = r.longs(widths[l + 1], -1 << 20, 1 << 20).toArray();
        }
        return new GlobalModel(w, b, activations, 4);
    }

    private static int version(byte[] encoded) {
        return (encoded[4] & 0xff) << 8 | encoded[5] & 0xff;
    }

    @Test
    void reluModelsKeepTheFirstFormatAndOthersCarryTheirActivations() throws Exception {
        GlobalModel relu = model(LayerActivation.RELU, LayerActivation.RELU, LayerActivation.NONE);
        byte[] first = relu.encode();
        assertEquals(1, version(first), "ReLU flags, as earlier peers read them");
        GlobalModel back = GlobalModel.decode(first, "relu");
        assertArrayEquals(relu.activations(), back.activations());
        GlobalModel other = model(LayerActivation.TANH, LayerActivation.leakyRelu(0.1), LayerActivation.NONE);
        byte[] second = other.encode();
        assertEquals(2, version(second));
        GlobalModel decoded = GlobalModel.decode(second, "tanh");
        assertArrayEquals(other.activations(), decoded.activations());
        assertArrayEquals(other.weights()[1], decoded.weights()[1]);
        assertTrue(other.sameShape(decoded));
        assertTrue(!other.sameShape(model(LayerActivation.SIGMOID, LayerActivation.leakyRelu(0.1), LayerActivation.NONE)), "another activation");
        assertTrue(!other.sameShape(model(LayerActivation.TANH, LayerActivation.leakyRelu(0.2), LayerActivation.NONE)), "another slope");
    }

    @Test
    void aDamagedActivationIsRefusedByName() {
        byte[] bytes = model(LayerActivation.TANH, LayerActivation.leakyRelu(0.1), LayerActivation.NONE).encode();
        int code = 6 + 4 + 4; // magic, version, inputs, layer count: then layer 0's activation code
        byte[] unknown = bytes.clone();
        unknown[code] = 9;
        FileFormatException e = assertThrows(FileFormatException.class, () -> GlobalModel.decode(unknown, "model.bin"));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("code 9"), e.getMessage());
        byte[] slope = bytes.clone();
        java.nio.ByteBuffer.wrap(slope).putDouble(code + 1, 3.0); // a tanh with a slope
        e = assertThrows(FileFormatException.class, () -> GlobalModel.decode(slope, "model.bin"));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
    }

    /** A participant's local update from a decoded tanh / leaky ReLU model: proven to public weights and verified; another slope rejects it. */
    @Test
    void aLocalUpdateThroughTanhAndLeakyReluIsProvenFromTheDecodedModel() throws Exception {
        GlobalModel global = GlobalModel.decode(model(LayerActivation.TANH, LayerActivation.leakyRelu(0.1), LayerActivation.NONE).encode(), "global");
        SplittableRandom r = new SplittableRandom(9);
        double[][] rows = new double[16][4];
        int[] labels = new int[16];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < 4; f++) {
                rows[i][f] = (f == labels[i] ? 1 : 0) + 0.5 * r.nextGaussian();
            }
        }
        DatasetKey data = DatasetKey.commit(new LabelledDataset(List.of("a", "b", "c", "d"), rows, labels), DatasetKey.Options.DEFAULT);
        Recipe recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0, 0), 8, 1, 7);
        TrainingProver.Statement statement = ProvableRecipe.statement(recipe, global.network(UpdateStatement.FORMAT), data.description(),
                UpdateStatement.FORMAT);
        TrainingProver.PublicResult result = TrainingProver.proveToPublicWeights(statement, data, Progress.NONE);
        assertEquals(2, TrainingVerifier.verifyToPublicWeights(statement, data.description(), result.weights(), result.biases(), result.proof(), 100)
                .steps());
        GlobalModel steeper = new GlobalModel(global.weights(), global.biases(), new LayerActivation[] {LayerActivation.TANH,
            LayerActivation.leakyRelu(0.2), LayerActivation.NONE}, global.inputs());
        TrainingProver.Statement other = ProvableRecipe.statement(recipe, steeper.network(UpdateStatement.FORMAT), data.description(),
                UpdateStatement.FORMAT);
        assertThrows(InvalidProofException.class, () -> TrainingVerifier.verifyToPublicWeights(other, data.description(), result.weights(),
                result.biases(), result.proof(), 100));
    }
}
