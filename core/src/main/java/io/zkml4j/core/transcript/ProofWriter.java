package io.zkml4j.core.transcript;

import java.util.Arrays;

/**
 * Builds the canonical bytes of a proof: header (magic "ZKML", format version, protocol string),
 * then records (see {@link RecordKind}).
 */
final class ProofWriter {
    static final byte[] MAGIC = {'Z', 'K', 'M', 'L'};
    static final int FORMAT_VERSION = 1;

    private byte[] buffer = new byte[1 << 12];
    private int size;

    ProofWriter(String protocol) {
        byte[] p = Bytes.utf8(protocol);
        ensure(4 + 2 + 4 + p.length);
        System.arraycopy(MAGIC, 0, buffer, 0, 4);
        buffer[4] = (byte) FORMAT_VERSION;
        buffer[5] = (byte) (FORMAT_VERSION >>> 8);
        Bytes.putInt(buffer, 6, p.length);
        System.arraycopy(p, 0, buffer, 10, p.length);
        size = 10 + p.length;
    }

    /** Appends a record and returns the offset of its payload (for absorbing the same bytes). */
    int writeRecord(RecordKind kind, int count, byte[] payload) {
        ensure(5 + payload.length);
        buffer[size] = kind.tag;
        Bytes.putInt(buffer, size + 1, count);
        System.arraycopy(payload, 0, buffer, size + 5, payload.length);
        size += 5 + payload.length;
        return size - payload.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
