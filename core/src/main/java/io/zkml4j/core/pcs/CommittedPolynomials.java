package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.Ntt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The prover's side of a commitment: each row's message (data then randomness), the per-column
 * salts and the Merkle tree over salted columns of the encoded matrix (which is re-encoded for the
 * queried columns when they are revealed, not kept).
 * It also counts the distinct columns opened so far, and refuses an opening that would reveal
 * more columns than the randomness hides: the one-time commitments of a proof are opened once,
 * and a second opening is a bug this catches (weights live in a {@link io.zkml4j.core.sealed.SealedCommitment},
 * which is never opened).
 */
public final class CommittedPolynomials {
    static final int SALT_BYTES = 16;
    /** Columns hashed per task: 64 longs per row fill 8 cache lines. */
    private static final int COLUMN_BLOCK = 64;
    private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Commitment commitment;
    private final long[][] messages; // rows × K
    // Each row's codeword (rows × n) is needed to hash the columns at commit time only: it is not
    // kept (it is four times the data, and a proof would hold it through the whole sumcheck); the
    // rows are encoded again when the opening's queried columns are known.
    private final java.util.Map<Integer, long[]> revealedColumns = new java.util.HashMap<>();
    private final byte[] salts;      // n × SALT_BYTES
    private final MerkleTree tree;
    private final BitSet opened = new BitSet();

    /** The encoded rows, when kept from the commitment to the opening (null: encoded again for the queried columns). */
    private final long[][] encoded;

    private CommittedPolynomials(Commitment commitment, long[][] messages, long[][] encoded, byte[] salts, MerkleTree tree) {
        this.commitment = commitment;
        this.messages = messages;
        this.encoded = encoded;
        this.salts = salts;
        this.tree = tree;
    }

    /** Whether the encoded rows are kept until the opening (else encoded again for its columns). */
    boolean keepsEncodedRows() {
        return encoded != null;
    }

    /** Commits to tables of power-of-two lengths (any 64-bit values; they are reduced mod p). */
    public static CommittedPolynomials commit(LigeroParameters params, List<long[]> tables, Random random) {
        return commit(params, tables, random, false);
    }

    /** With {@code keepEncoded}, the encoded rows stay in memory until the opening, which then reads its columns instead of encoding again. */
    static CommittedPolynomials commit(LigeroParameters params, List<long[]> tables, Random random, boolean keepEncoded) {
        int[] numVars = numVars(tables);
        return commitRows(params, rows(params, tables, numVars), numVars, random, keepEncoded);
    }

    /** Bytes the encoded rows of these tables take. */
    static long encodedBytes(LigeroParameters params, List<long[]> tables) {
        long rows = new Commitment(params, new byte[HashFunction.DIGEST_BYTES], numVars(tables)).rows();
        return 8 * rows * params.codeLength();
    }

    /** Each table's number of variables; a table whose length is not a power of two is refused. */
    public static int[] numVars(List<long[]> tables) {
        int[] numVars = new int[tables.size()];
        for (int i = 0; i < numVars.length; i++) {
            int len = tables.get(i).length;
            if (len == 0 || (len & (len - 1)) != 0) {
                throw new IllegalArgumentException("polynomial " + i + " has " + len + " values; a multilinear table needs a power of two");
            }
            numVars[i] = Integer.numberOfTrailingZeros(len);
        }
        return numVars;
    }

    /** The tables cut into rows of the row width, in the commitment's layout (a short last row stays short). */
    public static long[][] rows(LigeroParameters params, List<long[]> tables, int[] numVars) {
        return rows(new Commitment(params, new byte[HashFunction.DIGEST_BYTES], numVars), tables);
    }

    /**
     * The data rows of tables in a layout (shared rows of a packed layout hold several small tables;
     * a trimmed layout has only each table's stored rows, and a table with a non-zero value past
     * them is refused: the layout cannot hold it).
     */
    public static long[][] rows(Commitment layout, List<long[]> tables) {
        int k = layout.parameters().rowWidth();
        long[][] data = new long[layout.rows()][];
        for (int i = 0; i < layout.polynomials(); i++) {
            long[] t = tables.get(i);
            int offset = layout.columnOffset(i);
            if (layout.packed() && t.length < k) {
                int row = layout.rowStart(i);
                if (data[row] == null) {
                    data[row] = new long[k];
                }
                System.arraycopy(t, 0, data[row], offset, t.length);
                continue;
            }
            int stored = layout.storedRows(i);
            for (int r = 0; r < stored; r++) {
                data[layout.rowStart(i) + r] = Arrays.copyOfRange(t, r * k, Math.min(t.length, (r + 1) * k));
            }
            for (long at = (long) stored * k; at < t.length; at++) {
                if (Goldilocks.canonical(t[(int) at]) != 0) {
                    throw new IllegalArgumentException("polynomial " + i + " has a non-zero value at " + at + ", past the " + stored
                            + " rows of 2^" + layout.parameters().logRowWidth() + " its layout stores (the rest of it is zero)");
                }
            }
        }
        return data;
    }

    /**
     * Commits to rows given directly (each at most rowWidth values, zero-padded), with the layout
     * of {@code numVars}. Used for the per-opening mask matrix.
     */
    static CommittedPolynomials commitRows(LigeroParameters params, long[][] rowData, int[] numVars, Random random) {
        return commitRows(params, rowData, numVars, random, false);
    }

