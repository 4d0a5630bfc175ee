package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.BitReverse;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.util.Parallel;
import io.zkml4j.core.transcript.ChallengeSource;
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
 * constant c(r). Queries then check every fold at random positions.
 *
 * <p>Round messages, as in Haböck's analysis of Basefold in the list-decoding regime (eprint
 * 2024/1571, Protocol 1): round j sends the linear Λ_j(X) = Σ_x' eq(z_{>j}, x')·c(r_{<j}, X, x') by
 * its values at 0 and 1; the round polynomial is eq(z_{≤j}, r_{<j}·X)·Λ_j(X), so with the running
 * claim t_j of Λ_{j−1}(r_{j−1}) (t_0 the value) the verifier checks t_j = (1 − z_j)·Λ_j(0) +
 * z_j·Λ_j(1), and at the end that the folded constant is t_m. With {@link Shape#quartic} the
 * challenges come from the quartic extension {@link Ext4} (each drawn as two quadratic ones), the
 * field that theorem needs, and every word after the first fold, every message and the constant are
 * in it; otherwise everything stays in the quadratic extension, as the proof carries it (the prover
 * computes in the quartic layout either way, with zero Y-parts).
 *
 * <p>Layers: the first word (layer 0, quadratic-extension values) is never committed here. Its
 * leaves are the pairs (2q, 2q + 1), which the caller opens through {@link FirstLayer} (the succinct
 * opening of the Ligero commitment computes them from the committed rows' columns). Every later
 * layer is committed after its first fold, with leaves of the 2^k consecutive values that k folds
 * turn into one value of the next. Soundness is accounted by the caller ({@link BasefoldParameters},
 * {@code SuccinctParameters}).
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
     * @param quartic       challenges from the quartic extension (what the list-decoding bound needs);
     *                      false: from the quadratic one, every value of the proof in it (what an opening
     *                      analysed in the unique-decoding regime needs, at half the bytes per value)
     */
    public record Shape(int numVars, int logCodeLength, int firstFolds, int logArity, int queries, int grindingBits, HashFunction hash,
                        boolean quartic) {
        /** A shape with challenges from the quartic extension. */
        public Shape(int numVars, int logCodeLength, int firstFolds, int logArity, int queries, int grindingBits, HashFunction hash) {
            this(numVars, logCodeLength, firstFolds, logArity, queries, grindingBits, hash, true);
        }

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

        /** Longs per value in the proof and in the committed leaves: four in the quartic extension, two in the quadratic one. */
        int wireWidth() {
            return quartic ? 4 : 2;
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

        /** Round i's message {Λ_i(0), Λ_i(1)}, changed in place before it is sent; claim is the running t_i. */
        default void round(int i, Ext4 claim, Ext4[] message) {
        }

        /** Each folded word (four longs per value, {@link Ext4#at}), after round i's fold with challenge r, changed in place before it is committed and folded again. */
        default void afterFold(long[] word, int round, Ext4 r) {
        }

        /** The final constant sent, given the prover's last claim and the challenges. */
        default Ext4 last(Ext4 honest, Ext4 claim, Ext4[] challenges) {
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

    /** A folding challenge: in the quartic extension two of the quadratic one drawn in turn, else one. */
    static Ext4 challenge(Shape shape, ChallengeSource ch, String label) {
        Ext2 a = ch.challengeExt(label);
        return shape.quartic() ? Ext4.of(a, ch.challengeExt(label)) : Ext4.fromExt2(a);
    }

    /**
     * Values held four longs each, as the proof carries them: unchanged in the quartic extension,
     * else their quadratic parts (a prover's value outside the quadratic extension is a bug there).
     */
    static long[] toWire(Shape shape, long[] values) {
        if (shape.quartic()) {
            return values;
        }
        long[] out = new long[values.length / 2];
        for (int i = 0; i < out.length / 2; i++) {
            if (values[4 * i + 2] != 0 || values[4 * i + 3] != 0) {
                throw new IllegalStateException("a value outside the quadratic extension in a quadratic-challenge proof");
            }
            out[2 * i] = values[4 * i];
            out[2 * i + 1] = values[4 * i + 1];
        }
        return out;
    }

    /** Values as the proof carries them ({@link #toWire}) back to four longs each. */
    static long[] fromWire(Shape shape, long[] wire) {
        if (shape.quartic()) {
            return wire;
        }
        long[] out = new long[2 * wire.length];
        for (int i = 0; i < wire.length / 2; i++) {
            out[4 * i] = wire[2 * i];
            out[4 * i + 1] = wire[2 * i + 1];
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
        long[] table = coefficients; // the coefficients with the bound variables fixed: two longs per value, then four
        int tableWidth = 2;
        // Round 0's message also gives the value the coefficients take at the point (in the quadratic extension)
        Ext4[] message = roundMessage(table, tableWidth, point, 0);
        Ext4 claim = Ext4.fromExt2(deviation.value(runningClaim(message, point[0]).a));
        long[] word = firstWord != null ? firstWord : encode(coefficients, shape.logCodeLength());
        int wordWidth = 2;
        long[] inverseX = inverseXTable(shape.logCodeLength());
        List<long[]> layers = new ArrayList<>();
        List<MerkleTree> trees = new ArrayList<>();
        Ext4[] challenges = new Ext4[m];
        for (int i = 0; i < m; i++) {
            if (i > 0) {
                message = roundMessage(table, tableWidth, point, i);
            }
            deviation.round(i, claim, message);
            ch.sendExt(label + ".round", toWire(shape, Ext4.vector(message)));
            Ext4 r = challenge(shape, ch, label + ".r");
            challenges[i] = r;
            claim = message[0].add(r.mul(message[1].sub(message[0])));
            table = fold(table, tableWidth, null, r);
            tableWidth = 4;
            word = fold(word, wordWidth, inverseX, r);
            wordWidth = 4;
            inverseX = squaresOfEven(inverseX);
            deviation.afterFold(word, i, r);
            if (shape.commitsAfter(i)) {
                MerkleTree tree = merkle(shape.hash(), toWire(shape, word), shape.wireWidth() << shape.folds(layers.size() + 1));
                layers.add(word);
                trees.add(tree);
                ch.sendDigest(label + ".root", tree.root());
            }
        }
        ch.sendExt(label + ".final", toWire(shape, Ext4.vector(deviation.last(Ext4.at(word, 0), claim, challenges))));
        ch.grind(label + ".grind", shape.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", shape.queries(), 1 << shape.logLeaves(0));
        for (int layer = 1; layer < shape.layers(); layer++) {
            int[] leaves = leavesAt(shape, queries, layer);
            int group = 1 << shape.folds(layer);
            long[] w = layers.get(layer - 1);
            long[] opened = new long[4 * group * leaves.length];
            for (int k = 0; k < leaves.length; k++) {
                System.arraycopy(w, 4 * group * leaves[k], opened, 4 * group * k, 4 * group);
            }
            ch.sendExt(label + ".opened", toWire(shape, opened));
            ch.sendBytes(label + ".paths", MerkleTree.joinDigests(trees.get(layer - 1).multiProof(leaves)));
        }
        return leavesAt(shape, queries, 0);
    }

    /** Round i's message {Λ_i(0), Λ_i(1)}: the table with variables below i bound, against eq of the point's coordinates after i. */
    private static Ext4[] roundMessage(long[] table, int width, Ext2[] point, int i) {
        return linearPart(table, width, Multilinear.eqTable(Arrays.copyOfRange(point, i + 1, point.length)));
    }

    /** (1 − z)·Λ(0) + z·Λ(1): the claim a round's message {Λ(0), Λ(1)} stands for. */
    private static Ext4 runningClaim(Ext4[] message, Ext2 z) {
        return message[0].add(message[1].sub(message[0]).mul(z));
    }

    /**
     * {Λ(0), Λ(1)} for Λ(X) = Σ_k eq[k]·table(X, k): the table's values (two or four longs each, the
     * variable being bound the lowest bit) against the eq table of the variables after it.
     */
    static Ext4[] linearPart(long[] table, int width, long[] eq) {
        int half = eq.length / 2;
        long[] sums = Parallel.sumChunks(half, 8, c -> {
            long[] acc = new long[8];
            int chunks = Parallel.chunks(half);
            for (int k = Parallel.chunkStart(half, chunks, c), e = Parallel.chunkStart(half, chunks, c + 1); k < e; k++) {
                long e0 = eq[2 * k], e1 = eq[2 * k + 1];
                for (int bit = 0; bit < 2; bit++) {
                    int at = width * (2 * k + bit);
                    for (int part = 0; part < width / 2; part++) {
                        long v0 = table[at + 2 * part], v1 = table[at + 2 * part + 1];
                        int slot = 4 * bit + 2 * part;
                        acc[slot] = Goldilocks.addCanonical(acc[slot], Ext2.mul0(e0, e1, v0, v1));
                        acc[slot + 1] = Goldilocks.addCanonical(acc[slot + 1], Ext2.mul1(e0, e1, v0, v1));
                    }
                }
            }
            return acc;
        });
        return new Ext4[] {Ext4.at(sums, 0), Ext4.at(sums, 1)};
    }

    /** Checks a proof of the statement for the caller's first word, with the value the caller bound. */
    public static void verify(Shape shape, Ext2[] point, Ext2 value, VerifierChannel ch, String label, FirstLayer first)
            throws InvalidProofException {
        int m = shape.numVars();
        if (point.length != m) {
            throw new IllegalArgumentException("a point of " + m + " coordinates expected, got " + point.length);
        }
        int layers = shape.layers();
        Ext4[] r = new Ext4[m];
        byte[][] roots = new byte[layers][];
        Ext4 claim = Ext4.fromExt2(value);
        int committed = 0;
        for (int i = 0; i < m; i++) {
            long[] wire = fromWire(shape, ch.receiveExt(label + ".round", shape.wireWidth()));
            Ext4[] message = {Ext4.at(wire, 0), Ext4.at(wire, 1)};
            InvalidProofException.check(claim.equals(runningClaim(message, point[i])),
                    "folded evaluation '%s': round %d's message does not sum to the running claim", label, i);
            r[i] = challenge(shape, ch, label + ".r");
            claim = message[0].add(r[i].mul(message[1].sub(message[0])));
            if (shape.commitsAfter(i)) {
                roots[++committed] = ch.receiveDigest(label + ".root");
            }
        }
        Ext4 last = Ext4.at(fromWire(shape, ch.receiveExt(label + ".final", shape.wireWidth() / 2)), 0);
        InvalidProofException.check(claim.equals(last),
                "folded evaluation '%s': the folded constant does not match the sumcheck's last claim", label);
        ch.verifyGrind(label + ".grind", shape.grindingBits());
        int[] queries = ch.challengeIndices(label + ".queries", shape.queries(), 1 << shape.logLeaves(0));
        int[][] leavesOf = new int[layers][];
        Ext4[][][] opened = new Ext4[layers][][];
        for (int layer = 1; layer < layers; layer++) {
            int[] leaves = leavesAt(shape, queries, layer);
            int group = 1 << shape.folds(layer);
            int leafLongs = shape.wireWidth() * group;
            long[] words = ch.receiveExt(label + ".opened", leafLongs / 2 * leaves.length);
            byte[] digests = new byte[leaves.length * HashFunction.DIGEST_BYTES];
            HashFunction.Hasher h = shape.hash().newHasher();
            opened[layer] = new Ext4[leaves.length][group];
            for (int k = 0; k < leaves.length; k++) {
                long[] leaf = Arrays.copyOfRange(words, leafLongs * k, leafLongs * (k + 1));
                long[] values = fromWire(shape, leaf);
                for (int s = 0; s < group; s++) {
                    opened[layer][k][s] = Ext4.at(values, s);
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
        Ext2[][] firstLeaves = first.open(leavesOf[0]);
        if (firstLeaves.length != leavesOf[0].length) {
            throw new IllegalStateException("the first layer returned " + firstLeaves.length + " leaves for " + leavesOf[0].length);
        }
        int width = 1 << shape.firstFolds();
        opened[0] = new Ext4[firstLeaves.length][];
        for (int k = 0; k < firstLeaves.length; k++) {
            if (firstLeaves[k].length != width) {
                throw new IllegalStateException("the first layer returned leaves of " + firstLeaves[k].length + " values, not " + width);
            }
            opened[0][k] = Arrays.stream(firstLeaves[k]).map(Ext4::fromExt2).toArray(Ext4[]::new);
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
                Ext4[] values = opened[layer][Arrays.binarySearch(leavesOf[layer], leaf)].clone();
                long blockInverse = Goldilocks.pow(omegaInverse[layer], BitReverse.reverse(leaf, shape.logLeaves(layer)));
                for (int t = 0; t < folds; t++) {
                    long[] inside = rootInverses[folds - t];
                    for (int i = 0; i < inside.length; i++) {
                        values[i] = foldPair(values[2 * i], values[2 * i + 1], r[round], Goldilocks.mul(blockInverse, inside[i]));
                    }
                    blockInverse = Goldilocks.mul(blockInverse, blockInverse);
                    round++;
                }
                Ext4 expected;
                if (layer == layers - 1) {
                    expected = last;
                } else {
                    int nextFolds = shape.folds(layer + 1);
                    Ext4[] leafValues = opened[layer + 1][Arrays.binarySearch(leavesOf[layer + 1], leaf >> nextFolds)];
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
    static Ext4 foldPair(Ext4 a, Ext4 b, Ext4 r, long inverseX) {
        Ext4 even = a.add(b).mul(INV_TWO);
        Ext4 odd = a.sub(b).mul(Goldilocks.mul(INV_TWO, inverseX));
        return even.add(r.mul(odd.sub(even)));
    }

    /**
     * One fold of a word of L values, {@code width} longs each (two for the quadratic first word, four
     * after), into L/2 values of four longs: the pair at 2i, 2i + 1 becomes e + r·(o − e) with
     * e = (a + b)/2 and o = (a − b)·inverseX[i]/2. With inverseX null the pair is combined as a
     * multilinear table's variable is bound, a + r·(b − a).
     */
    static long[] fold(long[] word, int width, long[] inverseX, Ext4 r) {
        int half = word.length / (2 * width);
        long[] out = new long[4 * half];
        long r0 = r.a.c0, r1 = r.a.c1, r2 = r.b.c0, r3 = r.b.c1;
        int blocks = Math.max(1, Math.min(64, half / 4096));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) half * block / blocks), to = (int) ((long) half * (block + 1) / blocks);
            long[] base = new long[4], step = new long[4];
            for (int i = from; i < to; i++) {
                int a = 2 * i * width, b = a + width;
                long scale = inverseX == null ? 0 : Goldilocks.mul(INV_TWO, inverseX[i]);
                for (int k = 0; k < 4; k++) {
                    long x = k < width ? word[a + k] : 0, y = k < width ? word[b + k] : 0;
                    if (inverseX == null) {
                        base[k] = x;
                        step[k] = Goldilocks.subCanonical(y, x);
                    } else {
                        long even = Goldilocks.mul(Goldilocks.addCanonical(x, y), INV_TWO);
                        base[k] = even;
                        step[k] = Goldilocks.subCanonical(Goldilocks.mul(Goldilocks.subCanonical(x, y), scale), even);
                    }
                }
                // base + r·step in E[Y]/(Y² − φ): (A + BY)(C + DY) = (AC + φBD) + (AD + BC)Y, D = 0 for a quadratic word
                long ac0 = Ext2.mul0(r0, r1, step[0], step[1]), ac1 = Ext2.mul1(r0, r1, step[0], step[1]);
                long bc0 = Ext2.mul0(r2, r3, step[0], step[1]), bc1 = Ext2.mul1(r2, r3, step[0], step[1]);
                if (width == 4) {
                    long bd0 = Ext2.mul0(r2, r3, step[2], step[3]), bd1 = Ext2.mul1(r2, r3, step[2], step[3]);
                    long ad0 = Ext2.mul0(r0, r1, step[2], step[3]), ad1 = Ext2.mul1(r0, r1, step[2], step[3]);
                    ac0 = Goldilocks.addCanonical(ac0, Goldilocks.mul(Ext2.W, bd1));
                    ac1 = Goldilocks.addCanonical(ac1, bd0);
                    bc0 = Goldilocks.addCanonical(bc0, ad0);
                    bc1 = Goldilocks.addCanonical(bc1, ad1);
                }
                int o = 4 * i;
                out[o] = Goldilocks.addCanonical(base[0], ac0);
                out[o + 1] = Goldilocks.addCanonical(base[1], ac1);
                out[o + 2] = Goldilocks.addCanonical(base[2], bc0);
                out[o + 3] = Goldilocks.addCanonical(base[3], bc1);
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

    /** Leaves of {@code width} consecutive longs of a word as the proof carries it (little-endian). */
    private static MerkleTree merkle(HashFunction hash, long[] word, int width) {
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
