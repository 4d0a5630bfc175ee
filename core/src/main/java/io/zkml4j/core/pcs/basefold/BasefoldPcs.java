package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.Arrays;

/**
 * A succinct multilinear commitment: Basefold (Zeilberger, Chen and Fisch, eprint 2023/1705) over
 * Reed–Solomon codes, with a proof of O(log² n) size.
 *
 * <p>Commit: the table's values are the coefficients of P(X) = Σ_i t_i X^i, evaluated on the
 * 2^(n+β)-th roots of unity in bit-reversed order (rate ρ = 2^−β); the commitment is the Merkle
 * root over leaves of 2^k consecutive values (a coset of the 2^k-th roots of unity).
 *
 * <p>Open f(z) = v, f the table's multilinear extension: {@link FoldedEvaluation} proves that the
 * committed word's coefficients c satisfy Σ_i c_i·eq(z, i) = v (which is f(z) for c the table),
 * folding this word's leaves first; this class opens them at the queried leaves.
 *
 * <p>In the list-decoding regime the committed word may lie within the proximity radius of several
 * codewords (a list), and the folds' theorem only says that some codeword of the list takes the
 * claimed value. The commitment then pins one of them: beside the root it holds y = f(z_ood) at an
 * out-of-domain point z_ood drawn from the root alone ({@link #outOfDomainPoint}), and an opening of
 * f(z) = v first sends q(t) = f(z + t·(z_ood − z)) for t = 0..n, the verifier checks q(0) = v and
 * q(1) = y, and the folds prove the one claim f(ℓ(t*)) = q(t*) at a t* drawn after q. Every codeword of
 * the list but the pinned one misses y, and the pinned one misses v when the claim is false, so no
 * codeword of the list takes q(t*) at ℓ(t*) except by chance ({@link ListDecodingSoundness#pinningBits}).
 *
 * <p>Not hiding and not zero-knowledge: opened positions reveal codeword values (the proofs' hiding
 * commitments are opened succinctly by {@link io.zkml4j.core.pcs.SuccinctOpening}), and y is an
 * evaluation of f. Soundness and binding in either regime: {@link BasefoldParameters}.
 */
public final class BasefoldPcs {
    private static final byte[] NO_SALT = new byte[0];
    /**
     * log2 of the largest codeword: 2^30 values, the largest power-of-two length a Java array has
     * (the 2-adicity of Goldilocks, 32, is not the limit: 2^31 overflows the int lengths and indices).
     */
    static final int MAX_LOG_CODEWORD = 30;

    private BasefoldPcs() {}

    /**
     * The protocol name of the transcript that draws a commitment's out-of-domain point: it absorbs
     * the root and nothing else, so the point, and with it the pinned codeword, is fixed by the root.
     */
    static final String OUT_OF_DOMAIN_PROTOCOL = "zkml4j/basefold/out-of-domain/v1";

    /**
     * What the verifier holds: the parameters, the number of variables, the codeword's Merkle root
     * and, in the list-decoding regime, the value at the out-of-domain point (null in the other).
     * A protocol that commits inside a transcript must bind the root and that value before it draws
     * any point to open at: a value chosen after the point could name whichever codeword of the list
     * takes the value wanted there.
     */
    public record Commitment(BasefoldParameters parameters, int numVars, byte[] root, Ext2 outOfDomainValue) {
        /** A commitment in the unique-decoding regime (no out-of-domain value). */
        public Commitment(BasefoldParameters parameters, int numVars, byte[] root) {
            this(parameters, numVars, root, null);
        }

