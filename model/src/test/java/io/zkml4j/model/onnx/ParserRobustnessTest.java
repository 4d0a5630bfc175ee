package io.zkml4j.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Untrusted bytes must end in a checked, descriptive exception: random bytes, every truncation
 * of a valid model, and random corruptions of valid models. Never an unchecked exception, never
 * a hang or a huge allocation.
 */
class ParserRobustnessTest {
    static byte[] smallModel() {
        return new OnnxModelBuilder(13)
                .input("x", OnnxModelBuilder.FLOAT, -1, 1, 4, 4)
                .initializer("w", new int[] {2, 1, 3, 3}, new float[18])
                .initializer("b", new int[] {2}, 0.5f, -0.5f)
                .int64Initializer("shape", 1, -1)
                .node("conv", "Conv", List.of("x", "w", "b"), List.of("c"), OnnxModelBuilder.stringAttr("auto_pad", "SAME_UPPER"))
                .node("relu", "Relu", List.of("c"), List.of("r"))
                .node("flat", "Reshape", List.of("r", "shape"), List.of("f"))
                .node("soft", "Softmax", List.of("f"), List.of("y"), OnnxModelBuilder.intAttr("axis", 1))
                .output("y")
                .build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomBytesAreRejectedAsMalformed(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            assertThrows(ModelFormatException.class, () -> OnnxImporter.load(bytes, "random.onnx"),
                    () -> "random input " + Arrays.toString(bytes));
        }
    }

    @Test
    void everyTruncationOfAModelIsReportedWithItsPosition() throws Exception {
        byte[] model = smallModel();
        OnnxImporter.load(model, "m.onnx"); // the whole model is valid
        Set<Integer> boundaries = topLevelFieldBoundaries(model);
        for (int cut = 0; cut < model.length; cut++) {
            byte[] prefix = Arrays.copyOf(model, cut);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImporter.load(prefix, "m.onnx"),
                    "prefix of " + cut + " bytes");
            if (!boundaries.contains(cut)) {
                // Inside a field the file must say where it ends and inside which message.
                assertTrue(e.getMessage().startsWith("m.onnx: truncated at byte " + cut + " inside "), e.getMessage());
            }
        }
    }

    @Test
    void corruptedModelsFailCleanly() throws Exception {
        List<byte[]> models = new ArrayList<>(List.of(smallModel()));
        Path data = OnnxConformanceTest.DATA.resolve("pytorch-converted");
        for (String name : List.of("test_Conv2d_groups", "test_PixelShuffle", "test_BatchNorm2d_eval", "test_Linear")) {
            Path file = data.resolve(name).resolve("model.onnx");
            if (Files.exists(file)) {
                models.add(Files.readAllBytes(file));
            }
        }
        Random random = new Random(42);
        for (byte[] model : models) {
            for (int i = 0; i < 1500; i++) {
                byte[] corrupted = model.clone();
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
                }
                try {
                    OnnxImporter.load(corrupted, "corrupt.onnx");
                } catch (ModelImportException expected) {
                    assertTrue(expected.getMessage().startsWith("corrupt.onnx: "), expected.getMessage());
                } catch (RuntimeException | Error e) {
                    fail("corruption " + i + " escaped as " + e, e);
                }
            }
        }
    }

    /** Offsets where a top-level field of the model ends (a cut there leaves whole fields only). */
    private static Set<Integer> topLevelFieldBoundaries(byte[] model) throws ModelFormatException {
        Set<Integer> ends = new HashSet<>();
        ends.add(0);
        for (int cut = 1; cut <= model.length; cut++) {
            ProtoReader r = ProtoReader.of(Arrays.copyOf(model, cut), "m", "model");
            try {
                while (r.hasNext()) {
                    r.next();
                    r.skip();
                }
                ends.add(cut);
            } catch (ModelFormatException notABoundary) {
                // the cut falls inside a field
            }
        }
        return ends;
    }
}
