package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A live verifier: reads the prover's records from the link with the same strictness as a proof
 * file, and answers each challenge request with fresh randomness it sends back.
 */
public final class InteractiveVerifier implements VerifierChannel {
    private final InteractiveLink link;
    private final SecureRandom random;
    private final RecordReader records = new RecordReader() {
        @Override
        protected byte[] readBytes(int n, String context) throws InvalidProofException {
            byte[] b = new byte[n];
            try {
                link.in.readFully(b);
            } catch (EOFException e) {
                throw new MalformedProofException(context + ": the prover closed the connection");
            } catch (IOException e) {
                throw new MalformedProofException(context + ": connection to the prover failed (" + e.getMessage() + ")");
            }
            return b;
        }
    };

    public InteractiveVerifier(InteractiveLink link, String protocol, SecureRandom random) throws InvalidProofException {
        this.link = link;
        this.random = random;
        byte[] header = records.readBytes(10, "session header");
        if (!Arrays.equals(header, 0, 4, ProofWriter.MAGIC, 0, 4)) {
            throw new MalformedProofException("the peer is not a zkml4j prover");
        }
        int version = (header[4] & 0xFF) << 8 | (header[5] & 0xFF);
        if (version != ProofWriter.FORMAT_VERSION) {
            throw new MalformedProofException("the prover speaks protocol format " + version + ", this verifier " + ProofWriter.FORMAT_VERSION);
        }
        int length = Bytes.getInt(new byte[] {header[9], header[8], header[7], header[6]}, 0);
        if (length < 0 || length > 1 << 16) {
            throw new MalformedProofException("session header is malformed");
        }
        String got = new String(records.readBytes(length, "session header"), java.nio.charset.StandardCharsets.UTF_8);
        if (!got.equals(protocol)) {
            throw new MalformedProofException("the prover runs protocol '" + got + "', expected '" + protocol + "'");
        }
    }

    @Override
    public void absorbPublic(String label, byte[] data) {
    }

    @Override
    public void absorbPublic(String label, long[] elements) {
    }

    @Override
    public long[] receiveBase(String label, int count) throws InvalidProofException {
        return RecordReader.toLongs(records.readRecord(RecordKind.BASE, count, label));
    }

    @Override
    public long[] receiveExt(String label, int count) throws InvalidProofException {
        return RecordReader.toLongs(records.readRecord(RecordKind.EXT, count, label));
    }

    @Override
    public byte[] receiveDigest(String label) throws InvalidProofException {
        return records.readRecord(RecordKind.DIGEST, 1, label);
    }

    @Override
    public byte[] receiveBytes(String label, int length) throws InvalidProofException {
        return records.readRecord(RecordKind.BYTES, length, label);
    }

    @Override
    public void verifyGrind(String label, int bits) {
        // Interactive challenges are fresh; there is nothing to grind.
    }

    @Override
    public Ext2 challengeExt(String label) {
        long c0 = uniformField();
        long c1 = uniformField();
        try {
            link.out.writeByte(InteractiveLink.EXT_CHALLENGE);
            link.out.writeLong(c0);
            link.out.writeLong(c1);
            link.out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot send challenge '" + label + "' to the prover", e);
        }
        return Ext2.of(c0, c1);
    }

    @Override
    public int[] challengeIndices(String label, int count, int bound) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextInt(bound);
        }
        try {
            link.out.writeByte(InteractiveLink.INDEX_CHALLENGE);
            link.out.writeInt(count);
            for (int v : out) {
                link.out.writeInt(v);
            }
            link.out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot send challenge '" + label + "' to the prover", e);
        }
        return out;
    }

    @Override
    public boolean isFiatShamir() {
        return false;
    }

    private long uniformField() {
        long w;
        do {
            w = random.nextLong();
        } while (!Goldilocks.isCanonical(w));
        return w;
    }
}
