package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.BitReverse;
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
import java.util.stream.IntStream;

/**
 * Basefold's evaluation argument (eprint 2023/1705) for a first word the caller holds and opens
 * itself: it proves that the word is close to the Reed–Solomon code of 2^m coefficients on the
 * 2^logN-th roots of unity (in bit-reversed order, as {@link Ntt#forwardBitReversed}) and that the
 * coefficient vector c of its decoding satisfies Σ_i c_i·eq(z, bits(i)) = value.
 *
 * <p>The coefficient vector is read as a multilinear table, bit j of the index being variable j.
 * The sumcheck of Σ_x c(x)·eq(z, x) binds x_j with challenge r_j, and the word is folded with the
 * same challenge: for the pair a = P(x), b = P(−x) (positions 2i and 2i + 1 in bit-reversed order)
 * the folded word holds (1 − r)·(a + b)/2 + r·(a − b)/(2x) at position i, which is the codeword of
 * (1 − r)·P_even + r·P_odd, the coefficients with x_j bound to r. After m folds the word is the
 * constant c(r), which the prover sends and the verifier checks against the sumcheck's last claim
 * c(r)·eq(z, r). Queries then check every fold at random positions.
 *
 * <p>Layers: the first word (layer 0) is never committed here. Its leaves are the pairs (2q, 2q + 1),
 * which the caller opens through {@link FirstLayer} (the succinct opening of the Ligero commitment
 * computes them from the committed rows' columns). Every later layer is committed after its first
 * fold, with leaves of the 2^k consecutive values that k folds turn into one value of the next.
 * Soundness is accounted by the caller (see {@code SuccinctParameters}).
 */
public final class FoldedEvaluation {
    private static final byte[] NO_SALT = new byte[0];
    private static final long INV_TWO = Goldilocks.inverse(2);

    private FoldedEvaluation() {}

    /**
     * @param numVars       m: the word's code holds 2^m coefficients (m ≥ 1)
     * @param logCodeLength log2 of the first word's length (above m)
     * @param firstFolds    folds of the first word's leaves (1: pairs), at most m
     * @param logArity      k: folds per committed layer after the first
     * @param queries       query count; each query is a leaf of the first word
     * @param grindingBits  proof of work before the queries
     */
    public record Shape(int numVars, int logCodeLength, int firstFolds, int logArity, int queries, int grindingBits, HashFunction hash) {
        public Shape {
            if (numVars < 1 || logCodeLength <= numVars || logCodeLength > BasefoldPcs.MAX_LOG_CODEWORD || firstFolds < 1 || firstFolds > numVars
                    || firstFolds > 6 || logArity < 1 || logArity > 6 || queries < 1 || grindingBits < 0) {
                throw new IllegalArgumentException("invalid folding shape: 2^" + numVars + " coefficients, code 2^" + logCodeLength
                        + ", first leaves of 2^" + firstFolds + ", arity 2^" + logArity + ", " + queries + " queries");
            }
        }

        /** Layers: the first and one per logArity folds of the rest. */
        int layers() {
            return 1 + (numVars - firstFolds + logArity - 1) / logArity;
        }

        /** Folds applied to layer ℓ's leaves. */
        int folds(int layer) {
            return layer == 0 ? firstFolds : Math.min(logArity, numVars - firstFolds - (layer - 1) * logArity);
        }

        int logSize(int layer) {
            return layer == 0 ? logCodeLength : logCodeLength - firstFolds - (layer - 1) * logArity;
        }

        int logLeaves(int layer) {
            return logSize(layer) - folds(layer);
        }

        /** Whether round i's fold ends a layer and the folded word is committed as the next. */
        boolean commitsAfter(int round) {
            int done = round + 1 - firstFolds;
            return round + 1 < numVars && done >= 0 && done % logArity == 0;
        }
    }

    /** The caller's first word at the queried leaves: for each leaf q (sorted, distinct) its 2^f values at q·2^f, q·2^f + 1, .... */
    @FunctionalInterface
    public interface FirstLayer {
        Ext2[][] open(int[] leaves) throws InvalidProofException;
    }

    /** Test seam: where a dishonest prover in a test deviates (the defaults are honest). */
    public interface Deviation {
        Deviation HONEST = new Deviation() { };

        /** The value the prover's sumcheck starts from. */
        default Ext2 value(Ext2 honest) {
            return honest;
        }

        /** Round i's values at 0, 1, 2, changed in place before (0) and (2) are sent. */
        default void round(int i, Ext2 claim, Ext2[] values) {
        }

