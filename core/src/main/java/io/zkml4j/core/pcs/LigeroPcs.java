package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.MerkleTree;
import io.zkml4j.core.ntt.Ntt;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.SumcheckMask;
import io.zkml4j.core.sumcheck.ZkSumcheck;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;

/**
 * A hiding, transparent multilinear polynomial commitment in the style of Ligero and Brakedown,
 * with one batched opening for any number of linear claims on any number of commitments that
 * share parameters.
 *
 * <p>Opening, in order (labels as in the transcript):
 * <ol>
 * <li>{@code pcs.maskRoot}: a fresh mask matrix (S, R, and the rows of a sumcheck mask g) is
 *     committed; see {@link OpeningWeights}.</li>
 * <li>{@code pcs.lambda}: one random coefficient per claim.</li>
 * <li>{@code pcs.reduce}: a zero-knowledge sumcheck over the column variables reduces
 *     Σ_j λ_j·claim_j to one point ρ; its mask g stays committed and is never revealed alone.</li>
 * <li>{@code pcs.maskEval}, {@code pcs.lambdaS}, {@code pcs.eval}: the prover sends s = S(ρ), then
 *     the combined row v = Σ_rows W_r·row_r + λ_S·S (data and randomness parts); the verifier checks
 *     ⟨v, eq(ρ)⟩ = (the sumcheck's final claim) + λ_S·s. S makes v uniformly random.</li>
 * <li>{@code pcs.gamma}, {@code pcs.proximity}: w = R + Σ γ_r·row_r over every committed row.</li>
 * <li>{@code pcs.queries}: t columns; for each matrix their salts, values and Merkle multi-proof.
 *     The verifier re-encodes v and w and checks both against every opened column.</li>
 * </ol>
 * Only the claims' values are revealed: every revealed vector is masked, every opened column is
 * uniform thanks to the rows' random coefficients, and unopened columns hide behind salted hashes.
 */
public final class LigeroPcs {
    private final Random random;

    public LigeroPcs() {
        this(new io.zkml4j.core.util.ChaChaRandom());
    }

    /** With a given randomness source: only for reproducible tests and simulators. */
    public LigeroPcs(Random random) {
        this.random = random;
    }

    /**
     * Bytes of encoded rows this instance keeps from commitment to opening, at most (0 unless asked:
     * see {@link #keepingEncodedRows}). Commitments past it are encoded again for their queried
     * columns when opened.
     */
    private long keepBudget;
    private long kept;

    /**
     * Keeps commitments' encoded rows until their opening, up to {@code fractionOfHeap} of the
     * heap in all: the opening then reads its columns instead of encoding every row again (a sixth
     * of a training step's time), at the cost of that memory until the opening.
     */
    public LigeroPcs keepingEncodedRows(double fractionOfHeap) {
        keepBudget = (long) (Runtime.getRuntime().maxMemory() * fractionOfHeap);
        return this;
    }

    /**
     * Encoded rows of a commitment of at most this many bytes are kept beyond the budget, up to
     * {@link #SMALL_KEPT_BYTES} of them per instance: encoding a small commitment again at its
     * opening (a sealed opening's fresh commitments, a weights proof's witness) costs more time than
     * its memory is worth, while the total bound keeps a proof of thousands of small chunks (an
     * accuracy proof) from holding all of theirs.
     */
    static final long SMALL_BYTES = 1L << 24;
    static final long SMALL_KEPT_BYTES = 1L << 26;
    private long keptSmall;

    public CommittedPolynomials commit(LigeroParameters parameters, List<long[]> tables) {
        long bytes = CommittedPolynomials.encodedBytes(parameters, tables);
        boolean keep;
        synchronized (this) {
            keep = kept + bytes <= keepBudget;
            if (keep) {
                kept += bytes;
            } else if (bytes <= SMALL_BYTES && keptSmall + bytes <= SMALL_KEPT_BYTES) {
                keep = true;
                keptSmall += bytes;
            }
        }
        return CommittedPolynomials.commit(parameters, tables, random, keep);
    }

