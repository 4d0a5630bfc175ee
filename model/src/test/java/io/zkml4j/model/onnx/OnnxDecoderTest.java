package io.zkml4j.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxDecoderTest {
    @Test
    void decodesModelGraphNodesAndAttributes() throws Exception {
        byte[] bytes = new OnnxModelBuilder(13)
                .input("x", OnnxModelBuilder.FLOAT, -1, 4)
                .initializer("w", new int[] {4, 2}, 1, 2, 3, 4, 5, 6, 7, 8)
                .node("fc", "Gemm", List.of("x", "w"), List.of("y"), OnnxModelBuilder.floatAttr("alpha", 0.5f),
                        OnnxModelBuilder.intsAttr("dummy", 3, -1, 300))
                .output("y")
                .build();
        ModelProto m = OnnxDecoder.decodeModel(bytes, "m.onnx");
        assertEquals(8, m.irVersion());
        assertEquals("zkml4j-tests", m.producerName());
        assertEquals(List.of(new OperatorSetIdProto("", 13)), m.opsetImports());
        GraphProto g = m.graph();
        assertEquals("test-graph", g.name());
        NodeProto n = g.nodes().get(0);
        assertEquals("Gemm", n.opType());
        assertEquals(List.of("x", "w"), n.inputs());
        assertEquals("graph.node[0]", n.location());
        assertEquals(0.5f, n.attributes().get(0).f());
        assertArrayEquals(new long[] {3, -1, 300}, n.attributes().get(1).ints());
        ValueInfoProto x = g.inputs().get(0);
        assertEquals(ValueInfoProto.TypeKind.TENSOR, x.kind());
        assertEquals("N", x.dims().get(0).param());
        assertEquals(4, x.dims().get(1).value());
        assertArrayEquals(new long[] {4, 2}, g.initializers().get(0).dims());
    }

    @Test
    void acceptsUnpackedRepeatedFieldsAndSkipsUnknownFields() throws Exception {
        // dims 2 and 3 unpacked, float_data unpacked, plus unknown fields of every wire type.
        ProtoWriter t = new ProtoWriter().varint(1, 2).varint(1, 3).varint(2, 1);
        for (int k = 0; k < 6; k++) {
            t.fixed32(4, k);
        }
        t.varint(99, 7).fixed32(98, 1f).string(97, "ignored").raw(15 << 3 | 1, 1, 2, 3, 4, 5, 6, 7, 8);
        TensorProto tp = OnnxDecoder.decodeTensor(t.toByteArray(), "t.pb");
        assertArrayEquals(new long[] {2, 3}, tp.dims());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, tp.toTensor("t.pb").data());
    }

    @Test
    void negativeInt32IsReadFromItsTenByteEncoding() throws Exception {
        ProtoWriter t = new ProtoWriter().varint(1, 2).varint(2, DataType.INT32.code()).varint(5, -5L).varint(5, 7);
        assertArrayEquals(new float[] {-5, 7}, OnnxDecoder.decodeTensor(t.toByteArray(), "t").toTensor("t").data());
    }

    @Test
    void wrongWireTypeNamesTheFieldAndPlace() {
        byte[] bytes = new ProtoWriter().message(7, new ProtoWriter().varint(2, 5)).toByteArray(); // graph.name as varint
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(bytes, "m.onnx"));
        assertEquals("m.onnx: field name (number 2) has wire type varint, expected length-delimited at byte 2 inside graph",
                e.getMessage());
    }

    @Test
    void truncationIsReportedInsideTheInnermostMessage() throws Exception {
        byte[] full = new OnnxModelBuilder(13)
                .input("x", OnnxModelBuilder.FLOAT, 1, 4)
                .node("a", "Relu", List.of("x"), List.of("r"))
                .node("b", "LeakyRelu", List.of("r"), List.of("y"), OnnxModelBuilder.floatAttr("alpha", 0.2f),
                        OnnxModelBuilder.stringAttr("note", "a long enough string"))
                .output("y")
                .build();
        // Cut inside the second attribute's string of the second node.
        int cut = indexOf(full, "a long enough".getBytes()) + 3;
        byte[] truncated = java.util.Arrays.copyOf(full, cut);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(truncated, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: truncated at byte " + cut + " inside graph.node[1].attribute[1]"),
                e.getMessage());
    }

    @Test
    void malformedInputsHaveClearMessages() {
        assertEquals("m.onnx: the file is empty",
                assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(new byte[0], "m.onnx")).getMessage());
        byte[] overlong = new byte[12];
        java.util.Arrays.fill(overlong, 0, 11, (byte) 0x80);
        overlong[0] = 0x08; // field 1, varint, then 11 continuation bytes
        assertTrue(assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(overlong, "m.onnx"))
                .getMessage().contains("malformed varint"));
        byte[] group = {(byte) (5 << 3 | 3)};
        assertEquals("m.onnx: field 5 has wire type 3, which ONNX files never use at byte 0 inside model",
                assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(group, "m.onnx")).getMessage());
        byte[] fieldZero = {0x00, 0x01};
        assertTrue(assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(fieldZero, "m.onnx"))
                .getMessage().contains("field number 0"));
        // A nested message that claims more bytes than its parent holds, with bytes after the parent.
        byte[] overrun = new ProtoWriter().message(7, new ProtoWriter().raw(0x0A, 0x7F)).varint(1, 8).toByteArray();
        assertTrue(assertThrows(ModelFormatException.class, () -> OnnxDecoder.decodeModel(overrun, "m.onnx"))
                .getMessage().contains("malformed message at byte 2 inside graph"));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
