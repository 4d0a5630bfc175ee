package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.stringAttr;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lowerings that build constant maps (a resized axis's weight matrix, a cumulative sum's triangle,
 * an index map) refuse sizes beyond their bounds with the node named, before allocating anything.
 */
class LoweringBoundsTest {
    @Test
    void aResizeWhoseWeightMatrixWouldBeTooLargeIsRefused() {
        byte[] model = new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4096).output("y")
                .int64Initializer("sizes", 1, 1, 8192)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), stringAttr("mode", "linear")).build();
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.load(model, "m.onnx"));
        assertTrue(e.getMessage().contains("node 'up'") && e.getMessage().contains("resizes an axis of 4096 to 8192 positions"),
                e.getMessage());
    }

    @Test
    void aCumulativeSumAlongALongAxisIsRefused() {
        byte[] model = new OnnxModelBuilder(14).input("x", FLOAT, 1, 5000).output("y").int64Initializer("axis", 1)
                .node("sum", "CumSum", List.of("x", "axis"), List.of("y")).build();
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.load(model, "m.onnx"));
        assertTrue(e.getMessage().contains("node 'sum'") && e.getMessage().contains("at most 4,096"), e.getMessage());
    }
}
