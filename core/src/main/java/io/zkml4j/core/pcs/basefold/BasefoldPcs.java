package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A succinct multilinear commitment: Basefold (Zeilberger, Chen and Fisch, eprint 2023/1705) over
 * Reed–Solomon codes, with a proof of O(log² n) size.
 *
 * <p>Commit: the table's multilinear coefficients c (f(x) = Σ_S c_S Π_{j∈S} x_j, bit j of the index
 * is x_j) are the coefficients of P(X) = Σ_i c_i X^i, evaluated on the 2^(n+β)-th roots of unity
 * (rate ρ = 2^−β); the commitment is the Merkle root over leaves pairing P(x) and P(−x).
 *
 * <p>Open f(z) = v: the sumcheck of Σ_x f(x)·eq(z, x) = v runs with the folds of FRI. Its challenge
 * r_i binds x_i and folds the codeword, P_{i+1}(X²) = (P_i(X) + P_i(−X))/2 + r_i·(P_i(X) − P_i(−X))/(2X),
 * which binds x_i of the coefficients in the same way; each folded codeword is committed. After n
 * rounds the codeword is the constant f(r), which the prover sends and the verifier checks against
 * the sumcheck's last claim, f(r)·eq(z, r). Queries then check every fold at random positions.
 * Only every k-th folded codeword is committed ({@link Schedule}); a leaf holds the 2^k values that
 * k folds map to one position of the next, so the verifier folds them itself.
 *
 * <p>Not hiding and not zero-knowledge yet: opened positions reveal codeword values. Soundness:
 * {@link BasefoldParameters}.
 */
public final class BasefoldPcs {
    private static final byte[] NO_SALT = new byte[0];
    private static final long INV_TWO = Goldilocks.inverse(2);
    /**
     * log2 of the largest codeword: 2^30 values, the largest power-of-two length a Java array has
     * (the 2-adicity of Goldilocks, 32, is not the limit: 2^31 overflows the int lengths and indices).
     */
    static final int MAX_LOG_CODEWORD = 30;

    private BasefoldPcs() {}