        /** Each folded word (interleaved), after round i's fold with challenge r, changed in place before it is committed and folded again. */
        default void afterFold(long[] word, int round, Ext2 r) {
        }

        /** The final constant sent, given the prover's last claim and the challenges. */
        default Ext2 last(Ext2 honest, Ext2 claim, Ext2[] challenges) {
            return honest;
        }
    }

    /** The bit-reversed codeword of extension-valued coefficients (interleaved; zero-padded to the code length). */
    public static long[] encode(long[] coefficients, int logCodeLength) {
        long[][] parts = ExtVectors.components(coefficients);
        long[] out = new long[2 << logCodeLength];
        for (int c = 0; c < 2; c++) {
            long[] part = Arrays.copyOf(parts[c], 1 << logCodeLength);
            Ntt.forwardBitReversed(part);
            for (int j = 0; j < part.length; j++) {
                out[2 * j + c] = part[j];
            }
        }
        return out;
    }

    /**
     * Proves the statement for the word encode(coefficients); the caller binds the word and the value
     * to the transcript first. Returns the queried leaves of the first word (sorted, distinct), which
     * the caller then opens, after everything this sends.
     */
    public static int[] prove(Shape shape, long[] coefficients, Ext2[] point, ProverChannel ch, String label, Deviation deviation) {
        return prove(shape, coefficients, null, point, ch, label, deviation);
    }

