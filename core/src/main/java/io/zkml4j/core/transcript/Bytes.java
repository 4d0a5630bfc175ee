package io.zkml4j.core.transcript;

/** Little-endian helpers shared by the proof encoder, decoder and transcript. */
final class Bytes {
    private Bytes() {}

    static void putLong(byte[] b, int i, long v) {
        for (int k = 0; k < 8; k++) {
            b[i + k] = (byte) (v >>> (8 * k));
        }
    }

    static long getLong(byte[] b, int i) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[i + k] & 0xFFL);
        }
        return v;
    }

    static void putInt(byte[] b, int i, int v) {
        for (int k = 0; k < 4; k++) {
            b[i + k] = (byte) (v >>> (8 * k));
        }
    }

    static int getInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static byte[] longsToBytes(long[] values) {
        byte[] out = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            putLong(out, 8 * i, values[i]);
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
