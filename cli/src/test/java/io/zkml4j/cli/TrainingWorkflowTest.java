package io.zkml4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.zkml4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * zkml train / verify-training on the bundled breast-cancer records (one epoch of a copy of the
 * bundled recipe), the trained keys used at once by prove-accuracy, and their errors.
 */
class TrainingWorkflowTest {
    static final Path EXAMPLES = Path.of("..", "examples", "breast-cancer");
    @TempDir
    static Path dir;
    static Path recipe, trained, trainSet, testSet;

    static Path recipe(String name, String optimizer, int epochs, long seed) throws Exception {
        Path r = dir.resolve(name);
        Files.writeString(r, "{\"model\": \"" + EXAMPLES.resolve("init.onnx").toAbsolutePath().toString().replace("\\", "/")
                + "\", \"loss\": \"cross_entropy\", \"optimizer\": " + optimizer + ", \"batch_size\": 32, \"epochs\": " + epochs + ", \"seed\": " + seed + "}");
        return r;
    }

    @BeforeAll
    static void commitAndTrain() throws Exception {
        for (String split : new String[] {"train", "test"}) {
            String[] d = run("data", "commit", "--data", EXAMPLES.resolve(split + ".csv").toString(), "--label-column", "target", "--out",
                    dir.resolve(split).toString(), "--quiet");
            assertEquals("0", d[0], d[1] + d[2]);
        }
        trainSet = dir.resolve("train");
        testSet = dir.resolve("test");
        recipe = recipe("recipe.json", "{\"type\": \"sgd\", \"learning_rate\": 0.1}", 1, 99);
        trained = dir.resolve("trained");
        String[] t = run("train", "--recipe", recipe.toString(), "--data", trainSet.resolve("data.dk").toString(), "--test",
                testSet.resolve("data.dk").toString(), "--out", trained.toString(), "--quiet");
        assertEquals("0", t[0], t[1] + t[2]);
        assertTrue(t[1].contains("\"loss_per_epoch\"") && t[1].contains("\"test\""), t[1]);
    }

    @Test
    void trainWritesEveryOutput() throws Exception {
        for (String name : new String[] {"model.pk", "model.vk", "training.proof", "model.onnx", "report.json"}) {
            assertTrue(Files.size(trained.resolve(name)) > 0, name);
        }
        String report = Files.readString(trained.resolve("report.json"));
        assertTrue(report.contains("\"fixed_point\"") && report.contains("\"float\"") && report.contains("\"proof_bytes\""), report);
    }

    private static String[] verify(Path recipeFile, Path data, Path vk, Path proof) {
        return run("verify-training", "--recipe", recipeFile.toString(), "--data", data.toString(), "--vk", vk.toString(), "--proof", proof.toString());
    }

