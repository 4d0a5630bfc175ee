package io.zkml4j.model.onnx;

import java.util.List;

/**
 * A graph input or output: name and type (ValueInfoProto with its TypeProto and TensorShapeProto).
 *
 * @param location where it sits in the file, e.g. "graph.input[0]"
 * @param dims null when the type carries no shape at all (rank unknown)
 */
public record ValueInfoProto(String location, String name, TypeKind kind, int elemType, List<Dimension> dims) {
    public ValueInfoProto {
        dims = dims == null ? null : List.copyOf(dims);
    }

    /** Which member of TypeProto's value oneof is set. */
    public enum TypeKind { MISSING, TENSOR, SEQUENCE, MAP, OPTIONAL, SPARSE_TENSOR, OTHER }

    /** One dimension: a fixed value, a symbolic name (dim_param), or neither (unknown). */
    public record Dimension(boolean hasValue, long value, String param) {
        @Override
        public String toString() {
            return hasValue ? Long.toString(value) : param.isEmpty() ? "?" : param;
        }
    }
}
