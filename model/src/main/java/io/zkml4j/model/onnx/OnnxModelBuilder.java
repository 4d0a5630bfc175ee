package io.zkml4j.model.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds ONNX model files field by field as onnx.proto numbers them: the models the project
 * exports (a trained network) and the ones importer tests build, so that they do not depend on
 * files produced elsewhere.
 */
public final class OnnxModelBuilder {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    private final int opset;
    private long irVersion = 8;
    private String graphName = "test-graph";
    private String producer = "zkml4j-tests";
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();

    public OnnxModelBuilder(int opset) {
        this.opset = opset;
    }

    /** The graph's name and the producer the file names. */
    public OnnxModelBuilder named(String graph, String producerName) {
        graphName = graph;
        producer = producerName;
        return this;
    }

    public OnnxModelBuilder irVersion(long v) {
        irVersion = v;
        return this;
    }

    /** A graph input; a dimension of -1 is written as the symbolic dimension "N". */
    public OnnxModelBuilder input(String name, int elemType, long... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A graph output with no declared shape. */
    public OnnxModelBuilder output(String name) {
        outputs.add(new ProtoWriter().string(1, name)
                .message(2, new ProtoWriter().message(1, new ProtoWriter().varint(1, FLOAT))));
        return this;
    }

    public OnnxModelBuilder output(String name, long... dims) {
        outputs.add(valueInfo(name, FLOAT, dims));
        return this;
    }

    public OnnxModelBuilder initializer(String name, int[] dims, float... values) {
        initializers.add(floatTensor(name, dims, values));
        return this;
    }

    public OnnxModelBuilder int64Initializer(String name, long... values) {
        initializers.add(int64Tensor(name, values));
        return this;
    }

    /** Adds a raw TensorProto as an initializer. */
    public OnnxModelBuilder initializer(ProtoWriter tensor) {
        initializers.add(tensor);
        return this;
    }

    public OnnxModelBuilder node(String name, String op, List<String> in, List<String> out, ProtoWriter... attributes) {
        return node(name, "", op, in, out, attributes);
    }

    public OnnxModelBuilder node(String name, String domain, String op, List<String> in, List<String> out, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, name).string(4, op);
        for (ProtoWriter a : attributes) {
            n.message(5, a);
        }
        if (!domain.isEmpty()) {
            n.string(7, domain);
        }
        nodes.add(n);
        return this;
    }

    public byte[] build() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, graphName);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return new ProtoWriter()
                .varint(1, irVersion)
                .string(2, producer)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, opset))
                .toByteArray();
    }

    public static ProtoWriter floatTensor(String name, int[] dims, float... values) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, FLOAT).packedFloats(4, values).string(8, name);
    }

    public static ProtoWriter int64Tensor(String name, long... values) {
        return new ProtoWriter().varint(1, values.length).varint(2, INT64).packedVarints(7, values).string(8, name);
    }

    public static ProtoWriter intAttr(String name, long v) {
        return new ProtoWriter().string(1, name).varint(3, v).varint(20, AttributeProto.INT);
    }

    public static ProtoWriter floatAttr(String name, float v) {
        return new ProtoWriter().string(1, name).fixed32(2, v).varint(20, AttributeProto.FLOAT);
    }

    public static ProtoWriter intsAttr(String name, long... v) {
        return new ProtoWriter().string(1, name).packedVarints(8, v).varint(20, AttributeProto.INTS);
    }

    public static ProtoWriter stringAttr(String name, String v) {
        return new ProtoWriter().string(1, name).string(4, v).varint(20, AttributeProto.STRING);
    }

    public static ProtoWriter tensorAttr(String name, ProtoWriter tensor) {
        return new ProtoWriter().string(1, name).message(5, tensor).varint(20, AttributeProto.TENSOR);
    }

    private static ProtoWriter valueInfo(String name, int elemType, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, d < 0 ? new ProtoWriter().string(2, "N") : new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