        public Commitment {
            if (parameters.listDecoding() != (outOfDomainValue != null)) {
                throw new IllegalArgumentException(parameters.listDecoding() ? "a list-decoding commitment holds its out-of-domain value"
                        : "a unique-decoding commitment holds no out-of-domain value");
            }
            // Review fix: the verifier's shape comes from here, so it is checked here. numVars = 0 made
            // verify() fail with an ArrayIndexOutOfBoundsException (no layer to hold the root), and
            // numVars + logBlowup over 30 overflowed its int leaf counts (1 << 31 < 0).
            if (numVars < 1 || numVars > MAX_LOG_CODEWORD - parameters.logBlowup()) {
                throw new IllegalArgumentException("a Basefold commitment holds 2^1 to 2^" + (MAX_LOG_CODEWORD - parameters.logBlowup())
                        + " values at log blowup " + parameters.logBlowup() + ", got 2^" + numVars);
            }
            if (root.length != HashFunction.DIGEST_BYTES) {
                throw new IllegalArgumentException("a root has " + HashFunction.DIGEST_BYTES + " bytes, got " + root.length);
            }
            root = root.clone();
        }

        @Override
        public byte[] root() {
            return root.clone();
        }
    }

    /** The prover's side of a commitment: the table, its codeword and the codeword's Merkle tree. */
    public static final class Committed {
        private final BasefoldParameters parameters;
        private final HashFunction hash;
        private final long[] table;
        private final long[] codeword;
        private final MerkleTree tree;
        private Ext2 outOfDomainValue; // list decoding: f at the root's out-of-domain point, computed once

        private Committed(BasefoldParameters parameters, HashFunction hash, long[] table, long[] codeword, MerkleTree tree) {
            this.parameters = parameters;
            this.hash = hash;
            this.table = table;
            this.codeword = codeword;
            this.tree = tree;
        }

        public Commitment commitment() {
            return new Commitment(parameters, numVars(), tree.root(), outOfDomainValue());
        }

        private int numVars() {
            return Integer.numberOfTrailingZeros(table.length);
        }

        /** A prover of this table and word stating another out-of-domain value (review tests play one). */
        Committed stating(Ext2 outOfDomainValue) {
            Committed c = new Committed(parameters, hash, table, codeword, tree);
            c.outOfDomainValue = outOfDomainValue;
            return c;
        }

        /** f(z_ood) in the list-decoding regime, null in the other. */
        private synchronized Ext2 outOfDomainValue() {
            if (parameters.listDecoding() && outOfDomainValue == null) {
                outOfDomainValue = evaluate(outOfDomainPoint(tree.root(), numVars(), hash));
            }
            return outOfDomainValue;
        }

        /** f(point), the value an opening at the point proves. */
        public Ext2 evaluate(Ext2[] point) {
            return Multilinear.evaluateBase(table, point);
        }
    }

    /** Commits to a table of 2^n base-field values, n ≥ 1. */
    public static Committed commit(BasefoldParameters parameters, long[] table, HashFunction hash) {
        int n = Multilinear.numVars(table.length);
        // Review fix: the bound was the 2-adicity (32), but a codeword of 2^31 values overflowed
        // table.length << logBlowup (NegativeArraySizeException); the Commitment now checks the same bound.
        if (n < 1 || n + parameters.logBlowup() > MAX_LOG_CODEWORD) {
            throw new IllegalArgumentException("a Basefold commitment holds 2^1 to 2^" + (MAX_LOG_CODEWORD - parameters.logBlowup())
                    + " values, got " + table.length);
        }
        return commitCodeword(parameters, table, encode(table, parameters.logBlowup()), hash);
    }

    /** The Reed–Solomon codeword of a table: its values as P's coefficients, at the 2^(n+β)-th roots of unity in bit-reversed order. */
    static long[] encode(long[] table, int logBlowup) {
        long[] codeword = new long[table.length << logBlowup];
        for (int i = 0; i < table.length; i++) {
            codeword[i] = Goldilocks.canonical(table[i]);
        }
        Ntt.forwardBitReversed(codeword);
        return codeword;
    }

