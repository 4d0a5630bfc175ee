package io.zkml4j.model.onnx;

/**
 * An ONNX AttributeProto as decoded. {@code type} is the AttributeType code; files written before
 * IR version 2 leave it 0, and the importer then infers it from which value field is present.
 *
 * @param location where it sits in the file, e.g. "graph.node[3].attribute[1]"
 * @param t the tensor value, or null
 * @param otherValueKinds names of value fields zkml4j does not use that are present (graphs, sparse tensors, type protos)
 */
public record AttributeProto(String location, String name, int type, String refAttrName,
                             boolean hasF, float f, boolean hasI, long i, byte[] s, TensorProto t,
                             float[] floats, long[] ints, int stringCount, int tensorCount,
                             java.util.List<String> otherValueKinds) {
    // AttributeProto.AttributeType codes.
    public static final int FLOAT = 1;
    public static final int INT = 2;
    public static final int STRING = 3;
    public static final int TENSOR = 4;
    public static final int GRAPH = 5;
    public static final int FLOATS = 6;
    public static final int INTS = 7;
    public static final int STRINGS = 8;
    public static final int TENSORS = 9;
    public static final int GRAPHS = 10;
    public static final int SPARSE_TENSOR = 11;
    public static final int SPARSE_TENSORS = 12;
    public static final int TYPE_PROTO = 13;
    public static final int TYPE_PROTOS = 14;

    public AttributeProto {
        otherValueKinds = java.util.List.copyOf(otherValueKinds);
    }

    /** The AttributeType name of a code, for messages. */
    public static String typeName(int type) {
        return switch (type) {
            case 0 -> "UNDEFINED";
            case FLOAT -> "FLOAT";
            case INT -> "INT";
            case STRING -> "STRING";
            case TENSOR -> "TENSOR";
            case GRAPH -> "GRAPH";
            case FLOATS -> "FLOATS";
            case INTS -> "INTS";
            case STRINGS -> "STRINGS";
            case TENSORS -> "TENSORS";
            case GRAPHS -> "GRAPHS";
            case SPARSE_TENSOR -> "SPARSE_TENSOR";
            case SPARSE_TENSORS -> "SPARSE_TENSORS";
            case TYPE_PROTO -> "TYPE_PROTO";
            case TYPE_PROTOS -> "TYPE_PROTOS";
            default -> "type " + type;
        };
    }
}
