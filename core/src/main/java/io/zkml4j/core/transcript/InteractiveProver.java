package io.zkml4j.core.transcript;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A prover talking to a live verifier: messages are written to the link as records and each
 * challenge is read back from the verifier, who drew it after seeing everything before it.
 */
public final class InteractiveProver implements ProverChannel {
    private final InteractiveLink link;

    public InteractiveProver(InteractiveLink link, String protocol) {
        this.link = link;
        try {
            byte[] p = Bytes.utf8(protocol);
            link.out.write(ProofWriter.MAGIC);
            link.out.writeShort(ProofWriter.FORMAT_VERSION);
            link.out.writeInt(p.length);
            link.out.write(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the verifier", e);
        }
    }

    @Override
    public void absorbPublic(String label, byte[] data) {
        // A live verifier knows the statement; nothing to bind.
    }

    @Override
    public void absorbPublic(String label, long[] elements) {
    }

    @Override
    public void sendBase(String label, long[] elements) {
        long[] c = new long[elements.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Goldilocks.canonical(elements[i]);
        }
        write(RecordKind.BASE, c.length, Bytes.longsToBytes(c));
    }

    @Override
    public void sendExt(String label, long[] interleaved) {
        long[] c = new long[interleaved.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Goldilocks.canonical(interleaved[i]);
        }
        write(RecordKind.EXT, c.length / 2, Bytes.longsToBytes(c));
    }

    @Override
    public void sendDigest(String label, byte[] digest) {
        if (digest.length != HashFunction.DIGEST_BYTES) {
            throw new IllegalArgumentException("a digest has 32 bytes");
        }
        write(RecordKind.DIGEST, 1, digest);
    }

    @Override
    public void sendBytes(String label, byte[] bytes) {
        write(RecordKind.BYTES, bytes.length, bytes);
    }

    @Override
    public void grind(String label, int bits) {
        // Nothing to grind against: the verifier's challenges are fresh randomness.
    }

    @Override
    public Ext2 challengeExt(String label) {
        try {
            link.out.flush();
            expectTag(InteractiveLink.EXT_CHALLENGE, label);
            return Ext2.of(link.in.readLong(), link.in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() != null && e.getMessage().startsWith("the verifier")
                    ? e.getMessage() : "lost the verifier while waiting for challenge '" + label + "'", e);
        }
    }

    @Override
    public int[] challengeIndices(String label, int count, int bound) {
        try {
            link.out.flush();
            expectTag(InteractiveLink.INDEX_CHALLENGE, label);
            int n = link.in.readInt();
            if (n != count) {
                throw new IOException("verifier sent " + n + " indices for '" + label + "', expected " + count);
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = link.in.readInt();
                if (out[i] < 0 || out[i] >= bound) {
                    throw new IOException("verifier sent index " + out[i] + " outside [0, " + bound + ")");
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("lost the verifier while waiting for challenge '" + label + "'", e);
        }
    }

    @Override
    public boolean isFiatShamir() {
        return false;
    }

    /** Pushes buffered messages to the verifier. */
    public void flush() {
        try {
            link.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the verifier", e);
        }
    }

    private void expectTag(byte tag, String label) throws IOException {
        byte t = link.in.readByte();
        if (t != tag) {
            throw new IOException("the verifier stopped the protocol at challenge '" + label
                    + "' (it rejected the proof, or the two sides run different protocols)");
        }
    }

    private void write(RecordKind kind, int count, byte[] payload) {
        try {
            link.out.writeByte(kind.tag);
            byte[] c = new byte[4];
            Bytes.putInt(c, 0, count);
            link.out.write(c);
            link.out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the verifier", e);
        }
    }
}
