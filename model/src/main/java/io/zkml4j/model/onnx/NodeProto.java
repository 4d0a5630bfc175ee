package io.zkml4j.model.onnx;

import java.util.List;

/**
 * An ONNX NodeProto as decoded.
 *
 * @param location where it sits in the file, e.g. "graph.node[3]", for messages
 */
public record NodeProto(String location, String name, String opType, String domain, List<String> inputs,
                        List<String> outputs, List<AttributeProto> attributes) {
    public NodeProto {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    /** How messages name this node: "node 'conv1'", or by position and first output when it has no name. */
    public String describe() {
        if (!name.isEmpty()) {
            return "node '" + name + "'";
        }
        return location + (outputs.isEmpty() ? "" : " (producing '" + outputs.get(0) + "')");
    }

    /** The op type, prefixed by its domain when that is not the default one. */
    public String qualifiedOpType() {
        return OnnxDomains.isDefault(domain) ? opType : domain + "." + opType;
    }
}
