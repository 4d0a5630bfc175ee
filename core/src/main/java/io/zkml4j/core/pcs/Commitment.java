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
 * Polynomial i occupies {@link #rowCount(int)} consecutive rows from {@link #rowStart(int)}.
 * One that is smaller than a row sits in a single row at {@link #columnOffset(int)}: in a packed
 * layout (one-time commitments) small polynomials share rows, each at the first free offset aligned
 * to its size; in an unpacked one (sealed commitments, whose layout keys store) each fills the start
 * of a row of its own.
 */
public final class Commitment {
    private static final byte[] MAGIC = {'Z', 'K', 'M', 'C'};
    /** Version 1: unpacked layout (sealed commitments, as keys store them); 2: packed. */
    private static final int UNPACKED = 1;
    private static final int PACKED = 2;

    private final LigeroParameters parameters;
    private final byte[] root;
    private final int[] numVars;
    private final int[] rowStart;
    private final int[] columnOffset;
    private final boolean packed;
    private final int rows;

    /** A packed layout: small polynomials share rows. */
    public Commitment(LigeroParameters parameters, byte[] root, int[] numVars) {
        this(parameters, root, numVars, true);
    }

    /** The layout of a sealed commitment: every polynomial starts a row. */
    public static Commitment unpacked(LigeroParameters parameters, byte[] root, int[] numVars) {
        return new Commitment(parameters, root, numVars, false);
    }

    private Commitment(LigeroParameters parameters, byte[] root, int[] numVars, boolean packed) {
        if (root.length != HashFunction.DIGEST_BYTES) {
            throw new IllegalArgumentException("a root has 32 bytes");
        }
        this.parameters = parameters;
        this.root = root.clone();
        this.numVars = numVars.clone();
        this.rowStart = new int[numVars.length];
        this.columnOffset = new int[numVars.length];
        this.packed = packed;
        int a = parameters.logRowWidth();
        long r = 0;
        int sharedRow = -1; // the row small polynomials are filling, and its first free column
        int sharedFill = 0;
        for (int i = 0; i < numVars.length; i++) {
            if (numVars[i] < 0 || numVars[i] > 40) {
                throw new IllegalArgumentException("polynomial " + i + " has " + numVars[i] + " variables");
            }
            if (packed && numVars[i] < a) {
                int size = 1 << numVars[i];
                int offset = (sharedFill + size - 1) / size * size;
                if (sharedRow < 0 || offset + size > 1 << a) {
                    sharedRow = (int) r++;
                    offset = 0;
                }
                rowStart[i] = sharedRow;
                columnOffset[i] = offset;
                sharedFill = offset + size;
            } else {
                rowStart[i] = (int) r;
                r += rowsFor(numVars[i], a);
            }
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

    /** Where in its row a polynomial smaller than a row starts (0 for larger ones). */
    public int columnOffset(int polynomial) {
        return columnOffset[polynomial];
    }

    public int rowCount(int polynomial) {
        return (int) rowsFor(numVars[polynomial], parameters.logRowWidth());
    }

    /** Total rows of the encoded matrix. */
    public int rows() {
        return rows;
    }

    public boolean packed() {
        return packed;
    }

    /** Canonical bytes: magic, version (the packing), parameters, root, layout. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(packed ? PACKED : UNPACKED);
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
            if (version != UNPACKED && version != PACKED) {
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
            return new Commitment(params, root, numVars, version == PACKED);
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
