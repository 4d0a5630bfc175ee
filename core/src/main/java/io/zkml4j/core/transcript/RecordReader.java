package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Goldilocks;

/**
 * Strict decoding of prover records, shared by the proof parser and the interactive verifier.
 * Every failure names the record number, its label, and what was expected.
 */
abstract class RecordReader {
    private int recordNumber;

    /** Reads exactly n bytes or throws a MalformedProofException describing the truncation. */
    protected abstract byte[] readBytes(int n, String context) throws InvalidProofException;

    byte[] readRecord(RecordKind expected, int expectedCount, String label) throws InvalidProofException {
        int number = ++recordNumber;
        String where = "proof record #" + number + " ('" + label + "')";
        byte[] header = readBytes(5, where);
        RecordKind kind = RecordKind.fromTag(header[0]);
        if (kind == null) {
            throw new MalformedProofException(where + ": unknown record kind " + (header[0] & 0xFF));
        }
        if (kind != expected) {
            throw new MalformedProofException(where + ": expected " + expected.describe() + " data, found " + kind.describe());
        }
        int count = Bytes.getInt(header, 1);
        if (count != expectedCount) {
            throw new MalformedProofException(where + ": expected " + expectedCount + " " + expected.describe()
                    + " element(s), the proof declares " + Integer.toUnsignedString(count));
        }
        long bytes = (long) expectedCount * expected.elementBytes; // in long: 2^27 extension elements overflow an int
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new MalformedProofException(where + ": a record of " + expectedCount + " " + expected.describe()
                    + " element(s) is beyond the largest readable record");
        }
        byte[] payload = readBytes((int) bytes, where);
        if (expected == RecordKind.BASE || expected == RecordKind.EXT) {
            for (int i = 0; i < payload.length; i += 8) {
                if (!Goldilocks.isCanonical(Bytes.getLong(payload, i))) {
                    throw new MalformedProofException(where + ": word " + (i / 8) + " is not a canonical field element (>= p)");
                }
            }
        }
        return payload;
    }

    static long[] toLongs(byte[] payload) {
        long[] out = new long[payload.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = Bytes.getLong(payload, 8 * i);
        }
        return out;
    }
}
