package io.zkml4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.zkml4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A PyTorch model of two inputs ("image" [1, 16], "meta" [1, 3]) and two outputs ("logits" [1, 4],
 * "score" [1, 1]) from the command line: the input file lists each input's values in turn, the
 * visibility is given port by port, the outputs are printed by name.
 */
class SeveralPortsWorkflowTest {
    static final Path MODEL = Path.of("..", "model", "src", "test", "resources", "pytorch", "two_inputs_two_outputs.onnx");

    /** "input_data" with the image values of every sample, then the meta values of every sample. */
    private static String inputs(int samples, long seed) {
        Random r = new Random(seed);
        StringBuilder image = new StringBuilder(), meta = new StringBuilder();
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < 16; i++) {
                image.append(image.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4f", r.nextGaussian()));
            }
            for (int i = 0; i < 3; i++) {
                meta.append(meta.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4f", r.nextGaussian()));
            }
        }
        return "{\"input_data\": [[" + image + "], [" + meta + "]]}";
    }

    @Test
    void aModelOfTwoInputsAndOutputsIsProvedWithVisibilityPortByPort(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("calibration.json"), inputs(8, 1));
        Files.writeString(dir.resolve("input.json"), inputs(1, 2));
        String keys = dir.resolve("keys").toString();
        String[] c = run("commit", "--model", MODEL.toString(), "--calibration", dir.resolve("calibration.json").toString(), "--out", keys,
                "--quiet");
        assertEquals("0", c[0], c[1] + c[2]);

        Path proof = dir.resolve("proof.bin");
        String[] p = run("prove", "--pk", keys + "/model.pk", "--input", dir.resolve("input.json").toString(), "--out", proof.toString(),
                "--input-visibility", "image=private", "--output-visibility", "score=hidden", "--quiet");
        assertEquals("0", p[0], p[1] + p[2]);
        assertTrue(p[1].contains("\"logits\": {\"shape\": [4]") && p[1].contains("\"score\": {\"shape\": [1]"), p[1]);
        assertTrue(p[2].contains("input partly shown"), p[2]);

        String[] v = run("verify", "--vk", keys + "/model.vk", "--proof", proof.toString(), "--quiet");
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("\"logits\": {\"shape\": [4]") && v[1].contains("\"score\": \"hidden\""), v[1]);
        assertTrue(v[2].contains("VALID") && v[2].contains("input partly shown"), v[2]);

        // The shown input checked against the verifier's own copy of it: the meta list alone.
        String input = Files.readString(dir.resolve("input.json"));
        String metaOnly = "{\"input_data\": [" + input.substring(input.indexOf("], [") + 3, input.length() - 1) + "}";
        Files.writeString(dir.resolve("meta.json"), metaOnly);
        String[] same = run("verify", "--vk", keys + "/model.vk", "--proof", proof.toString(), "--input", dir.resolve("meta.json").toString(),
                "--quiet");
        assertEquals("0", same[0], metaOnly + same[1] + same[2]);
        Files.writeString(dir.resolve("other-meta.json"), "{\"input_data\": [[0.5, 0.25, -1.0]]}");
        String[] other = run("verify", "--vk", keys + "/model.vk", "--proof", proof.toString(), "--input",
                dir.resolve("other-meta.json").toString(), "--quiet");
        assertEquals("1", other[0], other[1] + other[2]);
        assertTrue(other[2].contains("another input"), other[2]);
        String[] both = run("verify", "--vk", keys + "/model.vk", "--proof", proof.toString(), "--input", dir.resolve("input.json").toString(),
                "--quiet"); // the private image too: not what the proof shows
        assertEquals("2", both[0], both[1] + both[2]);
        assertTrue(both[2].contains("the proof shows only the input meta: give its values alone"), both[2]);

        byte[] bytes = Files.readAllBytes(proof);
        bytes[bytes.length - 40] ^= 1;
        Path bad = dir.resolve("tampered.bin");
        Files.write(bad, bytes);
        String[] t = run("verify", "--vk", keys + "/model.vk", "--proof", bad.toString(), "--quiet");
        assertEquals("1", t[0], t[1] + t[2]);

        String[] unknown = run("prove", "--pk", keys + "/model.pk", "--input", dir.resolve("input.json").toString(), "--out",
                dir.resolve("x.bin").toString(), "--input-visibility", "picture=private");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].contains("no port named 'picture'; its ports are image, meta"), unknown[2]);
        String[] nothing = run("prove", "--pk", keys + "/model.pk", "--input", dir.resolve("input.json").toString(), "--out",
                dir.resolve("x.bin").toString(), "--output-visibility", "logits=hidden,score=hidden");
        assertEquals("2", nothing[0]);
        Files.writeString(dir.resolve("one.json"), "{\"input_data\": [[1, 2, 3]]}");
        String[] oneList = run("prove", "--pk", keys + "/model.pk", "--input", dir.resolve("one.json").toString(), "--out",
                dir.resolve("x.bin").toString());
        assertEquals("2", oneList[0]);
        assertTrue(oneList[2].contains("the model has 2 inputs (image, meta), so it takes a multiple of 2 lists"), oneList[2]);
    }
}
