package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;

import java.util.Arrays;

/**
 * Reads a Fiat–Shamir proof and replays its transcript. The header must name exactly the
 * expected protocol; after the protocol has read its last message, {@link #finish()} rejects
 * trailing bytes.
 */
public final class FiatShamirVerifier implements VerifierChannel {
    private final FiatShamirTranscript transcript;
    private final byte[] proof;
    private int position;
    private final RecordReader records = new RecordReader() {
        @Override
        protected byte[] readBytes(int n, String context) throws InvalidProofException {
            if (n < 0 || proof.length - position < n) {
                throw new MalformedProofException(context + ": the proof is truncated (needs " + n + " more bytes, "
                        + (proof.length - position) + " left)");
            }
            byte[] out = Arrays.copyOfRange(proof, position, position + n);
            position += n;
            return out;
        }
    };

    public FiatShamirVerifier(HashFunction hash, String domainSeparator, byte[] proof) throws MalformedProofException {
        this.proof = proof;
        this.transcript = new FiatShamirTranscript(hash, domainSeparator);
        readHeader(domainSeparator);
    }

    private void readHeader(String expectedProtocol) throws MalformedProofException {
        if (proof.length < 10 || !Arrays.equals(proof, 0, 4, ProofWriter.MAGIC, 0, 4)) {
            throw new MalformedProofException("not a zkml4j proof (the file does not start with the ZKML header)");
        }
        int version = (proof[4] & 0xFF) | (proof[5] & 0xFF) << 8;
        if (version != ProofWriter.FORMAT_VERSION) {
            throw new MalformedProofException("proof format version " + version + " is not supported (this build reads version "
                    + ProofWriter.FORMAT_VERSION + ")");
        }
        int length = Bytes.getInt(proof, 6);
        if (length < 0 || length > proof.length - 10) {
            throw new MalformedProofException("proof header is truncated");
        }
        String protocol = new String(proof, 10, length, java.nio.charset.StandardCharsets.UTF_8);
        if (!protocol.equals(expectedProtocol)) {
            throw new MalformedProofException("the proof is for protocol '" + protocol + "', expected '" + expectedProtocol + "'");
        }
        position = 10 + length;
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
    public long[] receiveBase(String label, int count) throws InvalidProofException {
        return RecordReader.toLongs(receive(RecordKind.BASE, count, label));
    }

    @Override
    public long[] receiveExt(String label, int count) throws InvalidProofException {
        return RecordReader.toLongs(receive(RecordKind.EXT, count, label));
    }

    @Override
    public byte[] receiveDigest(String label) throws InvalidProofException {
        return receive(RecordKind.DIGEST, 1, label);
    }

    @Override
    public byte[] receiveBytes(String label, int length) throws InvalidProofException {
        return receive(RecordKind.BYTES, length, label);
    }

    @Override
    public void verifyGrind(String label, int bits) throws InvalidProofException {
        if (bits <= 0) {
            return;
        }
        // The work is checked against the state before the nonce is absorbed, as the prover found it.
        byte[] payload = records.readRecord(RecordKind.NONCE, 1, label);
        boolean ok = transcript.checkProofOfWork(label, bits, Bytes.getLong(payload, 0));
        transcript.absorb(RecordKind.NONCE.tag, label, payload, 0, payload.length);
        InvalidProofException.check(ok, "'%s': the proof-of-work nonce does not meet the %d-bit target", label, bits);
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

    /** Rejects bytes left after the protocol read its last message. */
    public void finish() throws MalformedProofException {
        if (position != proof.length) {
            throw new MalformedProofException((proof.length - position) + " unexpected trailing byte(s) after the last proof record");
        }
    }

    private byte[] receive(RecordKind kind, int count, String label) throws InvalidProofException {
        byte[] payload = records.readRecord(kind, count, label);
        transcript.absorb(kind.tag, label, payload, 0, payload.length);
        return payload;
    }
}