    @Test
    void theProofVerifiesAgainstTheRecipeAndTheDatasetsDescription() {
        String[] v = verify(recipe, trainSet.resolve("data.dc"), trained.resolve("model.vk"), trained.resolve("training.proof"));
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("\"valid\": true") && v[1].contains("\"steps\": 15"), v[1]);
        assertTrue(v[2].contains("VALID"), v[2]);
    }

    @Test
    void anotherSeedLearningRateOrEpochCountIsInvalid() throws Exception {
        for (Path other : new Path[] {recipe("seed.json", "{\"type\": \"sgd\", \"learning_rate\": 0.1}", 1, 98),
                recipe("rate.json", "{\"type\": \"sgd\", \"learning_rate\": 0.09}", 1, 99),
                recipe("epochs.json", "{\"type\": \"sgd\", \"learning_rate\": 0.1}", 2, 99),
                recipe("momentum.json", "{\"type\": \"sgd\", \"learning_rate\": 0.1, \"momentum\": 0.5}", 1, 99)}) {
            String[] v = verify(other, trainSet.resolve("data.dc"), trained.resolve("model.vk"), trained.resolve("training.proof"));
            assertEquals("1", v[0], other + ": " + v[1] + v[2]);
            assertTrue(v[2].contains("INVALID") && v[2].contains("another recipe"), v[2]);
        }
    }

    @Test
    void anotherDatasetOrATamperedProofIsInvalid() throws Exception {
        String[] v = verify(recipe, testSet.resolve("data.dc"), trained.resolve("model.vk"), trained.resolve("training.proof"));
        assertEquals("1", v[0], v[1] + v[2]);
        assertTrue(v[2].contains("another dataset"), v[2]);
        byte[] proof = Files.readAllBytes(trained.resolve("training.proof"));
        proof[proof.length / 2] ^= 1;
        Path tampered = dir.resolve("tampered.proof");
        Files.write(tampered, proof);
        v = verify(recipe, trainSet.resolve("data.dc"), trained.resolve("model.vk"), tampered);
        assertEquals("1", v[0], v[1] + v[2]);
        assertTrue(v[2].contains("INVALID"), v[2]);
    }

    @Test
    void theTrainedKeysProveAccuracyAtOnce() {
        Path proof = dir.resolve("accuracy.proof");
        String[] p = run("prove-accuracy", "--pk", trained.resolve("model.pk").toString(), "--data", testSet.resolve("data.dk").toString(), "--out",
                proof.toString(), "--quiet");
        assertEquals("0", p[0], p[1] + p[2]);
        String[] v = run("verify-accuracy", "--vk", trained.resolve("model.vk").toString(), "--data", testSet.resolve("data.dc").toString(), "--proof",
                proof.toString());
        assertEquals("0", v[0], v[1] + v[2]);
    }

    /**
     * The bundled initial model with tanh in place of its hidden ReLU, as a user exports it: trained
     * with a proof, verified, its ONNX export naming the Tanh, its keys proving accuracy; the proof
     * is INVALID for the same recipe with the ReLU model.
     */
    @Test
    void aTanhModelTrainsWithAProof() throws Exception {
        io.zkml4j.training.DenseNetwork relu = io.zkml4j.training.DenseNetwork.of(io.zkml4j.model.onnx.OnnxImporter.load(EXAMPLES.resolve("init.onnx")));
        java.util.List<io.zkml4j.training.DenseNetwork.Layer> layers = new java.util.ArrayList<>();
        for (io.zkml4j.training.DenseNetwork.Layer l : relu.layers()) {
            layers.add(new io.zkml4j.training.DenseNetwork.Layer(l.weights(), l.bias(), l.activation().isNone() ? l.activation()
                    : io.zkml4j.training.LayerActivation.TANH));
        }
        Path model = dir.resolve("init-tanh.onnx");
        Files.write(model, new io.zkml4j.training.DenseNetwork(layers).toOnnx("tanh"));
        Path tanhRecipe = dir.resolve("tanh.json");
        Files.writeString(tanhRecipe, Files.readString(recipe).replace(EXAMPLES.resolve("init.onnx").toAbsolutePath().toString().replace("\\", "/"),
                model.toAbsolutePath().toString().replace("\\", "/")));
        Path out = dir.resolve("trained-tanh");
        String[] t = run("train", "--recipe", tanhRecipe.toString(), "--data", trainSet.resolve("data.dk").toString(), "--out", out.toString(), "--quiet");
        assertEquals("0", t[0], t[1] + t[2]);
        String[] v = verify(tanhRecipe, trainSet.resolve("data.dc"), out.resolve("model.vk"), out.resolve("training.proof"));
        assertEquals("0", v[0], v[1] + v[2]);
        v = verify(recipe, trainSet.resolve("data.dc"), out.resolve("model.vk"), out.resolve("training.proof"));
        assertEquals("1", v[0], v[1] + v[2]);
        io.zkml4j.training.DenseNetwork exported = io.zkml4j.training.DenseNetwork.of(io.zkml4j.model.onnx.OnnxImporter.load(out.resolve("model.onnx")));
        assertEquals(io.zkml4j.training.LayerActivation.TANH, exported.layers().get(0).activation());
        Path proof = dir.resolve("tanh-accuracy.proof");
        String[] p = run("prove-accuracy", "--pk", out.resolve("model.pk").toString(), "--data", testSet.resolve("data.dk").toString(), "--out",
                proof.toString(), "--quiet");
        assertEquals("0", p[0], p[1] + p[2]);
        v = run("verify-accuracy", "--vk", out.resolve("model.vk").toString(), "--data", testSet.resolve("data.dc").toString(), "--proof", proof.toString());
        assertEquals("0", v[0], v[1] + v[2]);
    }

    @Test
    void fileAndUsageErrorsExitWithTwo() throws Exception {
        String[] v = verify(recipe, trainSet.resolve("missing.dc"), trained.resolve("model.vk"), trained.resolve("training.proof"));
        assertEquals("2", v[0], v[1] + v[2]);
        v = verify(recipe, trainSet.resolve("data.dc"), trained.resolve("model.vk"), trained.resolve("model.vk"));
        assertEquals("2", v[0], v[1] + v[2]);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model\": \"init.onnx\", \"loss\": \"hinge\"}");
        String[] t = run("train", "--recipe", bad.toString(), "--data", trainSet.resolve("data.dk").toString(), "--out", dir.resolve("x").toString());
        assertEquals("2", t[0], t[1] + t[2]);
        assertTrue(t[2].contains("loss") || t[2].contains("hinge"), t[2]);
        t = run("train", "--recipe", recipe.toString(), "--data", trainSet.resolve("data.dc").toString(), "--out", dir.resolve("y").toString());
        assertEquals("2", t[0], t[1] + t[2]);
    }
}
