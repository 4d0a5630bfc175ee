package io.zkml4j.model.ir;

/** An ONNX node attribute: one of int, float, string, ints, floats, tensor. */
public sealed interface Attribute {
    record Int(long value) implements Attribute {}

    record Float(float value) implements Attribute {}

    record Str(String value) implements Attribute {}

    record Ints(long[] values) implements Attribute {}

    record Floats(float[] values) implements Attribute {}

    /** A tensor attribute with the ONNX element type the file stored it with (1 is FLOAT). */
    record TensorValue(Tensor value, int elementType) implements Attribute {
        public TensorValue(Tensor value) {
            this(value, 1);
        }
    }

    default long asInt() {
        if (this instanceof Int i) {
            return i.value();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not an int");
    }

    default float asFloat() {
        if (this instanceof Float f) {
            return f.value();
        }
        if (this instanceof Int i) {
            return i.value();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not a float");
    }

    default String asString() {
        if (this instanceof Str s) {
            return s.value();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not a string");
    }

    default long[] asInts() {
        if (this instanceof Ints i) {
            return i.values().clone();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not a list of ints");
    }

    default float[] asFloats() {
        if (this instanceof Floats f) {
            return f.values().clone();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not a list of floats");
    }

    default Tensor asTensor() {
        if (this instanceof TensorValue t) {
            return t.value();
        }
        throw new IllegalArgumentException("attribute is " + kind() + ", not a tensor");
    }

    default String kind() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
