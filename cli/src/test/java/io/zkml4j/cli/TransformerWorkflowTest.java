package io.zkml4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.zkml4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bundled vision transformer (examples/transformer: patch convolution, LayerNorm, two-head
 * self-attention with a Softmax inside the model, GELU MLP, residuals, mean pooling), exported by
 * PyTorch: committed, proved and verified from the CLI like any model; a changed proof is refused.
 */
class TransformerWorkflowTest {
    static final Path EXAMPLES = Path.of("..", "examples", "transformer");

    @Test
    void theBundledTransformerIsCommittedProvedAndVerified(@TempDir Path dir) throws Exception {
        String[] c = run("commit", "--model", EXAMPLES.resolve("transformer.onnx").toString(), "--calibration",
                EXAMPLES.resolve("calibration.json").toString(), "--out", dir.resolve("keys").toString(), "--quiet");
        assertEquals("0", c[0], c[1] + c[2]);
        assertTrue(c[1].contains("argmax agreement 32/32"), c[1]);
        Path proof = dir.resolve("proof.bin");
        String[] p = run("prove", "--pk", dir.resolve("keys/model.pk").toString(), "--input", EXAMPLES.resolve("input.json").toString(),
                "--out", proof.toString());
        assertEquals("0", p[0], p[1] + p[2]);
        assertTrue(p[1].contains("\"predicted_class\": [9]"), p[1]); // test image 0 is an ankle boot
        String[] v = run("verify", "--vk", dir.resolve("keys/model.vk").toString(), "--proof", proof.toString(), "--input",
                EXAMPLES.resolve("input.json").toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[2].contains("VALID"), v[2]);

        byte[] bytes = Files.readAllBytes(proof);
        bytes[bytes.length / 2] ^= 4;
        Path bad = dir.resolve("tampered.bin");
        Files.write(bad, bytes);
        String[] t = run("verify", "--vk", dir.resolve("keys/model.vk").toString(), "--proof", bad.toString(), "--input",
                EXAMPLES.resolve("input.json").toString());
        assertEquals("1", t[0], t[1] + t[2]);
        assertTrue(t[2].startsWith("INVALID: "), t[2]);
    }

    /**
     * The bundled causal decoder (examples/decoder: one-hot characters times an embedding table,
     * causal self-attention by a multiplicative mask, GELU MLP, LayerNorm; next-character logits)
     * is committed, proved and verified, and its proof does not verify another window of text.
     */
    @Test
    void theBundledDecoderIsCommittedProvedAndVerified(@TempDir Path dir) throws Exception {
        Path examples = Path.of("..", "examples", "decoder");
        String[] c = run("commit", "--model", examples.resolve("decoder.onnx").toString(), "--calibration",
                examples.resolve("calibration.json").toString(), "--out", dir.resolve("keys").toString(), "--quiet");
        assertEquals("0", c[0], c[1] + c[2]);
        Path proof = dir.resolve("proof.bin");
        String[] p = run("prove", "--pk", dir.resolve("keys/model.pk").toString(), "--input", examples.resolve("input.json").toString(),
                "--out", proof.toString());
        assertEquals("0", p[0], p[1] + p[2]);
        String[] v = run("verify", "--vk", dir.resolve("keys/model.vk").toString(), "--proof", proof.toString(), "--input",
                examples.resolve("input.json").toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[2].contains("VALID"), v[2]);
        // Another window: the first character one-hot moved to the next symbol.
        String json = Files.readString(examples.resolve("input.json"));
        int one = json.indexOf('1');
        Path other = dir.resolve("other.json");
        Files.writeString(other, json.substring(0, one) + "0, 1" + json.substring(one + 1 + ", 0".length()));
        String[] o = run("verify", "--vk", dir.resolve("keys/model.vk").toString(), "--proof", proof.toString(), "--input", other.toString());
        assertEquals("1", o[0], o[1] + o[2]);
    }
}
