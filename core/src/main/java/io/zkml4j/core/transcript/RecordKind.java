package io.zkml4j.core.transcript;

/**
 * The kinds of prover messages. Each message is one record: kind (1 byte), element count
 * (4 bytes, little-endian), then the elements. Field elements are 8-byte little-endian canonical
 * values (< p); extension elements are two of them (c0 then c1).
 */
public enum RecordKind {
    BASE(1, 8),
    EXT(2, 16),
    DIGEST(3, 32),
    BYTES(4, 1),
    NONCE(5, 8);

    public final byte tag;
    public final int elementBytes;

    RecordKind(int tag, int elementBytes) {
        this.tag = (byte) tag;
        this.elementBytes = elementBytes;
    }

    static RecordKind fromTag(byte tag) {
        for (RecordKind k : values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        return null;
    }

    String describe() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