    /** What the verifier holds: the parameters, the number of variables and the first codeword's Merkle root. */
    public record Commitment(BasefoldParameters parameters, int numVars, byte[] root) {
        public Commitment {
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

        private Committed(BasefoldParameters parameters, HashFunction hash, long[] table, long[] codeword, MerkleTree tree) {
            this.parameters = parameters;
            this.hash = hash;
            this.table = table;
            this.codeword = codeword;
            this.tree = tree;
        }

        public Commitment commitment() {
            return new Commitment(parameters, Integer.numberOfTrailingZeros(table.length), tree.root());
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

    /** The Reed–Solomon codeword of a table: P(ω^j) for the multilinear coefficients as P's, j below 2^(n+β). */
    static long[] encode(long[] table, int logBlowup) {
        long[] codeword = Arrays.copyOf(coefficients(table), table.length << logBlowup);
        Ntt.forward(codeword);
        return codeword;
    }

    /** A commitment to a given word as the table's codeword (an honest caller passes {@link #encode}). */
    static Committed commitCodeword(BasefoldParameters parameters, long[] table, long[] codeword, HashFunction hash) {
        int n = Multilinear.numVars(table.length);
        return new Committed(parameters, hash, table.clone(), codeword, merkle(hash, codeword, false, schedule(parameters, n).folds(0)));
    }

    /**
     * Which rounds fold each committed codeword: codeword ℓ is committed before round kℓ, folded by
     * rounds kℓ .. kℓ + folds(ℓ) − 1, and its leaves hold the 2^folds(ℓ) values those folds turn into
     * one: leaf j holds the positions j + s·2^logLeaves(ℓ).
     */
    record Schedule(int numVars, int logBlowup, int logArity) {
        int layers() {
            return (numVars + logArity - 1) / logArity;
        }

        int folds(int layer) {
            return Math.min(logArity, numVars - layer * logArity);
        }

        int logSize(int layer) {
            return numVars + logBlowup - layer * logArity;
        }

        int logLeaves(int layer) {
            return logSize(layer) - folds(layer);
        }

        /** Whether a codeword is committed after round i's fold (the start of the next layer). */
        boolean commitsAfter(int round) {
            return (round + 1) % logArity == 0 && round + 1 < numVars;
        }
    }

    private static Schedule schedule(BasefoldParameters p, int numVars) {
        return new Schedule(numVars, p.logBlowup(), p.logArity());
    }

    /**
     * Proves f(point) = committed.evaluate(point). The root, the point and the value are bound to the
     * transcript first, so the proof is about them.
     */
    public static void open(Committed committed, Ext2[] point, ProverChannel ch, String label) {
        open(committed, point, ch, label, new Deviation() { });
    }

    /**
     * Test seam: the places where a dishonest prover in a test deviates from the protocol, one at a
     * time (the defaults are the honest prover).
     */
    interface Deviation {
        /** The value the prover claims (and binds to the transcript). */
        default Ext2 value(Ext2 honest) {
            return honest;
        }

        /** Round i's sumcheck values at 0, 1, 2 (for the prover's current claim), changed in place before (0) and (2) are sent. */
        default void round(int i, Ext2 claim, Ext2[] values) {
        }

        /** Each folded codeword (base codeword of round 0 folded, interleaved), changed in place before it is used. */
        default void afterFold(long[] codeword, int round) {
        }

        /** The final constant sent, given the sumcheck's last claim and the round challenges. */
        default Ext2 last(Ext2 honest, Ext2 claim, Ext2[] challenges) {
            return honest;
        }
    }

    static void open(Committed committed, Ext2[] point, ProverChannel ch, String label, Deviation deviation) {
        int n = Integer.numberOfTrailingZeros(committed.table.length);
        if (point.length != n) {
            throw new IllegalArgumentException("a point of " + n + " coordinates, got " + point.length);
        }
        Schedule schedule = schedule(committed.parameters, n);
        Ext2 value = deviation.value(committed.evaluate(point));
        bindStatement(ch, label, committed.tree.root(), point, value);
        ProductSumInstance sumcheck = new ProductSumInstance(new long[][] {ExtVectors.fromBase(committed.table), Multilinear.eqTable(point)},
                false, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)));
        List<long[]> layers = new ArrayList<>(List.of(committed.codeword)); // layer 0 in the base field, the rest interleaved
        List<MerkleTree> trees = new ArrayList<>(List.of(committed.tree));
        long[] current = committed.codeword;
        Ext2 claim = value;
        Ext2[] challenges = new Ext2[n];
        for (int i = 0; i < n; i++) {
            Ext2[] round = sumcheck.roundValues(claim); // at 0, 1, 2
            deviation.round(i, claim, round);
            ch.sendExt(label + ".round", ExtVectors.of(round[0], round[2]));
            Ext2 r = ch.challengeExt(label + ".r");
            challenges[i] = r;
            sumcheck.bind(r);
            claim = Univariate.evaluate(round, r);
            current = fold(current, i == 0, r);
            deviation.afterFold(current, i);
            if (schedule.commitsAfter(i)) {
                MerkleTree tree = merkle(committed.hash, current, true, schedule.folds(layers.size()));
                layers.add(current);
                trees.add(tree);
                ch.sendDigest(label + ".root", tree.root());
            }
        }
        ch.sendExt(label + ".final", ExtVectors.of(deviation.last(Ext2.at(current, 0), claim, challenges)));
        ch.grind(label + ".grind", committed.parameters.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", committed.parameters.queries(), 1 << schedule.logLeaves(0));
        for (int layer = 0; layer < layers.size(); layer++) {
            long[] codeword = layers.get(layer);
            boolean base = layer == 0;
            int logLeaves = schedule.logLeaves(layer);
            int group = 1 << schedule.folds(layer);
            int[] leaves = positions(queries, 1 << logLeaves);
            long[] opened = new long[(base ? 1 : 2) * group * leaves.length];
            for (int k = 0; k < leaves.length; k++) {
                for (int s = 0; s < group; s++) {
                    int position = leaves[k] + (s << logLeaves);
                    if (base) {
                        opened[k * group + s] = codeword[position];
                    } else {
                        Ext2.at(codeword, position).store(opened, k * group + s);
                    }
                }
            }
            if (base) {
                ch.sendBase(label + ".opened", opened);
            } else {
                ch.sendExt(label + ".opened", opened);
            }
            ch.sendBytes(label + ".paths", MerkleTree.joinDigests(trees.get(layer).multiProof(leaves)));
        }
    }

    /** Checks a proof that the committed polynomial takes {@code value} at {@code point}. */
    public static void verify(Commitment commitment, Ext2[] point, Ext2 value, HashFunction hash, VerifierChannel ch, String label)
            throws InvalidProofException {
        int n = commitment.numVars();
        BasefoldParameters params = commitment.parameters();
        if (point.length != n) {
            throw new IllegalArgumentException("a point of " + n + " coordinates, got " + point.length);
        }
        Schedule schedule = schedule(params, n);
        bindStatement(ch, label, commitment.root(), point, value);
        Ext2[] r = new Ext2[n];
        byte[][] roots = new byte[schedule.layers()][];
        roots[0] = commitment.root();
        Ext2 claim = value;
        for (int i = 0; i < n; i++) {
            Ext2[] wire = ExtVectors.toArray(ch.receiveExt(label + ".round", 2));
            Ext2[] round = {wire[0], claim.sub(wire[0]), wire[1]};
            r[i] = ch.challengeExt(label + ".r");
            claim = Univariate.evaluate(round, r[i]);
            if (schedule.commitsAfter(i)) {
                roots[(i + 1) / params.logArity()] = ch.receiveDigest(label + ".root");
            }
        }
        Ext2 last = ExtVectors.toArray(ch.receiveExt(label + ".final", 1))[0];
        InvalidProofException.check(claim.equals(last.mul(Multilinear.eq(point, r))),
                "basefold '%s': the folded constant does not match the sumcheck's last claim", label);
        ch.verifyGrind(label + ".grind", params.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", params.queries(), 1 << schedule.logLeaves(0));
        int layers = schedule.layers();
        Ext2[][][] opened = new Ext2[layers][][]; // per layer, per opened leaf: its values in slot order
        int[][] leavesOf = new int[layers][];
        for (int layer = 0; layer < layers; layer++) {
            int logLeaves = schedule.logLeaves(layer);
            int group = 1 << schedule.folds(layer);
            int[] leaves = positions(queries, 1 << logLeaves);
            leavesOf[layer] = leaves;
            boolean base = layer == 0;
            long[] words = base ? ch.receiveBase(label + ".opened", group * leaves.length)
                    : ch.receiveExt(label + ".opened", group * leaves.length);
            int width = base ? group : 2 * group;
            opened[layer] = new Ext2[leaves.length][group];
            byte[] digests = new byte[leaves.length * HashFunction.DIGEST_BYTES];
            HashFunction.Hasher h = hash.newHasher();
            for (int k = 0; k < leaves.length; k++) {
                long[] leaf = Arrays.copyOfRange(words, width * k, width * (k + 1));
                for (int s = 0; s < group; s++) {
                    opened[layer][k][s] = base ? Ext2.fromBase(leaf[s]) : Ext2.at(leaf, s);
                }
                byte[] data = littleEndian(leaf);
                MerkleTree.hashLeaf(h, NO_SALT, data, data.length, digests, k * HashFunction.DIGEST_BYTES);
            }
            byte[] paths = ch.receiveBytes(label + ".paths", MerkleTree.multiProofSize(leaves, logLeaves) * HashFunction.DIGEST_BYTES);
            byte[] root = MerkleTree.rootFromMultiProof(hash, logLeaves, leaves, MerkleTree.splitDigests(digests), MerkleTree.splitDigests(paths));
            InvalidProofException.check(root != null && Arrays.equals(root, roots[layer]),
                    "basefold '%s': the opened values of layer %d do not match its Merkle root", label, layer);
        }
        // Per layer, 1/ω_i for its first round i (ω_i = ω^(2^i) generates round i's domain), and that to
        // the 2^logLeaves: position j + s·2^logLeaves has 1/x = ω_i^−j·(ω_i^−2^logLeaves)^s, and each
        // fold squares both (the next domain is the squares).
        long[] inverseGenerators = new long[layers];
        long[] inverseSteps = new long[layers];
        long omegaInverse = Goldilocks.inverse(Goldilocks.rootOfUnity(n + params.logBlowup()));
        for (int layer = 0; layer < layers; layer++) {
            inverseGenerators[layer] = Goldilocks.pow(omegaInverse, 1L << (layer * params.logArity()));
            inverseSteps[layer] = Goldilocks.pow(inverseGenerators[layer], 1L << schedule.logLeaves(layer));
        }
        for (int query : queries) {
            for (int layer = 0; layer < layers; layer++) {
                int logLeaves = schedule.logLeaves(layer);
                int j = query & ((1 << logLeaves) - 1);
                Ext2[] values = opened[layer][Arrays.binarySearch(leavesOf[layer], j)].clone();
                long inverseX = Goldilocks.pow(inverseGenerators[layer], j);
                long inverseStep = inverseSteps[layer];
                for (int t = 0; t < schedule.folds(layer); t++) {
                    int round = layer * params.logArity() + t;
                    int half = values.length >> (t + 1);
                    long inverseXs = inverseX;
                    for (int s = 0; s < half; s++) {
                        values[s] = foldPair(values[s], values[s + half], r[round], inverseXs);
                        inverseXs = Goldilocks.mul(inverseXs, inverseStep);
                    }
                    inverseX = Goldilocks.mul(inverseX, inverseX);
                    inverseStep = Goldilocks.mul(inverseStep, inverseStep);
                }
                Ext2 expected;
                if (layer == layers - 1) {
                    expected = last;
                } else {
                    int nextLogLeaves = schedule.logLeaves(layer + 1);
                    Ext2[] next = opened[layer + 1][Arrays.binarySearch(leavesOf[layer + 1], j & ((1 << nextLogLeaves) - 1))];
                    expected = next[j >> nextLogLeaves];
                }
                InvalidProofException.check(values[0].equals(expected),
                        "basefold '%s': query %d's folds of layer %d do not match the next layer", label, query, layer);
            }
        }
    }

    /** The multilinear coefficients of a table (Möbius inversion over the subsets of the index bits). */
    static long[] coefficients(long[] table) {
        long[] c = new long[table.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Goldilocks.canonical(table[i]);
        }
        for (int bit = 1; bit < c.length; bit <<= 1) {
            for (int i = 0; i < c.length; i++) {
                if ((i & bit) != 0) {
                    c[i] = Goldilocks.sub(c[i], c[i ^ bit]);
                }
            }
        }
        return c;
    }

    /** One fold: (a + b)/2 + r·(a − b)/(2x), for a = P(x) and b = P(−x). */
    static Ext2 foldPair(Ext2 a, Ext2 b, Ext2 r, long inverseX) {
        return a.add(b).mul(INV_TWO).add(r.mul(a.sub(b).mul(Goldilocks.mul(INV_TWO, inverseX))));
    }

    /** Folds a codeword on the 2m-th roots of unity (base or interleaved extension values) into one on the m-th. */
    static long[] fold(long[] layer, boolean base, Ext2 r) {
        int size = base ? layer.length : layer.length / 2;
        int half = size / 2;
        long inverseOmega = Goldilocks.inverse(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size)));
        long[] out = new long[2 * half];
        long inverseX = 1;
        for (int j = 0; j < half; j++) {
            Ext2 a = base ? Ext2.fromBase(layer[j]) : Ext2.at(layer, j);
            Ext2 b = base ? Ext2.fromBase(layer[j + half]) : Ext2.at(layer, j + half);
            foldPair(a, b, r, inverseX).store(out, j);
            inverseX = Goldilocks.mul(inverseX, inverseOmega);
        }
        return out;
    }