    /** Opens the commitments at the claims, in full or succinctly as their parameters say ({@link LigeroParameters#succinct}). */
    public void open(List<CommittedPolynomials> committed, List<LinearClaim> claims, ProverChannel ch) {
        if (!committed.isEmpty() && committed.get(0).commitment().parameters().succinct() != null) {
            SuccinctOpening.open(this, committed, claims, ch);
            return;
        }
        Reduction reduction = reduce(committed, claims, ch);
        LigeroParameters p = reduction.parameters();
        List<CommittedPolynomials> matrices = reduction.matrices();
        ch.sendExt("pcs.eval", combineRows(matrices, reduction.evaluationWeights(), p));
        Ext2[] gammas = ch.challengeExts("pcs.gamma", OpeningWeights.proximityChallenges(reduction.commitments(), p.logRowWidth()));
        ch.sendExt("pcs.proximity", combineRows(matrices, OpeningWeights.proximity(reduction.commitments(), p.logRowWidth(), gammas), p));

        ch.grind("pcs.grind", p.grindingBits());
        int[] columns = distinctSorted(ch.challengeIndices("pcs.queries", p.queries(), p.codeLength()));
        sendColumns(matrices, columns, ch);
    }

    /**
     * The prover's side of steps 1–4, which every opening shares: what is left is to show that the
     * evaluation combination of the rows, at ρ, takes the verifier's target value.
     *
     * @param matrices          the committed matrices, then the opening's mask matrix
     * @param evaluationWeights per matrix, the weight of each row in the evaluation combination
     */
    record Reduction(LigeroParameters parameters, List<Commitment> commitments, List<CommittedPolynomials> matrices,
                     long[][] evaluationWeights, Ext2[] rho) {}

    Reduction reduce(List<CommittedPolynomials> committed, List<LinearClaim> claims, ProverChannel ch) {
        List<Commitment> commitments = committed.stream().map(CommittedPolynomials::commitment).toList();
        LigeroParameters p = checkStatement(commitments, claims);
        absorbStatement(ch, commitments, claims);
        int a = p.logRowWidth();

        SumcheckMask g = SumcheckMask.random(a, 2, random);
        CommittedPolynomials mask = CommittedPolynomials.commitRows(p, OpeningWeights.maskRowData(g, a, random),
                OpeningWeights.maskLayout(a), random);
        ch.sendDigest("pcs.maskRoot", mask.commitment().root());
        Ext2[] lambda = ch.challengeExts("pcs.lambda", claims.size());
        claims = fitRows(claims, a);

        // Claim reduction: Σ_col Σ_t μ_t · colWeights_t(col) · (rowWeights_t^T M)(col). Terms with the
        // same column weights share one product: Σ_t μ_t·rowWeights_t is accumulated per distinct weights.
        java.util.Map<ColumnKey, ColumnReduction.Key> grouped = new java.util.LinkedHashMap<>();
        java.util.Map<ColumnKey, long[]> windows = new java.util.HashMap<>();
        Ext2 claim = Ext2.ZERO;
        for (int j = 0; j < claims.size(); j++) {
            LinearClaim c = claims.get(j);
            claim = claim.add(lambda[j].mul(c.value()));
            for (LinearClaim.Term term : c.terms()) {
                OpeningWeights.TermShape s = OpeningWeights.shape(commitments, term);
                ColumnKey key = ColumnKey.of(term.weights(), s.numVars(), s.columnOffset(), a);
                // Keys whose windows hold the same weights at other offsets share one array of them.
                ColumnReduction.Key k = grouped.computeIfAbsent(key, x -> new ColumnReduction.Key(s.windowVars(), s.columnOffset(),
                        windows.computeIfAbsent(new ColumnKey(x.weights(), x.numVars(), 0), y -> s.windowWeights())));
                Ext2 scale = lambda[j].mul(term.coefficient());
                long[] rw = s.rowWeights();
                for (int r = 0; r < rw.length / 2; r++) {
                    if (rw[2 * r] != 0 || rw[2 * r + 1] != 0) {
                        k.addRow(term.commitment(), s.row(r), scale.mul(Ext2.at(rw, r)));
                    }
                }
            }
        }
        ColumnReduction reduction = new ColumnReduction(committed, a, new ArrayList<>(grouped.values()));
        ZkSumcheck.MaskedRun run = ZkSumcheck.proveMasked(reduction, claim, g, ch, "pcs.reduce");
        Ext2[] rho = run.point();

        long[] eqRho = Multilinear.eqTable(rho);
        Ext2 s = ExtVectors.innerProductBase(eqRho, Arrays.copyOf(mask.message(OpeningWeights.S), p.rowWidth()))
                .add(ExtVectors.innerProductBase(eqRho, Arrays.copyOf(mask.message(OpeningWeights.S + 1), p.rowWidth())).mul(OpeningWeights.PHI));
        ch.sendExt("pcs.maskEval", ExtVectors.of(s));
        Ext2 lambdaS = ch.challengeExt("pcs.lambdaS");
        refuseZero(lambdaS, "pcs.lambdaS");

        List<CommittedPolynomials> matrices = new ArrayList<>(committed);
        matrices.add(mask);
        return new Reduction(p, commitments, matrices, OpeningWeights.evaluation(commitments, claims, lambda, rho, run.beta(), lambdaS), rho);
    }

