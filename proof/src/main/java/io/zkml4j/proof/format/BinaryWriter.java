package io.zkml4j.proof.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian binary output for key and proof files; every array is length-prefixed. Writes into
 * its own growing buffer (dataset keys run to tens of megabytes: a synchronized stream written
 * byte by byte was a noticeable part of committing a dataset).
 */
public final class BinaryWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int size;

    public BinaryWriter() {
        this(256);
    }

    /** A writer whose buffer holds {@code expectedBytes} from the start: a large file is then never copied while it grows. */
    public BinaryWriter(long expectedBytes) {
        if (expectedBytes < 0 || expectedBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("expected output of " + expectedBytes + " bytes");
        }
        buffer = new byte[(int) expectedBytes];
    }

    /** Room for {@code more} bytes past the end. */
    private void reserve(long more) {
        long needed = size + more;
        if (needed > buffer.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("binary output over 2 GB");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * buffer.length)));
        }
    }

    public BinaryWriter magic(String fourLetters, int version) {
        byte[] m = fourLetters.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 4) {
            throw new IllegalArgumentException("magic must be four ASCII letters");
        }
        raw(m);
        return u16(version);
    }

    public BinaryWriter u8(int v) {
        reserve(1);
        buffer[size++] = (byte) v;
        return this;
    }

    public BinaryWriter u16(int v) {
        reserve(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
        return this;
    }

    public BinaryWriter i32(int v) {
        reserve(4);
        INT.set(buffer, size, v);
        size += 4;
        return this;
    }

    public BinaryWriter i64(long v) {
        reserve(8);
        LONG.set(buffer, size, v);
        size += 8;
        return this;
    }

    public BinaryWriter f64(double v) {
        return i64(Double.doubleToLongBits(v));
    }

    public BinaryWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public BinaryWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public BinaryWriter bytes(byte[] b) {
        i32(b.length);
        return raw(b);
    }

    /** Bytes without a length prefix (fixed-size fields such as digests). */
    public BinaryWriter raw(byte[] b) {
        reserve(b.length);
        System.arraycopy(b, 0, buffer, size, b.length);
        size += b.length;
        return this;
    }

    public BinaryWriter ints(int[] v) {
        i32(v.length);
        reserve(4L * v.length);
        for (int x : v) {
            INT.set(buffer, size, x);
            size += 4;
        }
        return this;
    }

    public BinaryWriter longs(long[] v) {
        i32(v.length);
        reserve(8L * v.length);
        for (long x : v) {
            LONG.set(buffer, size, x);
            size += 8;
        }
        return this;
    }

    /** The bytes written; the buffer itself when they fill it exactly (the writer must not be used after). */
    public byte[] toByteArray() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
}
