package io.zkml4j.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A small CNN exported by torch.onnx (src/test/resources/pytorch/export_pytorch_cnn.py) at an
 * old and a recent opset: the structural operators PyTorch emits around x.view(x.size(0), -1)
 * and torch.clamp must disappear, the symbolic batch becomes 1, and the float executor must
 * reproduce PyTorch's output.
 */
class PyTorchExportTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchExportTest.class.getResourceAsStream("/pytorch/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /pytorch/" + name);
            }
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 13})
    void importsAndReproducesPyTorch(int opset) throws Exception {
        String file = "pytorch_cnn_opset" + opset + ".onnx";
        Graph g = OnnxImporter.load(resource(file), file);
        List<String> ops = g.nodes().stream().map(Node::opType).toList();
        assertEquals(List.of("Conv", "Relu", "BatchNormalization", "MaxPool", "Conv", "LeakyRelu", "GlobalAveragePool",
                "Reshape", "Gemm", "Sigmoid", "Tanh", "Mul", "Sub", "Gemm", "Clip", "Softmax"), ops);
        assertArrayEquals(new int[] {1, 1, 12, 12}, g.inputs().get(0).shape());
        Node reshape = g.nodes().get(7);
        assertArrayEquals(new float[] {1, 6}, g.constants().get(reshape.inputs().get(1)).data());
        assertNull(g.nodes().get(3).attribute("auto_pad"));

        Tensor image = OnnxDecoder.decodeTensor(resource("pytorch_cnn_input.pb"), "input").toTensor("input");
        Tensor expected = OnnxDecoder.decodeTensor(resource("pytorch_cnn_output.pb"), "output").toTensor("output");
        Tensor probs = new FloatExecutor(g).runOutputs(Map.of("image", image)).get("probs");
        assertArrayEquals(expected.shape(), probs.shape());
        assertArrayEquals(expected.data(), probs.data(), 1e-6f);
    }
}
