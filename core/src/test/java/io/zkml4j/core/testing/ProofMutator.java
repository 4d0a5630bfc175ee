package io.zkml4j.core.testing;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.transcript.InvalidProofException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Alters a proof one element at a time. Field elements are changed to another canonical value
 * (x + 1 mod p), so the parser accepts them and the protocol's own checks must catch the change;
 * digests, salts and nonces get one bit flipped.
 */
public final class ProofMutator {
    private ProofMutator() {}

    /** A verifier run over given proof bytes; must throw InvalidProofException to reject. */
    public interface Verification {
        void run(byte[] proof) throws Exception;
    }

    /** One record of a proof: kind, element count, and where its payload starts. */
    public record Record(int kind, int count, int payloadOffset) {}

    /** The records of a proof body, in order. */
    public static List<Record> records(byte[] proof) {
        ByteBuffer b = ByteBuffer.wrap(proof).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 10 + b.getInt(6);
        List<Record> out = new ArrayList<>();
        while (pos < proof.length) {
            int kind = proof[pos];
            int count = b.getInt(pos + 1);
            int width = switch (kind) {
                case 1, 5 -> 8;
                case 2 -> 16;
                case 3 -> 32;
                case 4 -> 1;
                default -> throw new IllegalStateException("unknown record kind " + kind);
            };
            out.add(new Record(kind, count, pos + 5));
            pos += 5 + width * count;
        }
        return out;
    }

    /** The 8-byte word at an offset, little-endian. */
    public static long word(byte[] proof, int offset) {
        return ByteBuffer.wrap(proof).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    /** Offsets of every element in the record body, with their kinds (1 base, 2 ext word, 3 digest, 4 byte, 5 nonce). */
    public static List<int[]> elements(byte[] proof) {
        ByteBuffer b = ByteBuffer.wrap(proof).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getInt(6);
        int pos = 10 + headerLength;
        List<int[]> out = new ArrayList<>();
        while (pos < proof.length) {
            int kind = proof[pos];
            int count = b.getInt(pos + 1);
            pos += 5;
            int width = switch (kind) {
                case 1, 5 -> 8;
                case 2 -> 16;
                case 3 -> 32;
                case 4 -> 1;
                default -> throw new IllegalStateException("unknown record kind " + kind);
            };
            for (int i = 0; i < count; i++) {
                if (kind == 2) {
                    out.add(new int[] {pos + width * i, 1});
                    out.add(new int[] {pos + width * i + 8, 1});
                } else {
                    out.add(new int[] {pos + width * i, kind});
                }
            }
            pos += width * count;
        }
        return out;
    }

    public static byte[] mutate(byte[] proof, int[] element) {
        byte[] bad = proof.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        int offset = element[0];
        switch (element[1]) {
            case 1 -> b.putLong(offset, Goldilocks.add(b.getLong(offset), 1));
            case 5 -> b.putLong(offset, b.getLong(offset) + 1);
            default -> bad[offset] ^= 1;
        }
        return bad;
    }

    /**
     * A differential corpus: the honest proof, then single-element mutations of every element below
     * {@code first}, of every {@code stride}-th one after (long runs read the same way), and of the last.
     */
    public static List<byte[]> corpus(byte[] proof, int first, int stride) {
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(proof);
        List<int[]> elements = elements(proof);
        for (int i = 0; i < elements.size(); i++) {
            if (i < first || i % stride == 0 || i == elements.size() - 1) {
                corpus.add(mutate(proof, elements.get(i)));
            }
        }
        return corpus;
    }

    /**
     * Asserts that the honest proof verifies and that every single-element alteration is rejected.
     * With {@code stride > 1} only every stride-th element is altered (for big proofs), always
     * including the first and last.
     */
    public static void assertEveryElementMatters(byte[] proof, int stride, Verification verify) {
        try {
            verify.run(proof);
        } catch (Exception e) {
            fail("the honest proof must verify", e);
        }
        List<int[]> els = elements(proof);
        for (int i = 0; i < els.size(); i++) {
            if (i % stride != 0 && i != els.size() - 1) {
                continue;
            }
            byte[] bad = mutate(proof, els.get(i));
            int index = i;
            assertThrows(InvalidProofException.class, () -> verify.run(bad),
                    () -> "altering element " + index + " of " + els.size() + " (offset " + els.get(index)[0] + ") was not detected");
        }
    }
}
