package io.zkml4j.proof.format;

import io.zkml4j.model.exec.UnaryFunction;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Function activations in key files: read back exactly; an unknown function or a bad scale is a named format error. */
class FunctionActivationCodecTest {
    private static QuantizedModel model(Activation f) {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {4}, 1.0 / 256));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {4}, f.outputScale(1.0 / 256)));
        return new QuantizedModel("m", tensors, "x", "y", List.of(new QLayer.Activate("f", "x", "y", new Requant(0, f))));
    }

    private static byte[] encode(QuantizedModel m) {
        BinaryWriter w = new BinaryWriter();
        ModelCodec.write(w, m, true);
        return w.toByteArray();
    }

    @Test
    void functionActivationsReadBackExactly() throws Exception {
        Activation selu = Activation.function(UnaryFunction.SELU, 1.6732632, 1.0507010, 1.0 / 256, 1.0 / 3000);
        QuantizedModel back = ModelCodec.read(new BinaryReader(encode(model(selu)), "key"), true);
        Activation read = ((QLayer.Activate) back.layers().get(0)).requant().activation();
        assertEquals(selu, read);
        for (long t = Activation.MIN; t <= Activation.MAX; t += 97) {
            assertEquals(selu.apply(t), read.apply(t));
        }
    }

    @Test
    void anUnknownFunctionOrABadScaleIsAFormatError() {
        byte[] bytes = encode(model(Activation.function(UnaryFunction.GELU, 0, 0, 1.0 / 256, 1.0 / 512)));
        // The function's tag, its parameter and output scale are the last 17 bytes of the only layer.
        int tagAt = indexOfFunctionTag(bytes, UnaryFunction.GELU.tag());
        byte[] unknown = bytes.clone();
        unknown[tagAt] = (byte) 200;
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelCodec.read(new BinaryReader(unknown, "key"), true));
        assertTrue(e.getMessage().contains("unknown function 200"), e.getMessage());
        byte[] zeroScale = bytes.clone();
        java.util.Arrays.fill(zeroScale, tagAt + 9, tagAt + 17, (byte) 0);
        e = assertThrows(FileFormatException.class, () -> ModelCodec.read(new BinaryReader(zeroScale, "key"), true));
        assertTrue(e.getMessage().contains("positive finite scales"), e.getMessage());
    }

    /** The function tag sits right before the 16 bytes of beta and the output scale, at the end of the layer. */
    private static int indexOfFunctionTag(byte[] bytes, int tag) {
        long scaleBits = Double.doubleToLongBits(1.0 / 512);
        for (int i = 0; i + 17 <= bytes.length; i++) {
            if (bytes[i] == tag && java.nio.ByteBuffer.wrap(bytes, i + 9, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() == scaleBits
                    || bytes[i] == tag && java.nio.ByteBuffer.wrap(bytes, i + 9, 8).getLong() == scaleBits) {
                return i;
            }
        }
        throw new AssertionError("no function tag followed by its output scale");
    }

    /** A broadcast layer reads back; one whose input does not broadcast to its output is a named format error. */
    @Test
    void broadcastLayersAreCheckedForShapes() throws Exception {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {3, 1}, 1.0 / 256));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {2, 3, 4}, 1.0 / 256));
        QuantizedModel good = new QuantizedModel("m", tensors, "x", "y", List.of(new QLayer.Broadcast("b", "x", "y")));
        assertEquals(good.layers(), ModelCodec.read(new BinaryReader(encode(good), "key"), true).layers());
        Map<String, QuantizedModel.TensorSpec> bad = new LinkedHashMap<>(tensors);
        bad.put("x", new QuantizedModel.TensorSpec(new int[] {2, 1}, 1.0 / 256));
        QuantizedModel wrong = new QuantizedModel("m", bad, "x", "y", List.of(new QLayer.Broadcast("b", "x", "y")));
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelCodec.read(new BinaryReader(encode(wrong), "key"), true));
        assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
    }

    /** A Select layer reads back; an index outside its input or a fill outside 16 bits is a named format error. */
    @Test
    void selectLayersAreCheckedForTheirIndexMap() throws Exception {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {3}, 1.0 / 256));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {5}, 1.0 / 256));
        QuantizedModel good = new QuantizedModel("m", tensors, "x", "y", List.of(new QLayer.Select("s", "x", "y", new int[] {-1, 0, 1, 2, -1}, 4)));
        assertEquals(good.layers(), ModelCodec.read(new BinaryReader(encode(good), "key"), true).layers());
        for (QLayer bad : List.of(new QLayer.Select("s", "x", "y", new int[] {-1, 0, 1, 3, -1}, 4),
                new QLayer.Select("s", "x", "y", new int[] {-2, 0, 1, 2, -1}, 4), new QLayer.Select("s", "x", "y", new int[] {0, 1, 2}, 4),
                new QLayer.Select("s", "x", "y", new int[] {-1, 0, 1, 2, -1}, 1 << 20))) {
            QuantizedModel wrong = new QuantizedModel("m", tensors, "x", "y", List.of(bad));
            FileFormatException e = assertThrows(FileFormatException.class, () -> ModelCodec.read(new BinaryReader(encode(wrong), "key"), true));
            assertTrue(e.getMessage().contains("index map") || e.getMessage().contains("fill value"), e.getMessage());
        }
    }
}
