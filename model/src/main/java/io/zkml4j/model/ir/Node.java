package io.zkml4j.model.ir;

import java.util.List;
import java.util.Map;

/**
 * One operator application, as in ONNX: op type, named inputs and outputs (empty string for an
 * omitted optional input), attributes.
 */
public record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** How this node is named in messages: its name if it has one, else its op type and first output. */
    public String describe() {
        return name.isEmpty() ? opType + " producing '" + (outputs.isEmpty() ? "?" : outputs.get(0)) + "'" : "'" + name + "' (" + opType + ")";
    }

    public Attribute attribute(String key) {
        return attributes.get(key);
    }

    public long intAttr(String key, long defaultValue) {
        Attribute a = attributes.get(key);
        return a == null ? defaultValue : a.asInt();
    }

    public float floatAttr(String key, float defaultValue) {
        Attribute a = attributes.get(key);
        return a == null ? defaultValue : a.asFloat();
    }

    public long[] intsAttr(String key, long[] defaultValue) {
        Attribute a = attributes.get(key);
        return a == null ? defaultValue : a.asInts();
    }

    public String stringAttr(String key, String defaultValue) {
        Attribute a = attributes.get(key);
        return a == null ? defaultValue : a.asString();
    }
}