    /** A commitment to a given word as the table's codeword (an honest caller passes {@link #encode}). */
    static Committed commitCodeword(BasefoldParameters parameters, long[] table, long[] codeword, HashFunction hash) {
        int n = Multilinear.numVars(table.length);
        int group = 1 << shape(parameters, n, hash).firstFolds();
        byte[] digests = new byte[codeword.length / group * HashFunction.DIGEST_BYTES];
        ThreadLocal<HashFunction.Hasher> hashers = ThreadLocal.withInitial(hash::newHasher);
        java.util.stream.IntStream.range(0, codeword.length / group).parallel().forEach(j -> {
            byte[] data = littleEndian(Arrays.copyOfRange(codeword, j * group, (j + 1) * group));
            MerkleTree.hashLeaf(hashers.get(), NO_SALT, data, data.length, digests, j * HashFunction.DIGEST_BYTES);
        });
        return new Committed(parameters, hash, table.clone(), codeword, MerkleTree.fromLeafDigests(hash, digests));
    }

    /** The folds' shape: the committed word's leaves are folded first, with the arity of the later layers. */
    static FoldedEvaluation.Shape shape(BasefoldParameters p, int numVars, HashFunction hash) {
        return new FoldedEvaluation.Shape(numVars, numVars + p.logBlowup(), Math.min(p.logArity(), numVars), p.logArity(), p.queries(),
                p.grindingBits(), hash, p.listDecoding());
    }

    /**
     * Proves f(point) = committed.evaluate(point). The root, the point and the value are bound to the
     * transcript first, so the proof is about them.
     */
    public static void open(Committed committed, Ext2[] point, ProverChannel ch, String label) {
        open(committed, point, ch, label, FoldedEvaluation.Deviation.HONEST);
    }

    /** With a dishonest prover deviating in one place: only soundness tests play one. */
    static void open(Committed committed, Ext2[] point, ProverChannel ch, String label, FoldedEvaluation.Deviation deviation) {
        int n = Integer.numberOfTrailingZeros(committed.table.length);
        if (point.length != n) {
            throw new IllegalArgumentException("a point of " + n + " coordinates, got " + point.length);
        }
        FoldedEvaluation.Shape shape = shape(committed.parameters, n, committed.hash);
        Ext2 pinned = committed.outOfDomainValue();
        bindStatement(ch, label, committed.tree.root(), point, deviation.value(committed.evaluate(point)), pinned);
        Ext2[] foldedAt = point;
        if (pinned != null) {
            Ext2[] outside = outOfDomainPoint(committed.tree.root(), n, committed.hash);
            Ext2[] line = new Ext2[n + 1];
            for (int t = 0; t <= n; t++) {
                line[t] = committed.evaluate(onLine(point, outside, Ext2.fromBase(t)));
            }
            ch.sendExt(label + ".line", ExtVectors.of(line));
            foldedAt = onLine(point, outside, ch.challengeExt(label + ".lineAt"));
        }
        int[] leaves = FoldedEvaluation.prove(shape, ExtVectors.fromBase(committed.table), ExtVectors.fromBase(committed.codeword), foldedAt, ch,
                label, deviation);
        int group = 1 << shape.firstFolds();
        long[] opened = new long[group * leaves.length];
        for (int k = 0; k < leaves.length; k++) {
            System.arraycopy(committed.codeword, group * leaves[k], opened, group * k, group);
        }
        ch.sendBase(label + ".first", opened);
        ch.sendBytes(label + ".firstPaths", MerkleTree.joinDigests(committed.tree.multiProof(leaves)));
    }

