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
 *
 * <p>An unpacked layout may be <em>trimmed</em>: polynomial i then stores only its first
 * {@link #storedRows(int)} rows, and its rows beyond are zero by definition — not encoded, not
 * hashed, no entries in any column. A sealed dataset commitment uses this for the padding rows
 * of its tables. Only the sealed opening and evaluation reduction read trimmed layouts; the
 * one-time commitments' openings ({@link LigeroPcs}) refuse them.
 */
public final class Commitment {
    private static final byte[] MAGIC = {'Z', 'K', 'M', 'C'};
    /**
     * Version 1: unpacked layout (sealed commitments, as keys store them); 2: packed; 3: unpacked
     * and trimmed (version 1 followed by each polynomial's stored rows; at least one polynomial
     * stores fewer rows than its size, so that every layout has one encoding).
     */
    private static final int UNPACKED = 1;
    private static final int PACKED = 2;
    private static final int TRIMMED = 3;

    private final LigeroParameters parameters;
    private final byte[] root;
    private final int[] numVars;
    private final int[] rowStart;
    private final int[] columnOffset;
    private final int[] storedRows;
    private final boolean packed;
    private final boolean trimmed;
    private final int rows;

    /** A packed layout: small polynomials share rows. */
    public Commitment(LigeroParameters parameters, byte[] root, int[] numVars) {
        this(parameters, root, numVars, true, null);
    }

    /** The layout of a sealed commitment: every polynomial starts a row. */
    public static Commitment unpacked(LigeroParameters parameters, byte[] root, int[] numVars) {
        return new Commitment(parameters, root, numVars, false, null);
    }

    /**
     * An unpacked layout in which polynomial i stores only its first {@code storedRows[i]} rows
     * (1 to {@link #rowCount}(i)); the rest of it is zero. Null stores every row.
     */
    public static Commitment unpacked(LigeroParameters parameters, byte[] root, int[] numVars, int[] storedRows) {
        return new Commitment(parameters, root, numVars, false, storedRows);
    }

    private Commitment(LigeroParameters parameters, byte[] root, int[] numVars, boolean packed, int[] stored) {
        if (root.length != HashFunction.DIGEST_BYTES) {
            throw new IllegalArgumentException("a root has 32 bytes");
        }
        this.parameters = parameters;
        this.root = root.clone();
        this.numVars = numVars.clone();
        this.rowStart = new int[numVars.length];
        this.columnOffset = new int[numVars.length];
        this.storedRows = new int[numVars.length];
        this.packed = packed;
        if (stored != null && (packed || stored.length != numVars.length)) {
            throw new IllegalArgumentException(packed ? "only an unpacked layout stores fewer rows than its polynomials have"
                    : "stored rows are given for " + stored.length + " polynomials of " + numVars.length);
        }
        int a = parameters.logRowWidth();
        boolean anyTrimmed = false;
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
                long full = rowsFor(numVars[i], a);
                long own = stored == null ? full : stored[i];
                if (own < 1 || own > full) {
                    throw new IllegalArgumentException("polynomial " + i + " of " + numVars[i] + " variables has " + full + " rows of 2^" + a
                            + " and cannot store " + own);
                }
                anyTrimmed |= own < full;
                rowStart[i] = (int) r;
                storedRows[i] = (int) Math.min(own, Integer.MAX_VALUE); // a larger one fails below
                r += own;
            }
            if (r > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("commitment too large");
            }
        }
        this.rows = (int) r;
        this.trimmed = anyTrimmed;
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

    /** Rows of the row width the polynomial's values fill (what it would store untrimmed). */
    public int rowCount(int polynomial) {
        return (int) rowsFor(numVars[polynomial], parameters.logRowWidth());
    }

    /**
     * Rows of the polynomial in the encoded matrix, from {@link #rowStart}: its first rows; the rest
     * of its {@link #rowCount} rows are zero and stored nowhere. The same as rowCount unless trimmed;
     * in a packed layout, rows shared by small polynomials count once for each.
     */
    public int storedRows(int polynomial) {
        return packed ? rowCount(polynomial) : storedRows[polynomial];
    }

    /** Whether some polynomial stores fewer rows than it has ({@link #storedRows}). */
    public boolean trimmed() {
        return trimmed;
    }

    /** Total rows of the encoded matrix. */
    public int rows() {
        return rows;
    }

    public boolean packed() {
        return packed;
    }

    /** Canonical bytes: magic, version (the packing, the trimming), parameters, root, layout (and stored rows, trimmed). */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(packed ? PACKED : trimmed ? TRIMMED : UNPACKED);
            parameters.writeTo(out);
            out.write(root);
            out.writeInt(numVars.length);
            for (int v : numVars) {
                out.writeByte(v);
            }
            if (trimmed) {
                for (int s : storedRows) {
                    out.writeInt(s);
                }
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
            if (version != UNPACKED && version != PACKED && version != TRIMMED) {
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
            int[] stored = null;
            if (version == TRIMMED) {
                if (in.remaining() < 4L * count) {
                    throw new MalformedProofException("commitment is truncated: " + count + " stored row counts do not fit " + in.remaining()
                            + " bytes");
                }
                stored = new int[count];
                for (int i = 0; i < count; i++) {
                    stored[i] = in.getInt();
                    if (numVars[i] < 0 || numVars[i] > 40) {
                        throw new MalformedProofException("commitment is invalid: polynomial " + i + " has " + numVars[i] + " variables");
                    }
                    long full = rowsFor(numVars[i], params.logRowWidth());
                    if (stored[i] < 1 || stored[i] > full) {
                        throw new MalformedProofException("commitment is invalid: polynomial " + i + " declares " + stored[i]
                                + " stored rows; it has 1 to " + full + " (2^" + numVars[i] + " values in rows of 2^" + params.logRowWidth() + ")");
                    }
                }
            }
            if (in.hasRemaining()) {
                throw new MalformedProofException(in.remaining() + " trailing bytes after the commitment");
            }
            Commitment c = new Commitment(params, root, numVars, version == PACKED, stored);
            if (version == TRIMMED && !c.trimmed) {
                throw new MalformedProofException("commitment is invalid: format version " + TRIMMED
                        + " declares stored rows, but every polynomial stores all its rows (that layout is version " + UNPACKED + ")");
            }
            return c;
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