    /** With the first word already encoded (interleaved extension values), or null to encode it here. */
    public static int[] prove(Shape shape, long[] coefficients, long[] firstWord, Ext2[] point, ProverChannel ch, String label,
                              Deviation deviation) {
        int m = shape.numVars();
        if (coefficients.length != 2 << m || point.length != m) {
            throw new IllegalArgumentException("2^" + m + " coefficients at a point of " + m + " coordinates expected");
        }
        long[] eq = Multilinear.eqTable(point);
        Ext2 claim = deviation.value(ExtVectors.innerProduct(coefficients, eq));
        ProductSumInstance sumcheck = new ProductSumInstance(new long[][] {coefficients, eq}, false,
                List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)));
        long[] word = firstWord != null ? firstWord : encode(coefficients, shape.logCodeLength());
        long[] inverseX = inverseXTable(shape.logCodeLength());
        List<long[]> layers = new ArrayList<>();
        List<MerkleTree> trees = new ArrayList<>();
        Ext2[] challenges = new Ext2[m];
        for (int i = 0; i < m; i++) {
            Ext2[] round = sumcheck.roundValues(claim); // at 0, 1, 2
            deviation.round(i, claim, round);
            ch.sendExt(label + ".round", ExtVectors.of(round[0], round[2]));
            Ext2 r = ch.challengeExt(label + ".r");
            challenges[i] = r;
            sumcheck.bind(r);
            claim = Univariate.evaluate(round, r);
            word = fold(word, inverseX, r);
            inverseX = squaresOfEven(inverseX);
            deviation.afterFold(word, i, r);
            if (shape.commitsAfter(i)) {
                MerkleTree tree = merkle(shape.hash(), word, shape.folds(layers.size() + 1));
                layers.add(word);
                trees.add(tree);
                ch.sendDigest(label + ".root", tree.root());
            }
        }
        ch.sendExt(label + ".final", ExtVectors.of(deviation.last(Ext2.at(word, 0), claim, challenges)));
        ch.grind(label + ".grind", shape.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", shape.queries(), 1 << shape.logLeaves(0));
        for (int layer = 1; layer < shape.layers(); layer++) {
            int[] leaves = leavesAt(shape, queries, layer);
            int group = 1 << shape.folds(layer);
            long[] w = layers.get(layer - 1);
            long[] opened = new long[2 * group * leaves.length];
            for (int k = 0; k < leaves.length; k++) {
                System.arraycopy(w, 2 * group * leaves[k], opened, 2 * group * k, 2 * group);
            }
            ch.sendExt(label + ".opened", opened);
            ch.sendBytes(label + ".paths", MerkleTree.joinDigests(trees.get(layer - 1).multiProof(leaves)));
        }
        return leavesAt(shape, queries, 0);
    }

    /** Checks a proof of the statement for the caller's first word, with the value the caller bound. */
    public static void verify(Shape shape, Ext2[] point, Ext2 value, VerifierChannel ch, String label, FirstLayer first)
            throws InvalidProofException {
        int m = shape.numVars();
        if (point.length != m) {
            throw new IllegalArgumentException("a point of " + m + " coordinates expected, got " + point.length);
        }
        int layers = shape.layers();
        Ext2[] r = new Ext2[m];
        byte[][] roots = new byte[layers][];
        Ext2 claim = value;
        int committed = 0;
        for (int i = 0; i < m; i++) {
            Ext2[] wire = ExtVectors.toArray(ch.receiveExt(label + ".round", 2));
            Ext2[] round = {wire[0], claim.sub(wire[0]), wire[1]};
            r[i] = ch.challengeExt(label + ".r");
            claim = Univariate.evaluate(round, r[i]);
            if (shape.commitsAfter(i)) {
                roots[++committed] = ch.receiveDigest(label + ".root");
            }
        }
        Ext2 last = ExtVectors.toArray(ch.receiveExt(label + ".final", 1))[0];
        InvalidProofException.check(claim.equals(last.mul(Multilinear.eq(point, r))),
                "folded evaluation '%s': the folded constant does not match the sumcheck's last claim", label);
        ch.verifyGrind(label + ".grind", shape.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", shape.queries(), 1 << shape.logLeaves(0));
        int[][] leavesOf = new int[layers][];
        Ext2[][][] opened = new Ext2[layers][][];
        for (int layer = 1; layer < layers; layer++) {
            int[] leaves = leavesAt(shape, queries, layer);
            int group = 1 << shape.folds(layer);
            long[] words = ch.receiveExt(label + ".opened", group * leaves.length);
            byte[] digests = new byte[leaves.length * HashFunction.DIGEST_BYTES];
            HashFunction.Hasher h = shape.hash().newHasher();
            opened[layer] = new Ext2[leaves.length][group];
            for (int k = 0; k < leaves.length; k++) {
                long[] leaf = Arrays.copyOfRange(words, 2 * group * k, 2 * group * (k + 1));
                for (int s = 0; s < group; s++) {
                    opened[layer][k][s] = Ext2.at(leaf, s);
                }
                byte[] data = BasefoldPcs.littleEndian(leaf);
                MerkleTree.hashLeaf(h, NO_SALT, data, data.length, digests, k * HashFunction.DIGEST_BYTES);
            }
            int logLeaves = shape.logLeaves(layer);
            byte[] paths = ch.receiveBytes(label + ".paths", MerkleTree.multiProofSize(leaves, logLeaves) * HashFunction.DIGEST_BYTES);
            byte[] root = MerkleTree.rootFromMultiProof(shape.hash(), logLeaves, leaves, MerkleTree.splitDigests(digests),
                    MerkleTree.splitDigests(paths));
            InvalidProofException.check(root != null && Arrays.equals(root, roots[layer]),
                    "folded evaluation '%s': the opened values of layer %d do not match its Merkle root", label, layer);
            leavesOf[layer] = leaves;
        }
        leavesOf[0] = leavesAt(shape, queries, 0);
        opened[0] = first.open(leavesOf[0]);
        if (opened[0].length != leavesOf[0].length) {
            throw new IllegalStateException("the first layer returned " + opened[0].length + " leaves for " + leavesOf[0].length);
        }
        int width = 1 << shape.firstFolds();
        for (Ext2[] leaf : opened[0]) {
            if (leaf.length != width) {
                throw new IllegalStateException("the first layer returned leaves of " + leaf.length + " values, not " + width);
            }
        }
        // 1/x of the pair at position 2i of a block: the block's part ω_L^−bitrev(leaf), squared per fold,
        // times ζ_j^−bitrev(i) for a block of 2^j values; the inverses are taken once, not per query.
        long[] omegaInverse = new long[layers];
        for (int layer = 0; layer < layers; layer++) {
            omegaInverse[layer] = Goldilocks.inverse(Goldilocks.rootOfUnity(shape.logSize(layer)));
        }
        long[][] rootInverses = new long[Math.max(shape.firstFolds(), shape.logArity()) + 1][];
        for (int j = 1; j < rootInverses.length; j++) {
            long rootInverse = Goldilocks.inverse(Goldilocks.rootOfUnity(j));
            rootInverses[j] = new long[1 << (j - 1)];
            for (int i = 0; i < rootInverses[j].length; i++) {
                rootInverses[j][i] = Goldilocks.pow(rootInverse, BitReverse.reverse(i, j - 1));
            }
        }
        for (int query : queries) {
            int position = query; // the query's leaf in layer 0, then its position in each later layer
            int round = 0;
            for (int layer = 0; layer < layers; layer++) {
                int folds = shape.folds(layer);
                int leaf = layer == 0 ? position : position >> folds; // and the leaf's position in the next layer
                Ext2[] values = opened[layer][Arrays.binarySearch(leavesOf[layer], leaf)].clone();
                long blockInverse = Goldilocks.pow(omegaInverse[layer], BitReverse.reverse(leaf, shape.logLeaves(layer)));
                for (int t = 0; t < folds; t++) {
                    long[] inside = rootInverses[folds - t];
                    for (int i = 0; i < inside.length; i++) {
                        values[i] = foldPair(values[2 * i], values[2 * i + 1], r[round], Goldilocks.mul(blockInverse, inside[i]));
                    }
                    blockInverse = Goldilocks.mul(blockInverse, blockInverse);
                    round++;
                }
                Ext2 expected;
                if (layer == layers - 1) {
                    expected = last;
                } else {
                    int nextFolds = shape.folds(layer + 1);
                    Ext2[] leafValues = opened[layer + 1][Arrays.binarySearch(leavesOf[layer + 1], leaf >> nextFolds)];
                    expected = leafValues[leaf & mask(nextFolds)];
                }
                InvalidProofException.check(values[0].equals(expected),
                        "folded evaluation '%s': query %d's folds of layer %d do not match the next layer", label, query, layer);
                position = leaf;
            }
        }
    }

    /** The distinct sorted leaves of layer ℓ the queries (pairs of layer 0) fall on. */
    static int[] leavesAt(Shape shape, int[] queries, int layer) {
        int shift = 0;
        for (int l = 1; l <= layer; l++) {
            shift += shape.folds(l);
        }
        int s = shift;
        return Arrays.stream(queries).map(q -> q >> s).distinct().sorted().toArray();
    }

    /** (1 − r)·(a + b)/2 + r·(a − b)/(2x) for a = P(x), b = P(−x). */
    static Ext2 foldPair(Ext2 a, Ext2 b, Ext2 r, long inverseX) {
        Ext2 even = a.add(b).mul(INV_TWO);
        Ext2 odd = a.sub(b).mul(Goldilocks.mul(INV_TWO, inverseX));
        return even.add(r.mul(odd.sub(even)));
    }

    /** One fold of a bit-reversed word (interleaved) of length L, with inverseX[i] = 1/x of pair i. */
    static long[] fold(long[] word, long[] inverseX, Ext2 r) {
        int half = word.length / 4;
        long[] out = new long[2 * half];
        int blocks = Math.max(1, Math.min(64, half / 4096));
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = (int) ((long) half * b / blocks), to = (int) ((long) half * (b + 1) / blocks);
            for (int i = from; i < to; i++) {
                foldPair(Ext2.at(word, 2 * i), Ext2.at(word, 2 * i + 1), r, inverseX[i]).store(out, i);
            }
        });
        return out;
    }

    /** 1/x for each pair i of a bit-reversed word of length 2^logSize: ω^−bitrev(i) over logSize − 1 bits. */
    static long[] inverseXTable(int logSize) {
        int half = 1 << (logSize - 1);
        long[] powers = new long[half];
        long step = Goldilocks.inverse(Goldilocks.rootOfUnity(logSize));
        long x = 1;
        for (int i = 0; i < half; i++) {
            powers[i] = x;
            x = Goldilocks.mul(x, step);
        }
        long[] out = new long[half];
        for (int i = 0; i < half; i++) {
            out[i] = powers[BitReverse.reverse(i, logSize - 1)];
        }
        return out;
    }

    /** The next word's table: its pair i starts at position 2i of this word's pairs' positions, x' = x². */
    private static long[] squaresOfEven(long[] inverseX) {
        long[] out = new long[Math.max(1, inverseX.length / 2)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Goldilocks.mul(inverseX[2 * i], inverseX[2 * i]);
        }
        return out;
    }

    private static int mask(int bits) {
        return (1 << bits) - 1;
    }

    /** Leaves B of 2^logGroup consecutive values (interleaved extension elements, little-endian). */
    private static MerkleTree merkle(HashFunction hash, long[] word, int logGroup) {
        int width = 2 << logGroup;
        int leaves = word.length / width;
        byte[] digests = new byte[leaves * HashFunction.DIGEST_BYTES];
        ThreadLocal<HashFunction.Hasher> hashers = ThreadLocal.withInitial(hash::newHasher);
        IntStream.range(0, leaves).parallel().forEach(j -> {
            byte[] data = BasefoldPcs.littleEndian(Arrays.copyOfRange(word, j * width, (j + 1) * width));
            MerkleTree.hashLeaf(hashers.get(), NO_SALT, data, data.length, digests, j * HashFunction.DIGEST_BYTES);
        });
        return MerkleTree.fromLeafDigests(hash, digests);
    }
}