    /** Reveals these columns of every matrix and sends, per matrix, their salts, values and Merkle multi-proof. */
    static void sendColumns(List<CommittedPolynomials> matrices, int[] columns, ProverChannel ch) {
        for (CommittedPolynomials m : matrices) {
            m.reveal(columns);
        }
        for (CommittedPolynomials m : matrices) {
            byte[] salts = new byte[columns.length * CommittedPolynomials.SALT_BYTES];
            long[] values = new long[columns.length * m.commitment().rows()];
            for (int q = 0; q < columns.length; q++) {
                System.arraycopy(m.salt(columns[q]), 0, salts, q * CommittedPolynomials.SALT_BYTES, CommittedPolynomials.SALT_BYTES);
                System.arraycopy(m.column(columns[q]), 0, values, q * m.commitment().rows(), m.commitment().rows());
            }
            ch.sendBytes("pcs.salts", salts);
            ch.sendBase("pcs.columns", values);
            ch.sendBytes("pcs.merkle", MerkleTree.joinDigests(m.tree().multiProof(columns)));
        }
    }

    public static void verify(List<Commitment> commitments, List<LinearClaim> claims, VerifierChannel ch)
            throws InvalidProofException {
        verify(commitments, claims, ch, 0);
    }

    /**
     * Verifies, first rejecting commitments whose parameters give fewer than {@code minimumBits} of
     * security: parameters come with the commitment, so a verifier that reads a commitment from an
     * untrusted source must state the level it requires.
     */
    public static void verify(List<Commitment> commitments, List<LinearClaim> claims, VerifierChannel ch, double minimumBits)
            throws InvalidProofException {
        LigeroParameters p = checkStatement(commitments, claims);
        InvalidProofException.check(p.security().bits() >= minimumBits,
                "the commitment's parameters give %.1f bits of security, below the required %.1f", p.security().bits(), minimumBits);
        if (p.succinct() != null) {
            SuccinctOpening.verify(commitments, claims, ch);
            return;
        }
        CheckedReduction reduction = checkReduction(commitments, claims, ch);
        int a = p.logRowWidth();
        int kk = p.messageLength();
        long[] v = ch.receiveExt("pcs.eval", kk);
        Ext2 atRho = ExtVectors.innerProduct(Arrays.copyOf(v, 2 * p.rowWidth()), Multilinear.eqTable(reduction.rho()));
        InvalidProofException.check(atRho.equals(reduction.target()), "commitment opening: the evaluation row does not match the claims");
        Ext2[] gammas = ch.challengeExts("pcs.gamma", OpeningWeights.proximityChallenges(commitments, a));
        long[] w = ch.receiveExt("pcs.proximity", kk);

        ch.verifyGrind("pcs.grind", p.grindingBits());
        int[] columns = distinctSorted(ch.challengeIndices("pcs.queries", p.queries(), p.codeLength()));
        long[][] encodedV = encodeAt(v, p, columns);
        long[][] encodedW = encodeAt(w, p, columns);
        List<Commitment> matrices = reduction.matrices();
        long[][] proxWeights = OpeningWeights.proximity(commitments, a, gammas);
        long[][] opened = receiveColumns(matrices, commitments.size(), columns, ch, p);
        long[] evalAcc = new long[2 * columns.length];
        long[] proxAcc = new long[2 * columns.length];
        for (int m = 0; m < matrices.size(); m++) {
            int rows = matrices.get(m).rows();
            for (int q = 0; q < columns.length; q++) {
                long[] col = Arrays.copyOfRange(opened[m], q * rows, (q + 1) * rows);
                accumulate(evalAcc, q, reduction.evaluationWeights()[m], col);
                accumulate(proxAcc, q, proxWeights[m], col);
            }
        }
        for (int q = 0; q < columns.length; q++) {
            int j = columns[q];
            InvalidProofException.check(evalAcc[2 * q] == encodedV[0][q] && evalAcc[2 * q + 1] == encodedV[1][q],
                    "commitment opening: column %d is inconsistent with the evaluation row", j);
            InvalidProofException.check(proxAcc[2 * q] == encodedW[0][q] && proxAcc[2 * q + 1] == encodedW[1][q],
                    "commitment opening: column %d is inconsistent with the proximity row", j);
        }
    }

