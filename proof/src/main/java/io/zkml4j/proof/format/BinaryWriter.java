package io.zkml4j.proof.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian binary output for key and proof files; every array is length-prefixed. */
public final class BinaryWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public BinaryWriter magic(String fourLetters, int version) {
        byte[] m = fourLetters.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 4) {
            throw new IllegalArgumentException("magic must be four ASCII letters");
        }
        out.writeBytes(m);
        return u16(version);
    }

    public BinaryWriter u8(int v) {
        out.write(v);
        return this;
    }

    public BinaryWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public BinaryWriter i32(int v) {
        for (int s = 24; s >= 0; s -= 8) {
            out.write(v >>> s);
        }
        return this;
    }

    public BinaryWriter i64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
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
        out.writeBytes(b);
        return this;
    }

    /** Bytes without a length prefix (fixed-size fields such as digests). */
    public BinaryWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public BinaryWriter ints(int[] v) {
        i32(v.length);
        for (int x : v) {
            i32(x);
        }
        return this;
    }

    public BinaryWriter longs(long[] v) {
        i32(v.length);
        for (long x : v) {
            i64(x);
        }
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
