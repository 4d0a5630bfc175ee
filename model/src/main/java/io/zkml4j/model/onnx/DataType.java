package io.zkml4j.model.onnx;

/**
 * ONNX tensor element types (TensorProto.DataType), with the ones zkml4j reads. Values are
 * held as {@code float}s after import, so only types whose values zkml4j can convert are read.
 */
public enum DataType {
    UNDEFINED(0, 0),
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    UINT16(4, 0),
    INT16(5, 2),
    INT32(6, 4),
    INT64(7, 8),
    STRING(8, 0),
    BOOL(9, 1),
    FLOAT16(10, 0),
    DOUBLE(11, 8),
    UINT32(12, 0),
    UINT64(13, 0),
    COMPLEX64(14, 0),
    COMPLEX128(15, 0),
    BFLOAT16(16, 0);

    private final int code;
    private final int rawBytes;

    DataType(int code, int rawBytes) {
        this.code = code;
        this.rawBytes = rawBytes;
    }

    public int code() {
        return code;
    }

    /** Bytes per element in raw_data; 0 for the types zkml4j does not read. */
    int rawBytes() {
        return rawBytes;
    }

    /** Whether zkml4j can read tensors of this type. */
    public boolean isSupported() {
        return rawBytes > 0;
    }

    /** Whether this is a floating-point type zkml4j executes (runtime inputs must be one of these). */
    public boolean isFloat() {
        return this == FLOAT || this == DOUBLE;
    }

    /** Whether this is an integer type (whose division truncates). */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    /** The name of an element type code, for messages ("FLOAT16", or "type 23" for codes this enum does not list). */
    public static String nameOf(int code) {
        for (DataType t : values()) {
            if (t.code == code) {
                return t.name();
            }
        }
        return "type " + code;
    }

    /** The type with this code, or null when the code is not one of the listed ones. */
    public static DataType ofCode(int code) {
        for (DataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The types zkml4j reads, for messages. */
    public static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (DataType t : values()) {
            if (t.isSupported()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(t.name());
            }
        }
        return sb.toString();
    }
}
