package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;

/** A prover whose challenges come from the transcript hash; its messages become the proof. */
public final class FiatShamirProver implements ProverChannel {
    private final FiatShamirTranscript transcript;
    private final ProofWriter writer;

    /**
     * @param domainSeparator names the protocol, its version and every parameter that changes
     *                        its meaning; it is hashed first and written as the proof's header
     */
    public FiatShamirProver(HashFunction hash, String domainSeparator) {
        this.transcript = new FiatShamirTranscript(hash, domainSeparator);
        this.writer = new ProofWriter(domainSeparator);
    }

    @Override
    public void absorbPublic(String label, byte[] data) {
        transcript.absorb((byte) 0x40, label, data, 0, data.length);
    }

    @Override
    public void absorbPublic(String label, long[] elements) {
        long[] c = new long[elements.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Goldilocks.canonical(elements[i]);
        }
        byte[] b = Bytes.longsToBytes(c);
        transcript.absorb((byte) 0x41, label, b, 0, b.length);
    }

    @Override
    public void sendBase(String label, long[] elements) {
        send(RecordKind.BASE, label, elements.length, Bytes.longsToBytes(canonicalCopy(elements)));
    }

    @Override
    public void sendExt(String label, long[] interleaved) {
        if ((interleaved.length & 1) != 0) {
            throw new IllegalArgumentException("an interleaved extension vector has even length");
        }
        send(RecordKind.EXT, label, interleaved.length / 2, Bytes.longsToBytes(canonicalCopy(interleaved)));
    }

    @Override
    public void sendDigest(String label, byte[] digest) {
        if (digest.length != HashFunction.DIGEST_BYTES) {
            throw new IllegalArgumentException("a digest has 32 bytes");
        }
        send(RecordKind.DIGEST, label, 1, digest.clone());
    }

    @Override
    public void sendBytes(String label, byte[] bytes) {
        send(RecordKind.BYTES, label, bytes.length, bytes.clone());
    }

    @Override
    public void grind(String label, int bits) {
        if (bits <= 0) {
            return;
        }
        long nonce = transcript.findProofOfWork(label, bits);
        byte[] b = new byte[8];
        Bytes.putLong(b, 0, nonce);
        send(RecordKind.NONCE, label, 1, b);
    }

    @Override
    public Ext2 challengeExt(String label) {
        return transcript.challengeExt(label);
    }

    @Override
    public int[] challengeIndices(String label, int count, int bound) {
        return transcript.challengeIndices(label, count, bound);
    }

    @Override
    public boolean isFiatShamir() {
        return true;
    }

    /** The proof: header and every message sent so far. */
    public byte[] proof() {
        return writer.toByteArray();
    }

    /** Bytes written so far, for reporting the size of one part of a proof. */
    public int size() {
        return writer.size();
    }

    private void send(RecordKind kind, String label, int count, byte[] payload) {
        writer.writeRecord(kind, count, payload);
        transcript.absorb(kind.tag, label, payload, 0, payload.length);
    }

    private static long[] canonicalCopy(long[] v) {
        long[] c = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = Goldilocks.canonical(v[i]);
        }
        return c;
    }
}