    /** Checks a proof that the committed polynomial takes {@code value} at {@code point}. */
    public static void verify(Commitment commitment, Ext2[] point, Ext2 value, HashFunction hash, VerifierChannel ch, String label)
            throws InvalidProofException {
        int n = commitment.numVars();
        if (point.length != n) {
            throw new IllegalArgumentException("a point of " + n + " coordinates, got " + point.length);
        }
        FoldedEvaluation.Shape shape = shape(commitment.parameters(), n, hash);
        Ext2 pinned = commitment.outOfDomainValue();
        bindStatement(ch, label, commitment.root(), point, value, pinned);
        Ext2[] foldedAt = point;
        Ext2 foldedValue = value;
        if (pinned != null) {
            Ext2[] line = ExtVectors.toArray(ch.receiveExt(label + ".line", n + 1));
            InvalidProofException.check(line[0].equals(value), "basefold '%s': the line through the point does not start at the claimed value", label);
            InvalidProofException.check(line[1].equals(pinned),
                    "basefold '%s': the line does not reach the commitment's out-of-domain value (another codeword than the committed one)", label);
            Ext2 t = ch.challengeExt(label + ".lineAt");
            foldedAt = onLine(point, outOfDomainPoint(commitment.root(), n, hash), t);
            foldedValue = Univariate.evaluate(line, t);
        }
        int group = 1 << shape.firstFolds();
        int logLeaves = shape.logCodeLength() - shape.firstFolds();
        FoldedEvaluation.verify(shape, foldedAt, foldedValue, ch, label, leaves -> {
            long[] words = ch.receiveBase(label + ".first", group * leaves.length);
            byte[] digests = new byte[leaves.length * HashFunction.DIGEST_BYTES];
            HashFunction.Hasher h = hash.newHasher();
            Ext2[][] out = new Ext2[leaves.length][group];
            for (int k = 0; k < leaves.length; k++) {
                long[] leaf = Arrays.copyOfRange(words, group * k, group * (k + 1));
                for (int s = 0; s < group; s++) {
                    out[k][s] = Ext2.fromBase(leaf[s]);
                }
                byte[] data = littleEndian(leaf);
                MerkleTree.hashLeaf(h, NO_SALT, data, data.length, digests, k * HashFunction.DIGEST_BYTES);
            }
            byte[] paths = ch.receiveBytes(label + ".firstPaths", MerkleTree.multiProofSize(leaves, logLeaves) * HashFunction.DIGEST_BYTES);
            byte[] root = MerkleTree.rootFromMultiProof(hash, logLeaves, leaves, MerkleTree.splitDigests(digests), MerkleTree.splitDigests(paths));
            InvalidProofException.check(root != null && Arrays.equals(root, commitment.root()),
                    "basefold '%s': the opened values of the committed word do not match its Merkle root", label);
            return out;
        });
    }

    /** The statement: root, point and value, and in the list-decoding regime the commitment's out-of-domain value. */
    private static void bindStatement(io.zkml4j.core.transcript.ChallengeSource ch, String label, byte[] root, Ext2[] point, Ext2 value,
                                      Ext2 outOfDomainValue) {
        ch.absorbPublic(label + ".root", root);
        ch.absorbPublic(label + ".point", ExtVectors.of(point));
        ch.absorbPublic(label + ".value", ExtVectors.of(value));
        if (outOfDomainValue != null) {
            ch.absorbPublic(label + ".outOfDomain", ExtVectors.of(outOfDomainValue));
        }
    }

    /**
     * The out-of-domain point of a commitment of {@code numVars} variables under {@code root}: drawn
     * by a transcript of {@link #OUT_OF_DOMAIN_PROTOCOL} that absorbs the root alone.
     */
    public static Ext2[] outOfDomainPoint(byte[] root, int numVars, HashFunction hash) {
        FiatShamirProver t = new FiatShamirProver(hash, OUT_OF_DOMAIN_PROTOCOL);
        t.absorbPublic("basefold.root", root);
        return t.challengeExts("basefold.point", numVars);
    }

    /** z + t·(w − z), coordinate by coordinate. */
    static Ext2[] onLine(Ext2[] z, Ext2[] w, Ext2 t) {
        Ext2[] out = new Ext2[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i].add(t.mul(w[i].sub(z[i])));
        }
        return out;
    }

    /** Little-endian bytes of canonical field words, as leaves hash them. */
    static byte[] littleEndian(long[] words) {
        byte[] out = new byte[8 * words.length];
        for (int i = 0; i < words.length; i++) {
            long w = Goldilocks.canonical(words[i]);
            for (int k = 0; k < 8; k++) {
                out[8 * i + k] = (byte) (w >>> (8 * k));
            }
        }
        return out;
    }
}
