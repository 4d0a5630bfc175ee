package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.hashproof.SpongeHashProof;
import io.zkml4j.core.hashproof.SpongeShape;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns claims on a {@link SealedCommitment} into claims on two fresh, one-time commitments, so
 * that the sealed one is never opened and its root stays hiding however many proofs use it. It
 * runs the Ligero opening's checks on hidden data (Ligero, Ames et al. 2017; the design of the
 * zkml4j issue on hidden weights):
 * <ol>
 * <li>{@code sealed.gamma}: a coefficient per sealed row for the proximity combination;</li>
 * <li>{@code sealed.F}: the prover commits, for each distinct sealed term (a polynomial at a point)
 *     the row combination u = Σ_r eq(point_high, r)·row_r, and the proximity row u_γ = Σ γ_r·row_r;
 *     each term's claim becomes ⟨eq(point_low), u⟩ on that commitment;</li>
 * <li>{@code sealed.queries}: t columns; {@code sealed.leaves}, {@code sealed.paths}: their leaf
 *     digests and a Merkle multi-proof (checked in the clear: digests of salted columns);</li>
 * <li>{@code sealed.G}: a commitment to (salt ‖ column) of every queried column, with the proof
 *     that each hashes to its leaf ({@link SpongeHashProof});</li>
 * <li>{@code sealed.zeta}, {@code sealed.mu}: the consistency check Σ_s eq(ζ, s)·(Enc(u)[c_s] −
 *     Σ_r w_r·column_{c_s}[r]) = 0 for every u (with its row weights w), in one random combination:
 *     Enc(u)[c] = Σ_j u_j·x_c^j is linear in u with weights the verifier computes.</li>
 * </ol>
 * Soundness is the Ligero opening's with the sealed parameters' t queries (proximity from u_γ,
 * consistency from the u's), plus the hash proof's and the collision resistance of the leaves.
 * Nothing of a column leaves the prover except its salted leaf digest.
 *
 * <p>A trimmed layout ({@link Commitment#storedRows}) stores only each polynomial's first rows:
 * the rest are zero, so a row combination sums the stored rows only (the weights of the others
 * multiply zero), the consistency check weighs the stored rows of a column, which is all a column
 * holds, and the stored counts are bound into the transcript with the root.
 *
 * <p>The claims must already be bound into the transcript (the inference protocol's come from its
 * own sumcheck): the opening absorbs only the sealed root (and a trimmed layout's stored counts)
 * before drawing its challenges.
 */
public final class SealedOpening {
    private SealedOpening() {}

    public record ProverResult(List<CommittedPolynomials> fresh, List<LinearClaim> claims) {}

    public record VerifierResult(List<Commitment> fresh, List<LinearClaim> claims) {}

    /**
     * A distinct sealed term: a polynomial at a point, split into row weights and a column point.
     * Only its first {@code storedRows} rows are in the matrix (all of them unless the layout is
     * trimmed): the weights of the others multiply zero rows, and are dropped.
     */
    private record SealedTerm(int polynomial, int rowStart, int storedRows, long[] rowWeights, Ext2[] columnPoint) {
        /** Row weights that meet a stored row. */
        int weightedRows() {
            return Math.min(ExtVectors.length(rowWeights), storedRows);
        }
    }

    /** What both sides derive from the public commitment and the claims. */
    private static final class Plan {
        final Commitment sealed;
        final int sealedIndex;
        final LigeroParameters fresh;
        final List<SealedTerm> terms = new ArrayList<>();
        final Map<List<Object>, Integer> index = new LinkedHashMap<>();
        final int pieceVars;
        final int pieces;

        Plan(Commitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters fresh) {
            if (sealed.packed()) {
                throw new IllegalArgumentException("a sealed commitment has the unpacked layout");
            }
            this.sealed = sealed;
            this.sealedIndex = sealedIndex;
            this.fresh = fresh;
            int a = sealed.parameters().logRowWidth();
            this.pieceVars = Math.min(a, fresh.logRowWidth());
            this.pieces = 1 << (a - pieceVars);
            for (LinearClaim c : claims) {
                for (LinearClaim.Term t : c.terms()) {
                    if (t.commitment() == sealedIndex) {
                        termIndex(t);
                    }
                }
            }
        }

        int termIndex(LinearClaim.Term t) {
            if (!(t.weights() instanceof Weights.Eq eq)) {
                throw new IllegalArgumentException("claims on a sealed commitment must be evaluations (eq weights)");
            }
            if (t.polynomial() < 0 || t.polynomial() >= sealed.polynomials()) {
                throw new IllegalArgumentException("a claim names polynomial " + t.polynomial() + " of " + sealed.polynomials());
            }
            if (eq.point().length != sealed.numVars(t.polynomial())) {
                throw new IllegalArgumentException("a claim's point has " + eq.point().length + " coordinates, polynomial " + t.polynomial()
                        + " has " + sealed.numVars(t.polynomial()) + " variables");
            }
            List<Object> key = List.of(t.polynomial(), eq);
            return index.computeIfAbsent(key, k -> {
                int nv = sealed.numVars(t.polynomial());
                int a = sealed.parameters().logRowWidth();
                Ext2[] point = eq.point();
                long[] rowWeights = nv > a ? Multilinear.eqTable(Arrays.copyOfRange(point, a, nv)) : new long[] {1, 0};
                terms.add(new SealedTerm(t.polynomial(), sealed.rowStart(t.polynomial()), sealed.storedRows(t.polynomial()), rowWeights,
                        Arrays.copyOf(point, Math.min(nv, a))));
                return terms.size() - 1;
            });
        }

        /** Row combinations: each distinct term, then the proximity row. */
        int combinations() {
            return terms.size() + 1;
        }

        /** F's polynomial holding piece j of part (0: c0, 1: φ) of combination i. */
        int piece(int combination, int part, int j) {
            return (2 * combination + part) * pieces + j;
        }

        int[] freshLayout() {
            int[] nv = new int[2 * combinations() * pieces];
            Arrays.fill(nv, pieceVars);
            return nv;
        }

        int rows() {
            return sealed.rows();
        }

        SpongeShape spongeShape(int columns) {
            return new SpongeShape(columns, SealedCommitment.SALT_ELEMENTS + rows(), SealedCommitment.LEAF_DOMAIN);
        }

        /** Each claim with its sealed terms replaced by terms on the row combinations in F. */
        List<LinearClaim> rewrite(List<LinearClaim> claims, int fIndex) {
            List<LinearClaim> out = new ArrayList<>();
            for (LinearClaim c : claims) {
                List<LinearClaim.Term> terms = new ArrayList<>();
                for (LinearClaim.Term t : c.terms()) {
                    if (t.commitment() != sealedIndex) {
                        terms.add(t);
                        continue;
                    }
                    int i = termIndex(t);
                    Ext2[] colPoint = this.terms.get(i).columnPoint();
                    for (int part = 0; part < 2; part++) {
                        Ext2 coefficient = part == 0 ? t.coefficient() : t.coefficient().mul(PHI);
                        if (colPoint.length <= pieceVars) {
                            terms.add(new LinearClaim.Term(fIndex, piece(i, part, 0), new Weights.Eq(Arrays.copyOf(padded(colPoint, pieceVars), pieceVars)),
                                    coefficient));
                        } else {
                            Ext2[] low = Arrays.copyOf(colPoint, pieceVars);
                            Ext2[] high = Arrays.copyOfRange(colPoint, pieceVars, colPoint.length);
                            for (int j = 0; j < 1 << high.length; j++) {
                                terms.add(new LinearClaim.Term(fIndex, piece(i, part, j), new Weights.Eq(low),
                                        coefficient.mul(Multilinear.eq(high, Multilinear.bits(j, high.length)))));
                            }
                        }
                    }
                }
                out.add(new LinearClaim(terms, c.value()));
            }
            return out;
        }

        /** Σ_i μ_i·⟨g, u_i⟩ − Σ_r (Σ_i μ_i·w_i(r))·(Σ_s eq(ζ, s)·column_s[r]) = 0. */
        LinearClaim consistency(Ext2[] gamma, Ext2[] mu, Ext2[] zeta, int[] columns, SpongeShape shape, int fIndex, int gIndex, boolean prover) {
            Weights[] gPieces = consistencyWeights(sealed.parameters(), columns, Multilinear.eqTable(zeta), pieces, pieceVars, prover);
            List<LinearClaim.Term> terms = new ArrayList<>();
            for (int i = 0; i < combinations(); i++) {
                for (int part = 0; part < 2; part++) {
                    Ext2 coefficient = part == 0 ? mu[i] : mu[i].mul(PHI);
                    for (int j = 0; j < pieces; j++) {
                        terms.add(new LinearClaim.Term(fIndex, piece(i, part, j), gPieces[j], coefficient));
                    }
                }
            }
            Ext2[] rowCoefficient = new Ext2[rows()];
            Arrays.fill(rowCoefficient, Ext2.ZERO);
            for (int i = 0; i < terms().size(); i++) {
                SealedTerm t = this.terms.get(i);
                for (int r = 0; r < t.weightedRows(); r++) {
                    int row = t.rowStart() + r;
                    rowCoefficient[row] = rowCoefficient[row].add(mu[i].mul(Ext2.at(t.rowWeights(), r)));
                }
            }
            for (int r = 0; r < rows(); r++) {
                rowCoefficient[r] = rowCoefficient[r].add(mu[terms().size()].mul(gamma[r]));
                terms.add(SpongeHashProof.messageTerm(shape, gIndex, 0, SealedCommitment.SALT_ELEMENTS + r, zeta, rowCoefficient[r].neg()));
            }
            return new LinearClaim(terms, Ext2.ZERO);
        }

        List<SealedTerm> terms() {
            return terms;
        }
    }

    private static final Ext2 PHI = Ext2.of(0, 1);

    /** How a dishonest prover departs from the protocol: only soundness tests use one. */
    interface Deviation {
        Deviation HONEST = (combinations, messages) -> { };

        /** Alters the row combinations (interleaved extension rows) or the hashed messages (salt ‖ column) before they are committed. */
        void alter(List<long[]> combinations, long[][] messages);
    }

    public static ProverResult prove(SealedCommitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters freshParams,
                                     int fIndex, int gIndex, ProverChannel ch, Random random) {
        return prove(sealed, sealedIndex, claims, freshParams, fIndex, gIndex, ch, random, Deviation.HONEST);
    }

    static ProverResult prove(SealedCommitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters freshParams,
                              int fIndex, int gIndex, ProverChannel ch, Random random, Deviation deviation) {
        Plan plan = new Plan(sealed.commitment(), sealedIndex, claims, freshParams);
        LigeroParameters sp = sealed.commitment().parameters();
        absorbCommitment(ch, sealed.commitment());
        Ext2[] gamma = ch.challengeExts("sealed.gamma", plan.rows());

        // F: the row combinations, each split into pieces of at most a fresh row.
        List<long[]> combinations = new ArrayList<>();
        for (SealedTerm t : plan.terms()) {
            combinations.add(rowCombination(sealed, t.rowStart(), t.weightedRows(), t.rowWeights()));
        }
        long[] gammaWeights = new long[2 * plan.rows()];
        for (int r = 0; r < plan.rows(); r++) {
            gamma[r].store(gammaWeights, r);
        }
        combinations.add(rowCombination(sealed, 0, plan.rows(), gammaWeights));
        int[] columns = null; // drawn after F; the deviation sees the messages then
        deviation.alter(combinations, null);
        long[][] fTables = new long[plan.freshLayout().length][];
        int width = 1 << plan.pieceVars;
        for (int i = 0; i < combinations.size(); i++) {
            long[][] parts = ExtVectors.components(combinations.get(i));
            for (int part = 0; part < 2; part++) {
                for (int j = 0; j < plan.pieces; j++) {
                    fTables[plan.piece(i, part, j)] = Arrays.copyOfRange(parts[part], j * width, (j + 1) * width);
                }
            }
        }
        LigeroPcs pcs = new LigeroPcs(random);
        CommittedPolynomials f = pcs.commit(freshParams, Arrays.asList(fTables));
        ch.sendDigest("sealed.F", f.commitment().root());

        columns = distinctSorted(ch.challengeIndices("sealed.queries", sp.queries(), sp.codeLength()));
        long[] leaves = new long[columns.length * Poseidon2Sponge.OUTPUT];
        long[][] messages = new long[columns.length][];
        for (int q = 0; q < columns.length; q++) {
            System.arraycopy(sealed.leaf(columns[q]), 0, leaves, q * Poseidon2Sponge.OUTPUT, Poseidon2Sponge.OUTPUT);
            messages[q] = SealedCommitment.leafMessage(sealed.salt(columns[q]), sealed.column(columns[q]));
        }
        ch.sendBase("sealed.leaves", leaves);
        byte[][] siblings = sealed.tree().multiProof(columns);
        byte[] paths = new byte[siblings.length * HashFunction.DIGEST_BYTES];
        for (int i = 0; i < siblings.length; i++) {
            System.arraycopy(siblings[i], 0, paths, i * HashFunction.DIGEST_BYTES, HashFunction.DIGEST_BYTES);
        }
        ch.sendBytes("sealed.paths", paths);
        deviation.alter(null, messages);

        SpongeShape shape = plan.spongeShape(columns.length);
        SpongeHashProof.Prover hash = SpongeHashProof.prover(shape, messages, random);
        CommittedPolynomials g = pcs.commit(freshParams, hash.tables());
        ch.sendDigest("sealed.G", g.commitment().root());
        List<LinearClaim> out = new ArrayList<>(plan.rewrite(claims, fIndex));
        out.addAll(hash.prove(ch, "sealed.hash", gIndex, 0));
        Ext2[] zeta = ch.challengeExts("sealed.zeta", shape.numVars() - shape.logBlocks());
        Ext2[] mu = ch.challengeExts("sealed.mu", plan.combinations());
        out.add(plan.consistency(gamma, mu, zeta, columns, shape, fIndex, gIndex, true));
        return new ProverResult(List.of(f, g), out);
    }

    /**
     * Work bounds for a sealed commitment from an untrusted key: its prover writes the consistency
     * weights out with two transforms of the code length, and its one-time opening holds them for
     * every row combination (a verifier holds t points and coefficients per piece instead).
     */
    public static final int MAX_LOG_CODE_LENGTH = 23;
    /** Elements a queried column and its salt may have: each proof hashes t of them. */
    public static final int MAX_COLUMN_MESSAGE = 1 << 12;
    public static final long MAX_WEIGHT_LONGS = 1L << 26;

    /**
     * Null when a sealed commitment and the fresh parameters fit what an opening can handle within
     * bounded work, else what is wrong: a column (with its salt) must fit one hashed message, the
     * consistency weights (t·k values) stay below {@link #MAX_WEIGHT_LONGS} longs, and a fresh row holds
     * the hash proof's Libra mask.
     */
    public static String geometryProblem(Commitment sealed, LigeroParameters fresh) {
        if (sealed.packed()) { // the opening reads every polynomial from the start of its rows
            return "a sealed commitment has the unpacked layout, this one declares small polynomials sharing rows";
        }
        LigeroParameters sp = sealed.parameters();
        if (sp.randomColumns() != 0) {
            return "a sealed commitment has no random columns";
        }
        if ((long) sealed.rows() + SealedCommitment.SALT_ELEMENTS > MAX_COLUMN_MESSAGE) {
            return "it has " + sealed.rows() + " rows; a column and its salt must fit " + MAX_COLUMN_MESSAGE + " hashed elements";
        }
        if (sp.grindingBits() != 0) { // the opening draws its queries without proof of work: grinding would be counted, not done
            return "a sealed commitment's queries are not ground, so its parameters must not count grinding bits";
        }
        if (sp.logCodeLength() > MAX_LOG_CODE_LENGTH) {
            return "its code length 2^" + sp.logCodeLength() + " exceeds 2^" + MAX_LOG_CODE_LENGTH + " (its prover transforms one vector of it for each opening)";
        }
        if (weightLongs(sealed.polynomials() + 1, sp.rowWidth()) > MAX_WEIGHT_LONGS) {
            return (sealed.polynomials() + 1) + " row combinations of " + sp.rowWidth() + " values exceed " + MAX_WEIGHT_LONGS
                    + " longs of consistency weights";
        }
        SpongeShape largest = new SpongeShape(sp.queries(), SealedCommitment.SALT_ELEMENTS + sealed.rows(), SealedCommitment.LEAF_DOMAIN);
        int[] vars = SpongeHashProof.tableVars(largest);
        if (vars[vars.length - 1] > fresh.logRowWidth()) {
            return "the proofs' rows of 2^" + fresh.logRowWidth() + " cannot hold the hash proof's mask of 2^" + vars[vars.length - 1];
        }
        return null;
    }

    public static VerifierResult verify(Commitment sealed, int sealedIndex, List<LinearClaim> claims, LigeroParameters freshParams,
                                        int fIndex, int gIndex, VerifierChannel ch) throws InvalidProofException {
        String problem = geometryProblem(sealed, freshParams);
        InvalidProofException.check(problem == null, "sealed opening: %s", problem);
        Plan plan;
        try {
            plan = new Plan(sealed, sealedIndex, claims, freshParams);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("sealed opening: " + e.getMessage());
        }
        InvalidProofException.check(weightLongs(plan.combinations(), sealed.parameters().rowWidth()) <= MAX_WEIGHT_LONGS,
                "sealed opening: %d row combinations of %d values exceed the bound", plan.combinations(), sealed.parameters().rowWidth());
        LigeroParameters sp = sealed.parameters();
        absorbCommitment(ch, sealed);
        Ext2[] gamma = ch.challengeExts("sealed.gamma", plan.rows());
        Commitment f = new Commitment(freshParams, ch.receiveDigest("sealed.F"), plan.freshLayout());
        int[] columns = distinctSorted(ch.challengeIndices("sealed.queries", sp.queries(), sp.codeLength()));
        long[] leaves = ch.receiveBase("sealed.leaves", columns.length * Poseidon2Sponge.OUTPUT);
        int siblings = MerkleTree.multiProofSize(columns, sp.logCodeLength());
        byte[] paths = ch.receiveBytes("sealed.paths", siblings * HashFunction.DIGEST_BYTES);
        byte[][] leafBytes = new byte[columns.length][];
        long[][] digests = new long[columns.length][];
        for (int q = 0; q < columns.length; q++) {
            digests[q] = Arrays.copyOfRange(leaves, q * Poseidon2Sponge.OUTPUT, (q + 1) * Poseidon2Sponge.OUTPUT);
            leafBytes[q] = SealedCommitment.leafBytes(digests[q]);
        }
        byte[][] sib = new byte[siblings][];
        for (int i = 0; i < siblings; i++) {
            sib[i] = Arrays.copyOfRange(paths, i * HashFunction.DIGEST_BYTES, (i + 1) * HashFunction.DIGEST_BYTES);
        }
        byte[] root = MerkleTree.rootFromMultiProof(sp.hash(), sp.logCodeLength(), columns, leafBytes, sib);
        InvalidProofException.check(root != null && Arrays.equals(root, sealed.root()),
                "sealed opening: the queried leaves do not lead to the commitment's root");

        SpongeShape shape = plan.spongeShape(columns.length);
        Commitment g = new Commitment(freshParams, ch.receiveDigest("sealed.G"), SpongeHashProof.tableVars(shape));
        List<LinearClaim> out = new ArrayList<>(plan.rewrite(claims, fIndex));
        out.addAll(SpongeHashProof.verify(shape, digests, ch, "sealed.hash", gIndex, 0));
        Ext2[] zeta = ch.challengeExts("sealed.zeta", shape.numVars() - shape.logBlocks());
        Ext2[] mu = ch.challengeExts("sealed.mu", plan.combinations());
        out.add(plan.consistency(gamma, mu, zeta, columns, shape, fIndex, gIndex, false));
        return new VerifierResult(List.of(f, g), out);
    }

    /** Longs the verifier holds for the consistency weights of an opening with this many row combinations. */
    public static long weightLongs(long combinations, int rowWidth) {
        return 4 * combinations * rowWidth;
    }

    /**
     * The root; and for a trimmed layout each polynomial's stored rows, which decide what the
     * columns hold (an untrimmed layout's transcript is as before trimming existed).
     */
    private static void absorbCommitment(io.zkml4j.core.transcript.ChallengeSource ch, Commitment sealed) {
        ch.absorbPublic("sealed.root", sealed.root());
        if (sealed.trimmed()) {
            long[] stored = new long[sealed.polynomials()];
            for (int p = 0; p < stored.length; p++) {
                stored[p] = sealed.storedRows(p);
            }
            ch.absorbPublic("sealed.storedRows", stored);
        }
    }

    /** Σ_{r < rows} w_r·message(rowStart + r), an extension vector of one row's width. */
    private static long[] rowCombination(SealedCommitment sealed, int rowStart, int rows, long[] weights) {
        int k = sealed.commitment().parameters().rowWidth();
        long[] acc = new long[2 * k];
        for (int r = 0; r < rows; r++) {
            ExtVectors.addScaledBase(acc, Ext2.at(weights, r), sealed.message(rowStart + r));
        }
        return acc;
    }

    /**
     * The consistency weights g[j] = Σ_s w_s·x_s^j (x_s where the code evaluates queried column s,
     * {@link #evaluationPoints}), cut into pieces of 2^pieceVars: piece i's weights are
     * Σ_s (w_s·x_s^(i·2^pieceVars))·x_s^j, powers weights that a verifier evaluates at a point in
     * t·pieceVars products, never writing out the t·k values (which took it a transform of the code
     * length: 62M of the 310M gas of the bundled MLP's check on the EVM). A prover ({@code written})
     * has them written out too, all pieces from one sparse transform ({@link #writtenOut}).
     */
    static Weights[] consistencyWeights(LigeroParameters p, int[] columns, long[] weights, int pieces, int pieceVars, boolean written) {
        long[] x = evaluationPoints(p, columns);
        long[] g = written ? writtenOut(p, columns, weights) : null;
        int width = 1 << pieceVars;
        long[] step = new long[columns.length]; // x_s^(2^pieceVars): from one piece's first power to the next's
        for (int s = 0; s < columns.length; s++) {
            step[s] = io.zkml4j.core.field.Goldilocks.pow(x[s], width);
        }
        long[] coefficients = Arrays.copyOf(weights, 2 * columns.length);
        Weights[] out = new Weights[pieces];
        for (int i = 0; i < pieces; i++) {
            out[i] = new Weights.Powers(x, coefficients, g == null ? null : Arrays.copyOfRange(g, 2 * i * width, 2 * (i + 1) * width));
            for (int s = 0; s < columns.length; s++) {
                Ext2.at(coefficients, s).mul(step[s]).store(coefficients, s);
            }
        }
        return out;
    }

    /**
     * g[j] = Σ_s w_s·x_s^j for j below the row width: the first k values of the discrete Fourier
     * transform of the sparse vector with w_s at position e_s (x_s = ω^(e_s)), so one sparse NTT of
     * the code length (for each component of the extension weights) instead of t·k multiplications.
     */
    static long[] writtenOut(LigeroParameters p, int[] columns, long[] weights) {
        int logN = p.logCodeLength();
        long[] a0 = new long[1 << logN];
        long[] a1 = new long[1 << logN];
        for (int s = 0; s < columns.length; s++) {
            int e = io.zkml4j.core.ntt.BitReverse.reverse(columns[s], logN);
            a0[e] = io.zkml4j.core.field.Goldilocks.addCanonical(a0[e], io.zkml4j.core.field.Goldilocks.canonical(weights[2 * s]));
            a1[e] = io.zkml4j.core.field.Goldilocks.addCanonical(a1[e], io.zkml4j.core.field.Goldilocks.canonical(weights[2 * s + 1]));
        }
        // Only the t entries are non-zero: a sparse transform per component, one on each core, read in natural order.
        int[] nonZero = Arrays.stream(columns).map(c -> io.zkml4j.core.ntt.BitReverse.reverse(c, logN)).sorted().distinct().toArray();
        long[][] parts = {a0, a1};
        java.util.stream.IntStream.range(0, 2).parallel().forEach(c -> io.zkml4j.core.ntt.Ntt.forwardBitReversedSparse(parts[c], nonZero));
        long[] g = new long[2 * p.rowWidth()];
        for (int j = 0; j < p.rowWidth(); j++) {
            int position = io.zkml4j.core.ntt.BitReverse.reverse(j, logN);
            g[2 * j] = a0[position];
            g[2 * j + 1] = a1[position];
        }
        return g;
    }

    /**
     * x_c with codeword[c] = Σ_j message_j·x_c^j: the code evaluates at ω^(bit-reverse of c) for the
     * code length's root of unity ω (as {@link io.zkml4j.core.ntt.Ntt#forwardBitReversed} orders its
     * outputs); the consistency weights rest on it, and a test checks it against the encoding.
     */
    static long[] evaluationPoints(LigeroParameters p, int[] columns) {
        long omega = io.zkml4j.core.field.Goldilocks.rootOfUnity(p.logCodeLength());
        long[] x = new long[columns.length];
        for (int q = 0; q < columns.length; q++) {
            x[q] = io.zkml4j.core.field.Goldilocks.pow(omega, io.zkml4j.core.ntt.BitReverse.reverse(columns[q], p.logCodeLength()));
        }
        return x;
    }

    private static int[] distinctSorted(int[] indices) {
        return Arrays.stream(indices).distinct().sorted().toArray();
    }

    private static Ext2[] padded(Ext2[] point, int length) {
        Ext2[] out = Arrays.copyOf(point, length);
        Arrays.fill(out, point.length, length, Ext2.ZERO);
        return out;
    }
}
