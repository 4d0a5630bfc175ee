package io.zkml4j.model.onnx;

import java.util.List;

/**
 * The fields of an ONNX GraphProto that zkml4j reads. value_info is skipped: zkml4j infers every
 * shape itself.
 */
public record GraphProto(String name, List<NodeProto> nodes, List<TensorProto> initializers,
                         int sparseInitializerCount, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs) {
    public GraphProto {
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
