package io.zkml4j.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.model.ir.Tensor;
import org.junit.jupiter.api.Test;

class TensorProtoTest {
    private static Tensor decode(ProtoWriter w) throws ModelImportException {
        return OnnxDecoder.decodeTensor(w.toByteArray(), "t.pb").toTensor("t.pb");
    }

    private static ProtoWriter header(DataType type, long... dims) {
        ProtoWriter w = new ProtoWriter();
        for (long d : dims) {
            w.varint(1, d);
        }
        return w.varint(2, type.code()).string(8, "w");
    }

    @Test
    void readsRawDataOfEveryType() throws Exception {
        assertArrayEquals(new float[] {1.5f, -2f}, decode(header(DataType.FLOAT, 2)
                .bytes(9, new byte[] {0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0})).data());
        byte[] dbl = new byte[8];
        long bits = Double.doubleToLongBits(0.25);
        for (int k = 0; k < 8; k++) {
            dbl[k] = (byte) (bits >>> (8 * k));
        }
        assertArrayEquals(new float[] {0.25f}, decode(header(DataType.DOUBLE).bytes(9, dbl)).data());
        assertArrayEquals(new float[] {255, 1}, decode(header(DataType.UINT8, 2).bytes(9, new byte[] {(byte) 0xFF, 1})).data());
        assertArrayEquals(new float[] {-1, 127}, decode(header(DataType.INT8, 2).bytes(9, new byte[] {(byte) 0xFF, 127})).data());
        assertArrayEquals(new float[] {-2}, decode(header(DataType.INT16, 1).bytes(9, new byte[] {(byte) 0xFE, (byte) 0xFF})).data());
        assertArrayEquals(new float[] {-3}, decode(header(DataType.INT32, 1)
                .bytes(9, new byte[] {(byte) 0xFD, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).data());
        assertArrayEquals(new float[] {1 << 20}, decode(header(DataType.INT64, 1)
                .bytes(9, new byte[] {0, 0, 0x10, 0, 0, 0, 0, 0})).data());
        assertArrayEquals(new float[] {1, 0, 1}, decode(header(DataType.BOOL, 3).bytes(9, new byte[] {1, 0, 7})).data());
    }

    @Test
    void readsTypedFields() throws Exception {
        Tensor t = decode(header(DataType.INT64, 2, 2).packedVarints(7, 1, -2, 3, 4));
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertArrayEquals(new float[] {1, -2, 3, 4}, t.data());
        assertArrayEquals(new float[] {1, 0}, decode(header(DataType.BOOL, 2).packedVarints(5, 1, 0)).data());
        assertArrayEquals(new float[] {200}, decode(header(DataType.UINT8, 1).packedVarints(5, 200)).data());
        assertEquals(0, decode(header(DataType.FLOAT, 0)).size()); // an empty tensor needs no data
        Tensor scalar = decode(header(DataType.FLOAT).fixed32(4, 3f)); // no dims: a scalar holding one value
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {3f}, scalar.data());
    }

    @Test
    void rejectsInconsistentTensorsWithTheTensorsName() {
        assertEquals("t.pb: tensor 'w' has 3 bytes of raw_data, but dims [2] of FLOAT need 8",
                assertThrows(ModelFormatException.class, () -> decode(header(DataType.FLOAT, 2).bytes(9, new byte[3]))).getMessage());
        assertEquals("t.pb: tensor 'w' has 1 value(s) in float_data, but dims [2, 3] need 6",
                assertThrows(ModelFormatException.class, () -> decode(header(DataType.FLOAT, 2, 3).packedFloats(4, 1f))).getMessage());
        assertEquals("t.pb: tensor 'w' has data type FLOAT but stores its values in int64_data (expected float_data or raw_data)",
                assertThrows(ModelFormatException.class, () -> decode(header(DataType.FLOAT, 1).packedVarints(7, 1))).getMessage());
        assertEquals("t.pb: tensor 'w' has both raw_data and float_data; ONNX allows only one",
                assertThrows(ModelFormatException.class, () -> decode(header(DataType.FLOAT, 1).packedFloats(4, 1f)
                        .bytes(9, new byte[4]))).getMessage());
        assertEquals("t.pb: tensor 'w' has negative dimension -2 in dims [-2]",
                assertThrows(ModelFormatException.class, () -> decode(header(DataType.FLOAT, -2))).getMessage());
    }

    @Test
    void refusesWhatZkml4jDoesNotRead() {
        assertEquals("t.pb: tensor 'w' has data type FLOAT16, which zkml4j does not read; supported: "
                        + "FLOAT, UINT8, INT8, INT16, INT32, INT64, BOOL, DOUBLE",
                assertThrows(UnsupportedModelException.class, () -> decode(header(DataType.FLOAT16, 1).packedVarints(5, 0)))
                        .getMessage());
        ProtoWriter external = header(DataType.FLOAT, 4).message(13, new ProtoWriter().string(1, "location").string(2, "w.bin"))
                .varint(14, 1);
        assertEquals("t.pb: tensor 'w' keeps its data in an external file; zkml4j reads self-contained models only "
                + "(save the model without external data)", assertThrows(UnsupportedModelException.class, () -> decode(external)).getMessage());
        assertEquals("t.pb: tensor 'w' holds 16777217 at index 0; zkml4j keeps values as floats and accepts integers only up to "
                + "2^24 in magnitude", assertThrows(UnsupportedModelException.class,
                () -> decode(header(DataType.INT64, 1).packedVarints(7, (1 << 24) + 1))).getMessage());
        assertThrows(UnsupportedModelException.class, () -> decode(header(DataType.FLOAT, 1L << 20, 1L << 20)));
    }
}
