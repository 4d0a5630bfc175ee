package io.zkml4j.model.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Reads one protobuf message from a byte array, field by field, following the protobuf wire
 * format: each field is a varint tag (field number &lt;&lt; 3 | wire type) followed by a varint,
 * a fixed 32/64-bit value, or a length-delimited payload (strings, bytes, nested messages and
 * packed repeated scalars).
 *
 * <p>Every reader knows the file name and the path of the message it reads (for example
 * {@code graph.node[3].attribute[1]}), so that errors say exactly where a model is broken.
 * Nested messages are read by child readers over a sub-range of the same array: nothing is copied.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private final int end;
    private final String source;
    private final String path;
    /** True when the message's declared length runs past the end of the file (the file was cut short). */
    private final boolean truncated;
    private int pos;
    private int fieldStart;
    private int fieldNumber;
    private int wireType;

    private ProtoReader(byte[] bytes, int start, int end, boolean truncated, String source, String path) {
        this.bytes = bytes;
        this.pos = start;
        this.fieldStart = start;
        this.end = end;
        this.truncated = truncated;
        this.source = source;
        this.path = path;
    }

    /** A reader over a whole file; {@code path} names the top-level message in errors (e.g. "model"). */
    static ProtoReader of(byte[] bytes, String source, String path) {
        return new ProtoReader(bytes, 0, bytes.length, false, source, path);
    }

    String path() {
        return path;
    }

    String source() {
        return source;
    }

    /**
     * Whether another field follows in this message. A message cut short by the end of the file
     * fails here, so that truncation is reported inside the innermost message it hits.
     */
    boolean hasNext() throws ModelFormatException {
        if (pos < end) {
            return true;
        }
        if (truncated) {
            throw new ModelFormatException(source + ": truncated at byte " + end + " inside " + path);
        }
        return false;
    }

    /** Reads the next field's tag; {@link #fieldNumber()} and {@link #wireType()} then describe it. */
    void next() throws ModelFormatException {
        fieldStart = pos;
        long tag = readVarint();
        if (tag >>> 32 != 0) {
            throw error("field tag " + tag + " is out of range");
        }
        fieldNumber = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (fieldNumber == 0) {
            throw error("field number 0 is not allowed");
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            // 3 and 4 are the deprecated group markers, which ONNX never uses; 6 and 7 do not exist.
            throw error("field " + fieldNumber + " has wire type " + wireType + ", which ONNX files never use");
        }
    }

    int fieldNumber() {
        return fieldNumber;
    }

    int wireType() {
        return wireType;
    }

    /** Skips the current field's value (for fields zkml4j does not need). */
    void skip() throws ModelFormatException {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case LENGTH_DELIMITED -> advance(readLength());
            default -> throw new IllegalStateException("wire type checked in next()");
        }
    }

    long readInt64(String field) throws ModelFormatException {
        expect(VARINT, field);
        return readVarint();
    }

    /** An int32 field: protobuf sign-extends negative values to ten-byte varints. */
    int readInt32(String field) throws ModelFormatException {
        expect(VARINT, field);
        long v = readVarint();
        if (v != (int) v) {
            throw error("field " + field + " holds " + v + ", which does not fit an int32");
        }
        return (int) v;
    }

    float readFloat(String field) throws ModelFormatException {
        expect(FIXED32, field);
        return Float.intBitsToFloat(readFixed32());
    }

    String readString(String field) throws ModelFormatException {
        expect(LENGTH_DELIMITED, field);
        int length = readLength();
        String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    byte[] readBytes(String field) throws ModelFormatException {
        expect(LENGTH_DELIMITED, field);
        int length = readLength();
        byte[] out = new byte[length];
        System.arraycopy(bytes, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** A nested message; {@code childPath} names it in errors. */
    ProtoReader readMessage(String field, String childPath) throws ModelFormatException {
        expect(LENGTH_DELIMITED, field);
        long length = readVarint();
        if (length >= 0 && length <= end - pos) {
            ProtoReader child = new ProtoReader(bytes, pos, pos + (int) length, false, source, childPath);
            pos += (int) length;
            return child;
        }
        if (end == bytes.length) {
            // The file ends inside this message: read what is there, so the error names the innermost place.
            ProtoReader child = new ProtoReader(bytes, pos, end, true, source, childPath);
            pos = end;
            return child;
        }
        throw overrun(length);
    }

    /** One or more values of a repeated varint field (int32, int64, enum), packed or not. */
    void readRepeatedVarint(String field, ArrayBuilders.Longs into) throws ModelFormatException {
        if (wireType == VARINT) {
            into.add(readVarint());
            return;
        }
        expect(LENGTH_DELIMITED, field);
        int length = readLength();
        int stop = pos + length;
        ProtoReader packed = new ProtoReader(bytes, pos, stop, false, source, path);
        while (packed.pos < stop) {
            into.add(packed.readVarint());
        }
        pos = stop;
    }

    /** One or more values of a repeated float field, packed or not. */
    void readRepeatedFloat(String field, ArrayBuilders.Floats into) throws ModelFormatException {
        if (wireType == FIXED32) {
            into.add(Float.intBitsToFloat(readFixed32()));
            return;
        }
        expect(LENGTH_DELIMITED, field);
        int length = readLength();
        if (length % 4 != 0) {
            throw error("packed field " + field + " has " + length + " bytes, not a multiple of 4");
        }
        for (int stop = pos + length; pos < stop; ) {
            into.add(Float.intBitsToFloat(readFixed32()));
        }
    }

    /** One or more values of a repeated double field, packed or not. */
    void readRepeatedDouble(String field, ArrayBuilders.Doubles into) throws ModelFormatException {
        if (wireType == FIXED64) {
            into.add(Double.longBitsToDouble(readFixed64()));
            return;
        }
        expect(LENGTH_DELIMITED, field);
        int length = readLength();
        if (length % 8 != 0) {
            throw error("packed field " + field + " has " + length + " bytes, not a multiple of 8");
        }
        for (int stop = pos + length; pos < stop; ) {
            into.add(Double.longBitsToDouble(readFixed64()));
        }
    }

    /** An error located at the start of the current field. */
    ModelFormatException error(String what) {
        return new ModelFormatException(source + ": " + what + " at byte " + fieldStart + " inside " + path);
    }

    private void expect(int expected, String field) throws ModelFormatException {
        if (wireType != expected) {
            throw error("field " + field + " (number " + fieldNumber + ") has wire type " + wireTypeName(wireType)
                    + ", expected " + wireTypeName(expected));
        }
    }

    private static String wireTypeName(int type) {
        return switch (type) {
            case VARINT -> "varint";
            case FIXED64 -> "64-bit";
            case LENGTH_DELIMITED -> "length-delimited";
            case FIXED32 -> "32-bit";
            default -> String.valueOf(type);
        };
    }

    private long readVarint() throws ModelFormatException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw truncated();
            }
            byte b = bytes[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ModelFormatException(source + ": malformed varint (longer than 10 bytes) at byte " + (pos - 10) + " inside " + path);
    }

    private int readLength() throws ModelFormatException {
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw overrun(length);
        }
        return (int) length;
    }

    private ModelFormatException overrun(long length) {
        String detail = "field " + fieldNumber + " (starting at byte " + fieldStart + ") declares "
                + Long.toUnsignedString(length) + " bytes, but only " + (end - pos) + " remain";
        if (end == bytes.length) {
            return new ModelFormatException(source + ": truncated at byte " + end + " inside " + path + ": " + detail);
        }
        return new ModelFormatException(source + ": malformed message at byte " + fieldStart + " inside " + path + ": "
                + detail + " in the enclosing message");
    }

    private int readFixed32() throws ModelFormatException {
        if (end - pos < 4) {
            throw truncated();
        }
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long readFixed64() throws ModelFormatException {
        if (end - pos < 8) {
            throw truncated();
        }
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (bytes[pos + k] & 0xFFL);
        }
        pos += 8;
        return v;
    }

    private void advance(int count) throws ModelFormatException {
        if (end - pos < count) {
            throw truncated();
        }
        pos += count;
    }

    private ModelFormatException truncated() {
        if (end == bytes.length) {
            return new ModelFormatException(source + ": truncated at byte " + end + " inside " + path);
        }
        return new ModelFormatException(source + ": malformed field at byte " + fieldStart + " inside " + path
                + ": its value runs past the end of the enclosing message (byte " + end + ")");
    }
}