    static CommittedPolynomials commitRows(LigeroParameters params, long[][] rowData, int[] numVars, Random random, boolean keepEncoded) {
        int rows = rowData.length;
        int k = params.rowWidth();
        int kk = params.messageLength();
        int n = params.codeLength();
        long[][] messages = new long[rows][];
        for (int r = 0; r < rows; r++) {
            long[] m = new long[kk];
            long[] d = rowData[r];
            for (int c = 0; c < d.length; c++) {
                m[c] = Goldilocks.canonical(d[c]);
            }
            for (int c = k; c < kk; c++) {
                m[c] = Goldilocks.uniform(random);
            }
            messages[r] = m;
        }
        long[][] encoded = new long[rows][];
        IntStream.range(0, rows).parallel().forEach(r -> {
            encoded[r] = Ntt.forwardBitReversedPadded(messages[r], params.logCodeLength());
        });
        return commitWords(params, messages, encoded, numVars, random, keepEncoded);
    }

    /**
     * Commits to given words as the rows' codewords (an honest caller passes their encodings; soundness
     * tests pass other words, kept so the opening reveals them).
     */
    static CommittedPolynomials commitWords(LigeroParameters params, long[][] messages, long[][] encoded, int[] numVars, Random random,
                                            boolean keepEncoded) {
        int rows = messages.length;
        int n = params.codeLength();
        byte[] salts = new byte[n * SALT_BYTES];
        random.nextBytes(salts);
        byte[] leaves = new byte[n * HashFunction.DIGEST_BYTES];
        // Columns are hashed in blocks: each thread copies a block of columns out of every row
        // (one cache line per row at a time) into its own buffer, then hashes them together (in
        // the vector lanes where the hash has them).
        int block = Math.min(n, COLUMN_BLOCK);
        HashFunction hash = params.hash();
        ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[8 * rows * block]);
        IntStream.range(0, n / block).parallel().forEach(b -> {
            byte[] buf = buffers.get();
            int first = b * block;
            for (int r = 0; r < rows; r++) {
                long[] row = encoded[r];
                for (int c = 0; c < block; c++) {
                    LONGS_LE.set(buf, 8 * (c * rows + r), row[first + c]);
                }
            }
            MerkleTree.hashLeaves(hash, block, salts, first * SALT_BYTES, SALT_BYTES, buf, 0, 8 * rows,
                    leaves, first * HashFunction.DIGEST_BYTES);
        });
        MerkleTree tree = MerkleTree.fromLeafDigests(params.hash(), leaves);
        return new CommittedPolynomials(new Commitment(params, tree.root(), numVars), messages, keepEncoded ? encoded : null, salts, tree);
    }

    public Commitment commitment() {
        return commitment;
    }

    /** The message (data then randomness) of a row. */
    long[] message(int row) {
        return messages[row];
    }

    /** The committed table of a polynomial, as given (reduced mod p). */
    public long[] table(int polynomial) {
        int nv = commitment.numVars(polynomial);
        long[] t = new long[1 << nv];
        int k = commitment.parameters().rowWidth();
        int offset = commitment.columnOffset(polynomial);
        for (int r = 0; r < commitment.storedRows(polynomial); r++) {
            System.arraycopy(messages[commitment.rowStart(polynomial) + r], offset, t, r * k, Math.min(k, t.length));
        }
        return t;
    }

    /** Column j of the encoded matrix (one value per row): a column revealed by {@link #reveal}. */
    long[] column(int j) {
        long[] c = revealedColumns.get(j);
        if (c == null) {
            throw new IllegalStateException("column " + j + " is read before it is revealed");
        }
        return c.clone();
    }

    /** Encodes every row again at these columns only (unless the encoded rows were kept) and keeps their entries. */
    private void encodeColumns(int[] columns) {
        LigeroParameters p = commitment.parameters();
        int rows = messages.length;
        long[][] values = new long[columns.length][rows];
        int[] sorted = Arrays.stream(columns).sorted().toArray();
        int[] rank = Arrays.stream(columns).map(c -> Arrays.binarySearch(sorted, c)).toArray(); // column q's entry in a sorted transform
        IntStream.range(0, rows).parallel().forEach(r -> {
            if (encoded != null) {
                for (int q = 0; q < columns.length; q++) {
                    values[q][r] = encoded[r][columns[q]];
                }
                return;
            }
            long[] entries = Ntt.forwardBitReversedAt(messages[r], p.logCodeLength(), sorted);
            for (int q = 0; q < columns.length; q++) {
                values[q][r] = entries[rank[q]];
            }
        });
        for (int q = 0; q < columns.length; q++) {
            revealedColumns.put(columns[q], values[q]);
        }
    }

    byte[] salt(int j) {
        return Arrays.copyOfRange(salts, j * SALT_BYTES, (j + 1) * SALT_BYTES);
    }

    MerkleTree tree() {
        return tree;
    }

    /** Distinct columns revealed by all openings so far. */
    public int openedColumns() {
        return opened.cardinality();
    }

    /** Records that these columns are revealed, refusing if that would exceed the hiding budget. */
    void reveal(int[] distinctColumns) {
        BitSet next = (BitSet) opened.clone();
        for (int j : distinctColumns) {
            next.set(j);
        }
        int budget = commitment.parameters().hidingColumns();
        if (next.cardinality() > budget) {
            throw new HidingBudgetExhaustedException("opening this commitment again would reveal " + next.cardinality()
                    + " distinct columns, but its randomness hides only " + budget
                    + "; commit again (or choose parameters hiding more openings)");
        }
        opened.or(next);
        int[] missing = Arrays.stream(distinctColumns).filter(j -> !revealedColumns.containsKey(j)).toArray();
        if (missing.length > 0) {
            encodeColumns(missing);
        }
    }

    static void writeColumnBytes(long[] column, byte[] out) {
        for (int r = 0; r < column.length; r++) {
            LONGS_LE.set(out, 8 * r, column[r]);
        }
    }
}
