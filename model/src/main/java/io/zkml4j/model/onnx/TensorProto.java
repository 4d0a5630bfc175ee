package io.zkml4j.model.onnx;

import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/**
 * An ONNX TensorProto as decoded: dims, element type and whichever data fields the file filled.
 * {@link #toTensor} checks them against each other and converts the values to an IR tensor; it is
 * kept separate from decoding so that an unsupported operator is reported before any data type.
 *
 * @param location where it sits in the file, e.g. "graph.initializer[2]"
 * @param rawData null when absent
 * @param external true when data_location is EXTERNAL or external_data entries are present
 */
public record TensorProto(String location, String name, long[] dims, int dataType, float[] floatData,
                          long[] int32Data, long[] int64Data, double[] doubleData, long[] uint64Data,
                          byte[] rawData, int stringCount, boolean hasSegment, boolean external) {
    /** Integers beyond this magnitude are not all exactly representable as {@code float}. */
    static final long MAX_EXACT_INT = 1L << 24;

    /** How messages name this tensor: its location and name. */
    public String describe() {
        return name.isEmpty() ? location : location + " '" + name + "'";
    }

    public DataType type() {
        return DataType.ofCode(dataType);
    }

    /** Whether the file stores this tensor with an integer element type. */
    public boolean isInteger() {
        DataType t = type();
        return t != null && t.isInteger();
    }

    /** The dims as ints, checked: non-negative and small enough for a Java array. */
    int[] shape(String source) throws ModelImportException {
        int[] shape = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] < 0) {
                throw new ModelFormatException(source + ": " + describe() + " has negative dimension " + dims[k]
                        + " in dims " + Arrays.toString(dims));
            }
        }
        if (ShapeMath.saturatedSize(dims) > ShapeMath.MAX_VALUES) {
            throw new UnsupportedModelException(source + ": " + describe() + " has dims " + Arrays.toString(dims)
                    + "; zkml4j holds at most " + ShapeMath.MAX_VALUES + " values per tensor");
        }
        for (int k = 0; k < dims.length; k++) {
            shape[k] = (int) dims[k];
        }
        return shape;
    }

    /**
     * Converts to an IR tensor. Integer and boolean values become floats; integers must stay within
     * ±2^24 so that the conversion is exact.
     */
    public Tensor toTensor(String source) throws ModelImportException {
        if (external) {
            throw new UnsupportedModelException(source + ": " + describe() + " keeps its data in an external file; "
                    + "zkml4j reads self-contained models only (save the model without external data)");
        }
        if (hasSegment) {
            throw new UnsupportedModelException(source + ": " + describe() + " is a segment of a larger tensor, "
                    + "which zkml4j does not read");
        }
        DataType type = type();
        if (type == null || !type.isSupported()) {
            throw new UnsupportedModelException(source + ": " + describe() + " has data type " + DataType.nameOf(dataType)
                    + ", which zkml4j does not read; supported: " + DataType.supportedNames());
        }
        int[] shape = shape(source);
        int size = (int) Tensor.size(shape);
        float[] values = rawData != null ? fromRaw(source, type, size) : fromTypedField(source, type, size);
        return new Tensor(shape, values);
    }

    private float[] fromRaw(String source, DataType type, int size) throws ModelImportException {
        String typed = filledTypedField();
        if (typed != null) {
            throw new ModelFormatException(source + ": " + describe() + " has both raw_data and " + typed
                    + "; ONNX allows only one");
        }
        long expected = (long) size * type.rawBytes();
        if (rawData.length != expected) {
            throw new ModelFormatException(source + ": " + describe() + " has " + rawData.length + " bytes of raw_data, "
                    + "but dims " + Arrays.toString(dims) + " of " + type + " need " + expected);
        }
        float[] out = new float[size];
        byte[] b = rawData;
        for (int k = 0; k < size; k++) {
            int o = k * type.rawBytes();
            out[k] = switch (type) {
                case FLOAT -> Float.intBitsToFloat(littleEndianInt(b, o));
                case DOUBLE -> (float) Double.longBitsToDouble(littleEndianLong(b, o));
                case UINT8 -> b[o] & 0xFF;
                case INT8 -> b[o];
                case BOOL -> b[o] != 0 ? 1f : 0f;
                case INT16 -> (short) ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8);
                case INT32 -> exactInt(source, littleEndianInt(b, o), k);
                case INT64 -> exactInt(source, littleEndianLong(b, o), k);
                default -> throw new IllegalStateException("type checked above: " + type);
            };
        }
        return out;
    }

    private float[] fromTypedField(String source, DataType type, int size) throws ModelImportException {
        // Which repeated field holds each type, per the TensorProto documentation.
        String field = switch (type) {
            case FLOAT -> "float_data";
            case DOUBLE -> "double_data";
            case INT64 -> "int64_data";
            default -> "int32_data";
        };
        String typed = filledTypedField();
        if (typed != null && !typed.equals(field)) {
            throw new ModelFormatException(source + ": " + describe() + " has data type " + type + " but stores its values in "
                    + typed + " (expected " + field + " or raw_data)");
        }
        int count = switch (type) {
            case FLOAT -> floatData.length;
            case DOUBLE -> doubleData.length;
            case INT64 -> int64Data.length;
            default -> int32Data.length;
        };
        if (count != size) {
            throw new ModelFormatException(source + ": " + describe() + " has " + count + " value(s) in " + field
                    + ", but dims " + Arrays.toString(dims) + " need " + size);
        }
        float[] out = new float[size];
        for (int k = 0; k < size; k++) {
            out[k] = switch (type) {
                case FLOAT -> floatData[k];
                case DOUBLE -> (float) doubleData[k];
                case INT64 -> exactInt(source, int64Data[k], k);
                case BOOL -> int32Data[k] != 0 ? 1f : 0f;
                default -> exactInt(source, int32Data[k], k);
            };
        }
        return out;
    }

    private String filledTypedField() {
        if (floatData.length > 0) {
            return "float_data";
        }
        if (int32Data.length > 0) {
            return "int32_data";
        }
        if (int64Data.length > 0) {
            return "int64_data";
        }
        if (doubleData.length > 0) {
            return "double_data";
        }
        if (uint64Data.length > 0) {
            return "uint64_data";
        }
        if (stringCount > 0) {
            return "string_data";
        }
        return null;
    }

    private float exactInt(String source, long v, int index) throws UnsupportedModelException {
        if (v > MAX_EXACT_INT || v < -MAX_EXACT_INT) {
            throw new UnsupportedModelException(source + ": " + describe() + " holds " + v + " at index " + index
                    + "; zkml4j keeps values as floats and accepts integers only up to 2^24 in magnitude");
        }
        return v;
    }

    private static int littleEndianInt(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    private static long littleEndianLong(byte[] b, int o) {
        return (littleEndianInt(b, o) & 0xFFFFFFFFL) | (long) littleEndianInt(b, o + 4) << 32;
    }
}
