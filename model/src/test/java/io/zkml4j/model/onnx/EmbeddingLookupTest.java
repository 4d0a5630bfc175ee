package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.INT64;
import static org.junit.jupiter.api.Assertions.*;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Embedding lookups by computed indices (token ids as a model's INT64 input): PyTorch's
 * nn.Embedding (src/test/resources/pytorch/export_embedding.py) imports as one-hot rows times the
 * table, gives the same values as ONNX's Gather at those indices, and quantises to exact one-hot
 * rows; what it cannot do is refused, naming why.
 */
class EmbeddingLookupTest {
    static byte[] onnx() throws Exception {
        try (InputStream in = EmbeddingLookupTest.class.getResourceAsStream("/pytorch/embedding.onnx")) {
            return in.readAllBytes();
        }
    }

    private static final float[] IDS = {3, 17, 99, 0, 42, 42, 7, 64};

    /** The same model with the ids bound as a constant: ONNX's own Gather, folded (the reference). */
    private static float[] reference(float[] ids) throws Exception {
        Graph bound = OnnxImporter.load(onnx(), "embedding.onnx", Map.of("ids", new Tensor(new int[] {1, 8}, ids)));
        return new FloatExecutor(bound).runOutputs(Map.of()).get("y").data();
    }

    @Test
    void importsAsOneHotRowsTimesTheTableAndMatchesOnnxGather() throws Exception {
        Graph g = OnnxImporter.load(onnx(), "embedding.onnx");
        List<String> ops = g.nodes().stream().map(Node::opType).toList();
        assertFalse(ops.contains("Gather"), ops.toString());
        assertTrue(ops.contains("zkml4j.IndexMatches") && ops.contains("MatMul"), ops.toString());
        float[] got = new FloatExecutor(g).runOutputs(Map.of("ids", new Tensor(new int[] {1, 8}, IDS))).get("y").data();
        assertArrayEquals(reference(IDS), got, 1e-6f);
        // A negative index counts from the end, as ONNX's Gather says: -1 is row 99.
        float[] negative = IDS.clone();
        negative[2] = -1;
        float[] wrapped = new FloatExecutor(g).runOutputs(Map.of("ids", new Tensor(new int[] {1, 8}, negative))).get("y").data();
        assertArrayEquals(got, wrapped, 0f);
    }

    @Test
    void quantisedLookupsAreExactOneHotRows() throws Exception {
        Graph g = OnnxImporter.load(onnx(), "embedding.onnx");
        QuantizedModel m = Quantizer.quantize(g, List.of(IDS)).model();
        float[] other = {99, 1, 2, 5, 50, 98, 0, 13};
        QuantizedExecutor.Trace t = QuantizedExecutor.run(m, m.quantizeInput(other));
        String oneHot = m.tensors().keySet().stream().filter(n -> n.endsWith("_one_hot")).findFirst().orElseThrow();
        long[] h = t.value(oneHot);
        long one = Math.round(1 / m.tensor(oneHot).scale());
        assertEquals(8 * 100, h.length);
        for (int i = 0; i < 8; i++) {
            for (int v = 0; v < 100; v++) {
                assertEquals(v == (int) other[i] ? one : 0, h[i * 100 + v], "token " + i + ", row " + v);
            }
        }
        double[] y = m.dequantizeOutput(t.value(m.output()));
        float[] expected = reference(other);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 2e-3, "output " + i);
        }
    }

    private static OnnxModelBuilder lookup(int rows, String idsConsumer) {
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("ids", INT64, 1, 4).output("y")
                .initializer("table", new int[] {rows, 2}, new float[rows * 2]);
        if (idsConsumer.equals("Gather")) {
            return b.node("lookup", "Gather", List.of("table", "ids"), List.of("y"));
        }
        return b.initializer("one", new int[] {1}, 1f).node("add", idsConsumer, List.of("ids", "one"), List.of("y"));
    }

    private static String refusal(OnnxModelBuilder b) {
        ModelImportException e = assertThrows(ModelImportException.class, () -> OnnxImporter.load(b.build(), "m.onnx"));
        return e.getMessage();
    }

    @Test
    void whatALookupCannotDoIsRefusedNamingWhy() {
        assertDoesNotThrow(() -> OnnxImporter.load(lookup(EmbeddingLowering.MAX_ROWS, "Gather").build(), "m.onnx"));
        String tooMany = refusal(lookup(EmbeddingLowering.MAX_ROWS + 1, "Gather"));
        assertTrue(tooMany.contains("at most " + EmbeddingLowering.MAX_ROWS + " rows"), tooMany);
        String notIndices = refusal(lookup(10, "Add"));
        assertTrue(notIndices.contains("graph input 'ids' holds integers") && notIndices.contains("add"), notIndices);
        String computedTable = refusal(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).input("ids", INT64, 1, 2).output("y")
                .node("lookup", "Gather", List.of("x", "ids"), List.of("y")));
        assertTrue(computedTable.contains("at computed indices"), computedTable);
        String otherAxis = refusal(new OnnxModelBuilder(13).input("ids", INT64, 1, 2).output("y")
                .initializer("table", new int[] {3, 4}, new float[12])
                .node("lookup", "Gather", List.of("table", "ids"), List.of("y"), OnnxModelBuilder.intAttr("axis", 1)));
        assertTrue(otherAxis.contains("axis 1"), otherAxis);
        String empty = refusal(new OnnxModelBuilder(13).input("ids", INT64, 1, 2).output("y")
                .initializer("table", new int[] {0, 2}, new float[0]).node("lookup", "Gather", List.of("table", "ids"), List.of("y")));
        assertTrue(empty.contains("empty table"), empty);
        String huge = refusal(new OnnxModelBuilder(13).input("ids", INT64, 1, 1 << 14).output("y")
                .initializer("table", new int[] {2048, 1}, new float[2048]).node("lookup", "Gather", List.of("table", "ids"), List.of("y")));
        assertTrue(huge.contains("one-hot entries, above"), huge);
        // The lowering's own function is not an operator a file may name.
        String own = refusal(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).output("y")
                .node("f", "zkml4j.IndexMatches", List.of("x"), List.of("y")));
        assertTrue(own.contains("does not support"), own);
    }
}
