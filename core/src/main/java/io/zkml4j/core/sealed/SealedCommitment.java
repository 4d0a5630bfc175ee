package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.hash.Poseidon2Lanes;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A commitment whose columns are never revealed, so one public root stays hiding for any number
 * of openings ({@link SealedOpening}). Rows are Reed–Solomon encoded as in the Ligero commitment
 * (no random columns: hiding comes from the leaves), and each column's leaf is the algebraic hash
 * Poseidon2(salt ‖ column) with a fresh 4-element salt, so a proof can show in zero knowledge that
 * hidden column values hash to a public leaf. The tree above the leaves is an ordinary Merkle tree of the
 * parameters' hash (SHA-256, or Keccak-256 for the EVM): its paths reveal only leaf digests, which say nothing without the salts.
 */
public final class SealedCommitment {
    public static final int SALT_ELEMENTS = 4;
    /** The sponge domain of leaves, apart from every other use of the hash. */
    public static final int LEAF_DOMAIN = 7;

    private final Commitment commitment;
    private final long[][] messages; // rows × k
    private final long[][] encoded;  // rows × n
    private final long[][] salts;    // n × SALT_ELEMENTS
    private final long[][] leaves;   // n × OUTPUT
    private final MerkleTree tree;

    private SealedCommitment(Commitment commitment, long[][] messages, long[][] encoded, long[][] salts, long[][] leaves, MerkleTree tree) {
        this.commitment = commitment;
        this.messages = messages;
        this.encoded = encoded;
        this.salts = salts;
        this.leaves = leaves;
        this.tree = tree;
    }

    /** Commits to tables of power-of-two lengths; the parameters must have no random columns. */
    public static SealedCommitment commit(LigeroParameters params, List<long[]> tables, Random random) {
        return commit(params, null, tables, random, null);
    }

    /**
     * The same in a trimmed layout: table i stores only its first {@code storedRows[i]} rows (see
     * {@link Commitment#unpacked(LigeroParameters, byte[], int[], int[])}), which are all that is
     * encoded and hashed; its values past them must be zero (IllegalArgumentException otherwise:
     * the layout cannot hold them). Null stores every row.
     */
    public static SealedCommitment commit(LigeroParameters params, int[] storedRows, List<long[]> tables, Random random) {
        return commit(params, storedRows, tables, random, null);
    }

    /** Leaves recomputed to check a stored set of leaves: enough that a corrupted store is caught. */
    static final int SPOT_CHECKS = 64;

    /**
     * Re-creates a commitment whose leaf digests were kept (see {@link #leafDigests}), so that
     * only the encoding is redone, not the hashing of every column: the slow part for large
     * tables. The randomness must be the original's; a sample of leaves is recomputed, and a
     * mismatch fails (IllegalArgumentException), as does a wrong number of leaves.
     */
    public static SealedCommitment reopen(LigeroParameters params, List<long[]> tables, Random random, long[] leafDigests) {
        return reopen(params, null, tables, random, leafDigests);
    }

    /** The same for a trimmed layout ({@link #commit(LigeroParameters, int[], List, Random)}). */
    public static SealedCommitment reopen(LigeroParameters params, int[] storedRows, List<long[]> tables, Random random, long[] leafDigests) {
        if (leafDigests.length != params.codeLength() * Poseidon2Sponge.OUTPUT) {
            throw new IllegalArgumentException("stored leaves: " + leafDigests.length / Poseidon2Sponge.OUTPUT + " for a code of length "
                    + params.codeLength());
        }
        return commit(params, storedRows, tables, random, leafDigests);
    }

    /** The leaf digests, flattened (n × 4 elements): what {@link #reopen} takes. */
    public long[] leafDigests() {
        long[] out = new long[leaves.length * Poseidon2Sponge.OUTPUT];
        for (int c = 0; c < leaves.length; c++) {
            System.arraycopy(leaves[c], 0, out, c * Poseidon2Sponge.OUTPUT, Poseidon2Sponge.OUTPUT);
        }
        return out;
    }

