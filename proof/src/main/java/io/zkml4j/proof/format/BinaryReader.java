package io.zkml4j.proof.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote, failing with a {@link FileFormatException} that names
 * the file and the field: truncation, a length beyond what remains, a value out of range,
 * trailing bytes.
 */
public final class BinaryReader {
    private final ByteBuffer in;
    private final String source;

    public BinaryReader(byte[] data, String source) {
        this.in = ByteBuffer.wrap(data);
        this.source = source;
    }

    public FileFormatException error(String field, String problem) {
        return new FileFormatException(source + ": " + field + ": " + problem);
    }

    /** Checks the magic and returns the version, which must be at most {@code newest}. */
    public int magic(String fourLetters, String kind, int newest) throws FileFormatException {
        byte[] m = new byte[4];
        if (in.remaining() < 6) {
            throw new FileFormatException(source + ": too short to be a " + kind);
        }
        in.get(m);
        if (!Arrays.equals(m, fourLetters.getBytes(StandardCharsets.US_ASCII))) {
            throw new FileFormatException(source + ": not a " + kind + " (it does not start with '" + fourLetters + "')");
        }
        int version = u16("version");
        if (version < 1 || version > newest) {
            throw new FileFormatException(source + ": " + kind + " format version " + version + " is not supported (this build reads 1 to "
                    + newest + ")");
        }
        return version;
    }

    private void need(int bytes, String field) throws FileFormatException {
        if (in.remaining() < bytes) {
            throw error(field, "the file is truncated");
        }
    }

    public int u8(String field) throws FileFormatException {
        need(1, field);
        return Byte.toUnsignedInt(in.get());
    }

    /** Bytes read so far (a key binds its own prefix this way). */
    public int position() {
        return in.position();
    }

    public int u16(String field) throws FileFormatException {
        need(2, field);
        return Short.toUnsignedInt(in.getShort());
    }

    public int i32(String field) throws FileFormatException {
        need(4, field);
        return in.getInt();
    }

    /** An int in [min, max]. */
    public int i32(String field, int min, int max) throws FileFormatException {
        int v = i32(field);
        if (v < min || v > max) {
            throw error(field, v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    public long i64(String field) throws FileFormatException {
        need(8, field);
        return in.getLong();
    }

    public double f64(String field) throws FileFormatException {
        return Double.longBitsToDouble(i64(field));
    }

    /** A finite, positive double. */
    public double positive(String field) throws FileFormatException {
        double v = f64(field);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw error(field, v + " is not a positive number");
        }
        return v;
    }

    public boolean bool(String field) throws FileFormatException {
        int v = u8(field);
        if (v > 1) {
            throw error(field, v + " is not a boolean");
        }
        return v == 1;
    }

    private int length(String field, int elementBytes) throws FileFormatException {
        int n = i32(field + " length");
        if (n < 0 || (long) n * elementBytes > in.remaining()) {
            throw error(field, "declares " + n + " elements, more than the file holds");
        }
        return n;
    }

    public byte[] bytes(String field) throws FileFormatException {
        byte[] b = new byte[length(field, 1)];
        in.get(b);
        return b;
    }

    public byte[] raw(String field, int count) throws FileFormatException {
        need(count, field);
        byte[] b = new byte[count];
        in.get(b);
        return b;
    }

    public String string(String field) throws FileFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(field))).toString();
        } catch (CharacterCodingException e) {
            throw error(field, "not valid UTF-8");
        }
    }

    public int[] ints(String field) throws FileFormatException {
        int[] v = new int[length(field, 4)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.getInt();
        }
        return v;
    }

    public long[] longs(String field) throws FileFormatException {
        long[] v = new long[length(field, 8)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.getLong();
        }
        return v;
    }

    /** Longs that must number exactly {@code count}. */
    public long[] longs(String field, int count) throws FileFormatException {
        long[] v = longs(field);
        if (v.length != count) {
            throw error(field, v.length + " values where " + count + " are expected");
        }
        return v;
    }

    /** Fails unless every byte was read. */
    public void finish() throws FileFormatException {
        if (in.hasRemaining()) {
            throw new FileFormatException(source + ": " + in.remaining() + " unexpected bytes at the end");
        }
    }

    /** The remaining bytes, consuming them. */
    public byte[] rest() {
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }
}
