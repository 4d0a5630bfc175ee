package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.transcript.MalformedProofException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The public part of a commitment to several multilinear polynomials: the Merkle root of the
 * encoded matrix, the parameters, and the layout (how many variables each polynomial has).
 * Polynomial i occupies {@link #rowCount(int)} consecutive rows from {@link #rowStart(int)};
 * one that is smaller than a row fills the start of a single row.
 */
public final class Commitment {
    private static final byte[] MAGIC = {'Z', 'K', 'M', 'C'};
    private static final int VERSION = 1;

    private final LigeroParameters parameters;
    private final byte[] root;
    private final int[] numVars;
    private final int[] rowStart;
    private final int rows;

    public Commitment(LigeroParameters parameters, byte[] root, int[] numVars) {
        if (root.length != HashFunction.DIGEST_BYTES) {
            throw new IllegalArgumentException("a root has 32 bytes");
        }
        this.parameters = parameters;
        this.root = root.clone();
        this.numVars = numVars.clone();
        this.rowStart = new int[numVars.length];
        long r = 0;
        for (int i = 0; i < numVars.length; i++) {
            if (numVars[i] < 0 || numVars[i] > 40) {
                throw new IllegalArgumentException("polynomial " + i + " has " + numVars[i] + " variables");
            }
            rowStart[i] = (int) r;
            r += rowsFor(numVars[i], parameters.logRowWidth());
            if (r > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("commitment too large");
            }
        }
        this.rows = (int) r;
        if (rows == 0) {
            throw new IllegalArgumentException("a commitment holds at least one polynomial");
        }
    }

    static long rowsFor(int numVars, int logRowWidth) {
        return numVars <= logRowWidth ? 1 : 1L << (numVars - logRowWidth);
    }

    public LigeroParameters parameters() {
        return parameters;
    }

    public byte[] root() {
        return root.clone();
    }

    public int polynomials() {
        return numVars.length;
    }

    public int numVars(int polynomial) {
        return numVars[polynomial];
    }

    public int rowStart(int polynomial) {
        return rowStart[polynomial];
    }

    public int rowCount(int polynomial) {
        return (int) rowsFor(numVars[polynomial], parameters.logRowWidth());
    }

    /** Total rows of the encoded matrix. */
    public int rows() {
        return rows;
    }

    /** Canonical bytes: magic, version, parameters, root, layout. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(VERSION);
            parameters.writeTo(out);
            out.write(root);
            out.writeInt(numVars.length);
            for (int v : numVars) {
                out.writeByte(v);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Commitment decode(byte[] data) throws MalformedProofException {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new MalformedProofException("not a zkml4j commitment (bad magic)");
            }
            int version = in.getShort();
            if (version != VERSION) {
                throw new MalformedProofException("commitment format version " + version + " is not supported");
            }
            LigeroParameters params = LigeroParameters.readFrom(in);
            byte[] root = new byte[HashFunction.DIGEST_BYTES];
            in.get(root);
            int count = in.getInt();
            if (count <= 0 || count > in.remaining()) {
                throw new MalformedProofException("commitment declares " + count + " polynomials");
            }
            int[] numVars = new int[count];
            for (int i = 0; i < count; i++) {
                numVars[i] = in.get();
            }
            if (in.hasRemaining()) {
                throw new MalformedProofException(in.remaining() + " trailing bytes after the commitment");
            }
            return new Commitment(params, root, numVars);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedProofException("commitment is truncated");
        } catch (IllegalArgumentException e) {
            throw new MalformedProofException("commitment is invalid: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitment c && Arrays.equals(encode(), c.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(root);
    }
}