    private static SealedCommitment commit(LigeroParameters params, int[] storedRows, List<long[]> tables, Random random, long[] stored) {
        if (params.randomColumns() != 0) {
            throw new IllegalArgumentException("a sealed commitment hides by its leaves and takes no random columns");
        }
        int[] numVars = CommittedPolynomials.numVars(tables);
        // Rows past a polynomial's stored ones are zero by the layout: not encoded, not hashed (refused if not zero).
        long[][] data = CommittedPolynomials.rows(Commitment.unpacked(params, new byte[HashFunction.DIGEST_BYTES], numVars, storedRows), tables);
        int k = params.rowWidth();
        int n = params.codeLength();
        int rows = data.length;
        boolean inLanes = stored == null && Poseidon2Lanes.worthIt((long) n * Poseidon2Sponge.permutations(SALT_ELEMENTS + rows));
        if (inLanes) {
            Poseidon2Lanes.warmUpInBackground(); // compiles the lane code while the rows are encoded
        }
        long[][] messages = new long[rows][k];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < data[r].length; c++) {
                messages[r][c] = Goldilocks.canonical(data[r][c]);
            }
        }
        long[][] encoded = new long[rows][];
        IntStream.range(0, rows).parallel().forEach(r -> {
            encoded[r] = Ntt.forwardBitReversedPadded(messages[r], params.logCodeLength());
        });
        long[][] salts = new long[n][SALT_ELEMENTS];
        for (long[] s : salts) {
            for (int i = 0; i < SALT_ELEMENTS; i++) {
                s[i] = Goldilocks.uniform(random);
            }
        }
        long[][] leaves = new long[n][];
        if (stored == null) {
            hashLeaves(encoded, salts, leaves, inLanes);
        } else {
            for (int c = 0; c < n; c++) {
                leaves[c] = Arrays.copyOfRange(stored, c * Poseidon2Sponge.OUTPUT, (c + 1) * Poseidon2Sponge.OUTPUT);
            }
            java.util.SplittableRandom spot = new java.util.SplittableRandom(Arrays.hashCode(stored));
            for (int i = 0; i < Math.min(n, SPOT_CHECKS); i++) {
                int c = spot.nextInt(n);
                if (!Arrays.equals(leaves[c], Poseidon2Sponge.hash(LEAF_DOMAIN, leafMessage(salts[c], column(encoded, c))))) {
                    throw new IllegalArgumentException("stored leaf " + c + " is not the hash of its column: the stored commitment is corrupted");
                }
            }
        }
        byte[] leafBytes = new byte[n * HashFunction.DIGEST_BYTES];
        java.nio.ByteBuffer leafBuffer = java.nio.ByteBuffer.wrap(leafBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long[] leaf : leaves) {
            for (long d : leaf) {
                leafBuffer.putLong(d); // as leafBytes(leaf) writes it
            }
        }
        MerkleTree tree = MerkleTree.fromLeafDigests(params.hash(), leafBytes);
        return new SealedCommitment(Commitment.unpacked(params, tree.root(), numVars, storedRows), messages, encoded, salts, leaves, tree);
    }

    /** Columns hashed together in one task where the vector lanes are on. */
    private static final int COLUMNS_PER_TASK = 256;

    /**
     * Every column's leaf, H(salt ‖ column): in bulk through the vector lanes when the job is
     * large enough ({@code inLanes}, decided by the caller), reading salts and columns in place
     * (a 2^19-column dataset commitment would otherwise build 360 MB of messages).
     */
    private static void hashLeaves(long[][] encoded, long[][] salts, long[][] leaves, boolean inLanes) {
        int n = leaves.length;
        int length = SALT_ELEMENTS + encoded.length;
        if (!inLanes) {
            IntStream.range(0, n).parallel().forEach(c -> leaves[c] = Poseidon2Sponge.hash(LEAF_DOMAIN, leafMessage(salts[c], column(encoded, c))));
            return;
        }
        IntStream.range(0, (n + COLUMNS_PER_TASK - 1) / COLUMNS_PER_TASK).parallel().forEach(task -> {
            int from = task * COLUMNS_PER_TASK, count = Math.min(n, from + COLUMNS_PER_TASK) - from;
            long[][] digests = Poseidon2Sponge.hashAll(LEAF_DOMAIN, count, length,
                    (m, i) -> i < SALT_ELEMENTS ? salts[from + m][i] : encoded[i - SALT_ELEMENTS][from + m]);
            System.arraycopy(digests, 0, leaves, from, count);
        });
    }

    /** What a leaf hashes: the salt, then the column. */
    static long[] leafMessage(long[] salt, long[] column) {
        long[] m = Arrays.copyOf(salt, SALT_ELEMENTS + column.length);
        System.arraycopy(column, 0, m, SALT_ELEMENTS, column.length);
        return m;
    }

    /** A leaf digest as the 32 bytes the Merkle tree holds. */
    static byte[] leafBytes(long[] digest) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(HashFunction.DIGEST_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long d : digest) {
            b.putLong(d);
        }
        return b.array();
    }

    private static long[] column(long[][] encoded, int c) {
        long[] col = new long[encoded.length];
        for (int r = 0; r < col.length; r++) {
            col[r] = encoded[r][c];
        }
        return col;
    }

    /** The public part: root, parameters, layout. */
    public Commitment commitment() {
        return commitment;
    }

    /** Polynomial p's evaluation table, read back from its rows (the prover's own data; zero past its stored rows). */
    long[] table(int polynomial) {
        int size = 1 << commitment.numVars(polynomial);
        int k = commitment.parameters().rowWidth();
        long[] out = new long[size];
        int row = commitment.rowStart(polynomial);
        for (int r = 0; r < commitment.storedRows(polynomial); r++) {
            System.arraycopy(messages[row + r], 0, out, r * k, Math.min(k, size - r * k));
        }
        return out;
    }

    long[] message(int row) {
        return messages[row];
    }

    /** Column c of the encoded matrix: the prover's own secret data (for its tests and debugging; never sent). */
    public long[] column(int c) {
        return column(encoded, c);
    }

    long[] salt(int c) {
        return salts[c];
    }

    long[] leaf(int c) {
        return leaves[c];
    }

    MerkleTree tree() {
        return tree;
    }
}