    /**
     * The verifier's side of steps 1–4: the reduction's point ρ, and the value the evaluation
     * combination of the rows must take at ρ.
     *
     * @param matrices the commitments, then the opening's mask matrix
     */
    record CheckedReduction(List<Commitment> matrices, long[][] evaluationWeights, Ext2[] rho, Ext2 target) {}

    static CheckedReduction checkReduction(List<Commitment> commitments, List<LinearClaim> claims, VerifierChannel ch)
            throws InvalidProofException {
        LigeroParameters p = checkStatement(commitments, claims);
        absorbStatement(ch, commitments, claims);
        int a = p.logRowWidth();
        Commitment mask = new Commitment(p, ch.receiveDigest("pcs.maskRoot"), OpeningWeights.maskLayout(a));
        Ext2[] lambda = ch.challengeExts("pcs.lambda", claims.size());
        Ext2 claim = Ext2.ZERO;
        for (int j = 0; j < claims.size(); j++) {
            claim = claim.add(lambda[j].mul(claims.get(j).value()));
        }
        ZkSumcheck.MaskedVerification run = ZkSumcheck.verifyMasked(claim, a, 2, ch, "pcs.reduce");
        Ext2[] rho = run.point();
        Ext2 s = Ext2.at(ch.receiveExt("pcs.maskEval", 1), 0);
        Ext2 lambdaS = ch.challengeExt("pcs.lambdaS");
        List<Commitment> matrices = new ArrayList<>(commitments);
        matrices.add(mask);
        return new CheckedReduction(matrices, OpeningWeights.evaluation(commitments, fitRows(claims, a), lambda, rho, run.beta(), lambdaS), rho,
                run.combinedFinal().add(lambdaS.mul(s)));
    }

    /**
     * Receives, per matrix, the opened columns' salts, values and Merkle multi-proof, and checks them
     * against its root; returns per matrix the values, column after column.
     */
    static long[][] receiveColumns(List<Commitment> matrices, int commitments, int[] columns, VerifierChannel ch, LigeroParameters p)
            throws InvalidProofException {
        long[][] out = new long[matrices.size()][];
        for (int m = 0; m < matrices.size(); m++) {
            Commitment c = matrices.get(m);
            int rows = c.rows();
            byte[] salts = ch.receiveBytes("pcs.salts", columns.length * CommittedPolynomials.SALT_BYTES);
            long[] values = ch.receiveBase("pcs.columns", columns.length * rows);
            int siblings = MerkleTree.multiProofSize(columns, p.logCodeLength());
            byte[] proof = ch.receiveBytes("pcs.merkle", siblings * HashFunction.DIGEST_BYTES);
            byte[][] leaves = new byte[columns.length][HashFunction.DIGEST_BYTES];
            HashFunction.Hasher h = p.hash().newHasher();
            byte[] columnBytes = new byte[8 * rows];
            for (int q = 0; q < columns.length; q++) {
                CommittedPolynomials.writeColumnBytes(Arrays.copyOfRange(values, q * rows, (q + 1) * rows), columnBytes);
                byte[] leaf = new byte[HashFunction.DIGEST_BYTES];
                MerkleTree.hashLeaf(h, Arrays.copyOfRange(salts, q * CommittedPolynomials.SALT_BYTES, (q + 1) * CommittedPolynomials.SALT_BYTES),
                        columnBytes, columnBytes.length, leaf, 0);
                leaves[q] = leaf;
            }
            byte[] root = MerkleTree.rootFromMultiProof(p.hash(), p.logCodeLength(), columns, leaves, MerkleTree.splitDigests(proof));
            InvalidProofException.check(root != null && Arrays.equals(root, c.root()),
                    "commitment opening: the opened columns of %s do not match its Merkle root",
                    m < commitments ? "commitment " + m : "the opening's mask");
            out[m] = values;
        }
        return out;
    }

