package io.zkml4j.training;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipeTest {
    private static final Path BASE = Path.of("/recipes");

    private static Recipe parse(String json) throws TrainingSetupException {
        return Recipe.parse(json, BASE, "recipe.json");
    }

    private static String refused(String json) {
        return assertThrows(TrainingSetupException.class, () -> parse(json)).getMessage();
    }

    @Test
    void theIssuesExampleParsesWithDefaults() throws Exception {
        Recipe r = parse("""
                {"model": "init.onnx", "loss": "cross_entropy",
                 "optimizer": {"type": "sgd", "learning_rate": 0.1, "momentum": 0.0},
                 "batch_size": 32, "epochs": 5, "seed": 99}""");
        assertEquals(BASE.resolve("init.onnx"), r.model());
        assertEquals(Recipe.Loss.CROSS_ENTROPY, r.loss());
        assertEquals(new Recipe.Optimizer(0.1, 0.0, 0.0), r.optimizer());
        assertEquals(32, r.batchSize());
        assertEquals(5, r.epochs());
        assertEquals(99, r.seed());
        Recipe mse = parse("""
                {"model": "m.onnx", "loss": "mse", "optimizer": {"type": "sgd", "learning_rate": 0.05, "weight_decay": 0.001},
                 "batch_size": 1, "epochs": 1, "seed": 0}""");
        assertEquals(Recipe.Loss.MSE, mse.loss());
        assertEquals(0.001, mse.optimizer().weightDecay());
        assertEquals(0.0, mse.optimizer().momentum());
    }

    @Test
    void mistakesAreNamed() {
        String ok = "\"model\": \"m.onnx\", \"optimizer\": {\"type\": \"sgd\", \"learning_rate\": 0.1}, \"batch_size\": 8, \"epochs\": 2, \"seed\": 1";
        assertTrue(refused("{" + ok + ", \"loss\": \"hinge\"}").contains("\"loss\" is \"hinge\""));
        assertTrue(refused("{" + ok + ", \"loss\": \"mse\", \"lr\": 3}").contains("unknown field \"lr\""));
        assertTrue(refused("{" + ok.replace("\"sgd\"", "\"adam\"") + ", \"loss\": \"mse\"}").contains("\"adam\" is not supported"));
        assertTrue(refused("{" + ok.replace("0.1", "0") + ", \"loss\": \"mse\"}").contains("learning_rate"));
        assertTrue(refused("{" + ok.replace("\"batch_size\": 8", "\"batch_size\": 0") + ", \"loss\": \"mse\"}").contains("batch_size"));
        assertTrue(refused("{" + ok.replace("\"epochs\": 2", "\"epochs\": 2.5") + ", \"loss\": \"mse\"}").contains("epochs"));
        assertTrue(refused("{" + ok.replace("\"model\": \"m.onnx\", ", "") + ", \"loss\": \"mse\"}").contains("\"model\" is missing"));
        assertTrue(refused("{" + ok.replace("0.1}", "0.1, \"momentum\": 1}") + ", \"loss\": \"mse\"}").contains("momentum"));
        assertTrue(refused("{\"model\": \"m.onnx\",\n \"loss\": }").contains("line 2"));
        assertTrue(refused("[1, 2]").contains("must be a JSON object"));
    }

    @Test
    void aMissingFileIsNamed() {
        String m = assertThrows(TrainingSetupException.class, () -> Recipe.read(Path.of("no-such-recipe.json"))).getMessage();
        assertTrue(m.contains("no-such-recipe.json") && m.contains("no such file"), m);
    }
}