    /** The Merkle tree over leaves j holding the positions j + s·(size / 2^logGroup), s below 2^logGroup, in slot order. */
    private static MerkleTree merkle(HashFunction hash, long[] codeword, boolean ext, int logGroup) {
        int size = ext ? codeword.length / 2 : codeword.length;
        int group = 1 << logGroup;
        int leaves = size / group;
        byte[] digests = new byte[leaves * HashFunction.DIGEST_BYTES];
        java.util.stream.IntStream.range(0, leaves).parallel().forEach(j -> {
            long[] leaf = new long[(ext ? 2 : 1) * group];
            for (int s = 0; s < group; s++) {
                int position = j + s * leaves;
                if (ext) {
                    leaf[2 * s] = codeword[2 * position];
                    leaf[2 * s + 1] = codeword[2 * position + 1];
                } else {
                    leaf[s] = codeword[position];
                }
            }
            byte[] data = littleEndian(leaf);
            MerkleTree.hashLeaf(hash.newHasher(), NO_SALT, data, data.length, digests, j * HashFunction.DIGEST_BYTES);
        });
        return MerkleTree.fromLeafDigests(hash, digests);
    }

    private static void bindStatement(io.zkml4j.core.transcript.ChallengeSource ch, String label, byte[] root, Ext2[] point, Ext2 value) {
        ch.absorbPublic(label + ".root", root);
        ch.absorbPublic(label + ".point", ExtVectors.of(point));
        ch.absorbPublic(label + ".value", ExtVectors.of(value));
    }

    /** The distinct leaf positions the queries fall on in a layer of {@code half} leaves, in increasing order. */
    static int[] positions(int[] queries, int half) {
        return Arrays.stream(queries).map(q -> q % half).distinct().sorted().toArray();
    }

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