    /**
     * Identifies equal column weights: for a polynomial of at least a row, only the point's first
     * log(rowWidth) coordinates matter; for smaller ones the size sets the zero padding too.
     */
    private record ColumnKey(Weights weights, int numVars, int columnOffset) {
        static ColumnKey of(Weights w, int numVars, int columnOffset, int logRowWidth) {
            if (w instanceof Weights.Eq e && numVars >= logRowWidth) {
                return new ColumnKey(new Weights.Eq(java.util.Arrays.copyOf(e.point(), logRowWidth)), logRowWidth, 0);
            }
            return new ColumnKey(w, numVars, columnOffset);
        }
    }

    /**
     * A zero mask coefficient would send a committed combination in the clear. Fiat–Shamir draws it
     * with probability 2^-128; a dishonest live verifier could choose it, so the prover refuses.
     */
    static void refuseZero(Ext2 challenge, String label) {
        if (challenge.isZero()) {
            throw new IllegalStateException("challenge '" + label + "' is zero, which would unmask the witness; refusing to continue");
        }
    }

    /** Σ_r weights[m][r]·message_r over every matrix, over the whole message (data and randomness). */
    static long[] combineRows(List<CommittedPolynomials> matrices, long[][] weights, LigeroParameters p) {
        int kk = p.messageLength();
        long[] out = new long[2 * kk];
        for (int m = 0; m < matrices.size(); m++) {
            CommittedPolynomials c = matrices.get(m);
            long[] part = combineColumns(kk, c.commitment().rows(), c::message, weights[m]);
            for (int i = 0; i < out.length; i++) {
                out[i] = addCanonical(out[i], part[i]);
            }
        }
        return out;
    }

