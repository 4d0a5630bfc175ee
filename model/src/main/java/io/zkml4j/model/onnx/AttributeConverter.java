package io.zkml4j.model.onnx;

import io.zkml4j.model.ir.Attribute;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Converts decoded AttributeProtos to IR attributes. */
final class AttributeConverter {
    private AttributeConverter() {}

    /** All attributes of a node, by name. */
    static Map<String, Attribute> convert(NodeProto node, String source) throws ModelImportException {
        Map<String, Attribute> out = new HashMap<>();
        for (AttributeProto a : node.attributes()) {
            String where = source + ": " + node.describe() + " (" + node.opType() + ") attribute '" + a.name() + "'";
            if (a.name().isEmpty()) {
                throw new ModelFormatException(source + ": " + a.location() + " has no name");
            }
            if (!a.refAttrName().isEmpty()) {
                throw new ModelFormatException(where + " refers to a function attribute ('" + a.refAttrName()
                        + "'), which is only allowed inside functions");
            }
            if (out.containsKey(a.name())) {
                throw new ModelFormatException(where + " is given twice");
            }
            out.put(a.name(), convert(a, where, source));
        }
        return out;
    }

    private static Attribute convert(AttributeProto a, String where, String source) throws ModelImportException {
        int type = a.type() != 0 ? a.type() : inferType(a, where);
        return switch (type) {
            case AttributeProto.FLOAT -> new Attribute.Float(a.f());
            case AttributeProto.INT -> new Attribute.Int(a.i());
            case AttributeProto.STRING -> new Attribute.Str(a.s() == null ? "" : new String(a.s(), StandardCharsets.UTF_8));
            case AttributeProto.TENSOR -> {
                if (a.t() == null) {
                    throw new ModelFormatException(where + " is declared TENSOR but holds no tensor");
                }
                yield new Attribute.TensorValue(a.t().toTensor(source), a.t().dataType());
            }
            case AttributeProto.FLOATS -> new Attribute.Floats(a.floats());
            case AttributeProto.INTS -> new Attribute.Ints(a.ints());
            default -> throw new UnsupportedModelException(where + " has type " + AttributeProto.typeName(type)
                    + ", which zkml4j does not read (only FLOAT, INT, STRING, TENSOR, FLOATS and INTS)");
        };
    }

    /** Files older than IR version 2 leave the type out; it follows from the value field present. */
    private static int inferType(AttributeProto a, String where) throws ModelFormatException {
        if (a.hasF()) {
            return AttributeProto.FLOAT;
        }
        if (a.hasI()) {
            return AttributeProto.INT;
        }
        if (a.s() != null) {
            return AttributeProto.STRING;
        }
        if (a.t() != null) {
            return AttributeProto.TENSOR;
        }
        if (a.floats().length > 0) {
            return AttributeProto.FLOATS;
        }
        if (a.ints().length > 0) {
            return AttributeProto.INTS;
        }
        if (a.stringCount() > 0) {
            return AttributeProto.STRINGS;
        }
        if (a.tensorCount() > 0) {
            return AttributeProto.TENSORS;
        }
        if (!a.otherValueKinds().isEmpty()) {
            return AttributeProto.GRAPH;
        }
        throw new ModelFormatException(where + " has neither a type nor a value");
    }
}