    /** Σ_r w_r·row_r(col) for col < width, split over columns so threads never share an output. */
    private static long[] combineColumns(int width, int rows, java.util.function.IntFunction<long[]> row, long[] weights) {
        long[] out = new long[2 * width];
        int blocks = Math.max(1, Math.min(64, width / 256));
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = (int) ((long) width * b / blocks), to = (int) ((long) width * (b + 1) / blocks);
            for (int r = 0; r < rows; r++) {
                long w0 = weights[2 * r], w1 = weights[2 * r + 1];
                if (w0 == 0 && w1 == 0) {
                    continue;
                }
                long[] msg = row.apply(r);
                for (int col = from; col < to; col++) {
                    long x = msg[col];
                    out[2 * col] = addCanonical(out[2 * col], mul(w0, x));
                    out[2 * col + 1] = addCanonical(out[2 * col + 1], mul(w1, x));
                }
            }
        });
        return out;
    }

    static void accumulate(long[] acc, int q, long[] weights, long[] column) {
        long s0 = acc[2 * q], s1 = acc[2 * q + 1];
        for (int r = 0; r < column.length; r++) {
            s0 = addCanonical(s0, mul(weights[2 * r], column[r]));
            s1 = addCanonical(s1, mul(weights[2 * r + 1], column[r]));
        }
        acc[2 * q] = s0;
        acc[2 * q + 1] = s1;
    }

    /** The Reed–Solomon encodings of an extension vector's two components at these columns (sorted, distinct), each on its own core. */
    private static long[][] encodeAt(long[] ext, LigeroParameters p, int[] columns) {
        long[][] parts = ExtVectors.components(ext);
        return java.util.stream.IntStream.range(0, 2).parallel()
                .mapToObj(i -> Ntt.forwardBitReversedAt(parts[i], p.logCodeLength(), columns)).toArray(long[][]::new);
    }

    /** Checks that the claims fit the commitments; returns their shared parameters. */
    static LigeroParameters checkStatement(List<Commitment> commitments, List<LinearClaim> claims) {
        if (commitments.isEmpty() || claims.isEmpty()) {
            throw new IllegalArgumentException("an opening needs at least one commitment and one claim");
        }
        LigeroParameters p = commitments.get(0).parameters();
        for (Commitment c : commitments) {
            if (c.trimmed()) { // its rows are not where the row weights below put them: only the sealed opening reads such a layout
                throw new IllegalArgumentException("a commitment whose polynomials store fewer rows than they have (a trimmed sealed layout) "
                        + "is opened by the sealed opening only, not by this one");
            }
            if (!c.parameters().equals(p)) {
                throw new IllegalArgumentException("commitments opened together must share parameters: " + p.describe()
                        + " vs " + c.parameters().describe());
            }
        }
        for (LinearClaim claim : claims) {
            for (LinearClaim.Term t : claim.terms()) {
                if (t.commitment() < 0 || t.commitment() >= commitments.size()) {
                    throw new IllegalArgumentException("claim refers to commitment " + t.commitment() + " of " + commitments.size());
                }
                Commitment c = commitments.get(t.commitment());
                if (t.polynomial() < 0 || t.polynomial() >= c.polynomials()) {
                    throw new IllegalArgumentException("claim refers to polynomial " + t.polynomial() + " of " + c.polynomials());
                }
                int nv = c.numVars(t.polynomial());
                switch (t.weights()) {
                    case Weights.Eq e -> {
                        if (e.point().length != nv) {
                            throw new IllegalArgumentException("evaluation point has " + e.point().length
                                    + " coordinates, polynomial has " + nv + " variables");
                        }
                    }
                    case Weights.Explicit x -> {
                        if (x.interleaved().length != 2 << nv || nv > p.logRowWidth()) {
                            throw new IllegalArgumentException("explicit weights need one weight per value of a polynomial that fits one row");
                        }
                    }
                    case Weights.Powers x -> {
                        if (nv > p.logRowWidth()) {
                            throw new IllegalArgumentException("powers weights need a polynomial that fits one row");
                        }
                    }
                    case Weights.Product w -> {
                        if (w.lowVars() + w.high().length != nv) {
                            throw new IllegalArgumentException("product weights over " + w.lowVars() + " + " + w.high().length
                                    + " variables, polynomial has " + nv);
                        }
                    }
                }
            }
        }
        return p;
    }

    static void absorbStatement(io.zkml4j.core.transcript.ChallengeSource ch, List<Commitment> commitments, List<LinearClaim> claims) {
        for (Commitment c : commitments) {
            ch.absorbPublic("pcs.commitment", c.encode());
        }
        // Explicit and powers weights repeat across terms (the sealed opening's consistency weights serve
        // every row combination): each distinct one is absorbed once, later ones by its index.
        java.util.Map<Weights, Integer> seen = new java.util.HashMap<>();
        for (LinearClaim claim : claims) {
            ch.absorbPublic("pcs.claim.value", ExtVectors.of(claim.value()));
            for (LinearClaim.Term t : claim.terms()) {
                ch.absorbPublic("pcs.claim.term", new long[] {t.commitment(), t.polynomial(), t.coefficient().c0, t.coefficient().c1});
                switch (t.weights()) {
                    case Weights.Eq e -> ch.absorbPublic("pcs.claim.point", ExtVectors.of(e.point()));
                    case Weights.Explicit x -> absorbOnce(ch, seen, x, () -> ch.absorbPublic("pcs.claim.weights", x.interleaved()));
                    case Weights.Powers x -> absorbOnce(ch, seen, x, () -> {
                        ch.absorbPublic("pcs.claim.powerPoints", x.points());
                        ch.absorbPublic("pcs.claim.powerCoefficients", x.coefficients());
                    });
                    case Weights.Product w -> {
                        ch.absorbPublic("pcs.claim.lowWeights", w.low());
                        ch.absorbPublic("pcs.claim.highPoint", ExtVectors.of(w.high()));
                    }
                }
            }
        }
    }

    /** Absorbs weights the first time they occur; later, their index among the distinct weights absorbed so far. */
    private static void absorbOnce(io.zkml4j.core.transcript.ChallengeSource ch, java.util.Map<Weights, Integer> seen, Weights w, Runnable absorb) {
        Integer earlier = seen.putIfAbsent(w, seen.size());
        if (earlier == null) {
            absorb.run();
        } else {
            ch.absorbPublic("pcs.claim.sameWeights", new long[] {earlier});
        }
    }

    /** The same claims with every product term cut into terms whose explicit parts fit one row ({@link Weights#fitRows}). */
    static List<LinearClaim> fitRows(List<LinearClaim> claims, int logRowWidth) {
        List<LinearClaim> out = new ArrayList<>(claims.size());
        for (LinearClaim c : claims) {
            if (c.terms().stream().noneMatch(t -> t.weights() instanceof Weights.Product w && w.lowVars() > logRowWidth)) {
                out.add(c);
                continue;
            }
            List<LinearClaim.Term> terms = new ArrayList<>();
            for (LinearClaim.Term t : c.terms()) {
                for (Weights w : Weights.fitRows(t.weights(), logRowWidth)) {
                    terms.add(new LinearClaim.Term(t.commitment(), t.polynomial(), w, t.coefficient()));
                }
            }
            out.add(new LinearClaim(terms, c.value()));
        }
        return out;
    }

    static int[] distinctSorted(int[] indices) {
        return Arrays.stream(indices).sorted().distinct().toArray();
    }
}
