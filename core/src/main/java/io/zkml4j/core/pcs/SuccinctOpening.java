package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.basefold.FoldedEvaluation;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;

import java.util.Arrays;
import java.util.List;


/**
 * A succinct opening of Ligero commitments: the same commitments, the same claims and the same
 * zero-knowledge reduction as {@link LigeroPcs#open}, but the two combined rows it would send whole
 * (as long as a row, for the square-root proof size) are replaced by a Basefold proof about them, so
 * the proof grows with the number of committed rows and log² of the row width.
 *
 * <p>After the reduction (mask, λ, the masked sumcheck to ρ, S(ρ), λ_S), in transcript order:
 * <ol>
 * <li>{@code pcs.gamma}: the proximity coefficients, as in the full opening;</li>
 * <li>{@code pcs.proximityEval}: y = ⟨w, eq(ρ)⟩ for the proximity row w = R + Σ γ_r·M_r (masked by R);</li>
 * <li>{@code pcs.beta}: β; the evaluation row v = Σ e_r·M_r (masked by S) and w are merged into
 *     u = v + β·w, whose data part must take target + β·y at ρ;</li>
 * <li>{@code pcs.fold.*}: {@link FoldedEvaluation} proves that for u's 2^(a+1) coefficients (data,
 *     randomness, zeros), with the point (ρ, 0). Its first word is u's codeword, which nobody
 *     commits: at each query pair (2q, 2q + 1) the verifier computes it from the opened columns;</li>
 * <li>{@code pcs.salts}, {@code pcs.columns}, {@code pcs.merkle}: those columns of every matrix.</li>
 * </ol>
 * Soundness and zero-knowledge: {@link SuccinctParameters}.
 */
public final class SuccinctOpening {
    static final String LABEL = "pcs.fold";

    private SuccinctOpening() {}

    /** Opens commitments whose parameters choose the succinct opening (see {@link LigeroPcs#open}). */
    static void open(LigeroPcs pcs, List<CommittedPolynomials> committed, List<LinearClaim> claims, ProverChannel ch) {
        LigeroParameters p = LigeroPcs.checkStatement(committed.stream().map(CommittedPolynomials::commitment).toList(), claims);
        SuccinctParameters opening = p.succinct();
        bindParameters(ch, opening);
        LigeroPcs.Reduction reduction = pcs.reduce(committed, claims, ch);
        int a = p.logRowWidth();
        List<CommittedPolynomials> matrices = reduction.matrices();
        Ext2[] gammas = ch.challengeExts("pcs.gamma", OpeningWeights.proximityChallenges(reduction.commitments(), a));
        long[] v = LigeroPcs.combineRows(matrices, reduction.evaluationWeights(), p);
        long[] w = LigeroPcs.combineRows(matrices, OpeningWeights.proximity(reduction.commitments(), a, gammas), p);
        Ext2 y = ExtVectors.innerProduct(Arrays.copyOf(w, 2 * p.rowWidth()), Multilinear.eqTable(reduction.rho()));
        ch.sendExt("pcs.proximityEval", ExtVectors.of(y));
        Ext2 beta = ch.challengeExt("pcs.beta");
        long[] u = new long[2 << (a + 1)];
        for (int i = 0; i < v.length / 2; i++) {
            Ext2.at(v, i).add(beta.mul(Ext2.at(w, i))).store(u, i);
        }
        int[] leaves = FoldedEvaluation.prove(shape(p, opening), u, point(reduction.rho()), ch, LABEL, FoldedEvaluation.Deviation.HONEST);
        LigeroPcs.sendColumns(matrices, pairs(leaves), ch);
    }

    /** Verifies an opening of commitments whose parameters choose the succinct opening (see {@link LigeroPcs#verify}). */
    static void verify(List<Commitment> commitments, List<LinearClaim> claims, VerifierChannel ch) throws InvalidProofException {
        LigeroParameters p = LigeroPcs.checkStatement(commitments, claims);
        SuccinctParameters opening = p.succinct();
        bindParameters(ch, opening);
        LigeroPcs.CheckedReduction reduction = LigeroPcs.checkReduction(commitments, claims, ch);
        int a = p.logRowWidth();
        Ext2[] gammas = ch.challengeExts("pcs.gamma", OpeningWeights.proximityChallenges(commitments, a));
        long[][] proximity = OpeningWeights.proximity(commitments, a, gammas);
        Ext2 y = Ext2.at(ch.receiveExt("pcs.proximityEval", 1), 0);
        Ext2 beta = ch.challengeExt("pcs.beta");
        List<Commitment> matrices = reduction.matrices();
        long[][] weights = new long[matrices.size()][];
        for (int m = 0; m < weights.length; m++) {
            weights[m] = merge(reduction.evaluationWeights()[m], proximity[m], beta);
        }
        FoldedEvaluation.verify(shape(p, opening), point(reduction.rho()), reduction.target().add(beta.mul(y)), ch, LABEL, leaves -> {
            int[] columns = pairs(leaves);
            long[][] opened = LigeroPcs.receiveColumns(matrices, commitments.size(), columns, ch, p);
            long[] acc = new long[2 * columns.length];
            for (int m = 0; m < matrices.size(); m++) {
                int rows = matrices.get(m).rows();
                for (int q = 0; q < columns.length; q++) {
                    LigeroPcs.accumulate(acc, q, weights[m], Arrays.copyOfRange(opened[m], q * rows, (q + 1) * rows));
                }
            }
            Ext2[][] out = new Ext2[leaves.length][];
            for (int k = 0; k < leaves.length; k++) {
                out[k] = new Ext2[] {Ext2.at(acc, 2 * k), Ext2.at(acc, 2 * k + 1)};
            }
            return out;
        });
    }

    private static void bindParameters(io.zkml4j.core.transcript.ChallengeSource ch, SuccinctParameters opening) {
        ch.absorbPublic("pcs.succinct", new long[] {opening.logArity(), opening.queries(), opening.grindingBits()});
    }

    private static FoldedEvaluation.Shape shape(LigeroParameters p, SuccinctParameters opening) {
        // Challenges from the quadratic extension: the opening is analysed in the unique-decoding regime, where they suffice.
        return new FoldedEvaluation.Shape(p.logRowWidth() + 1, p.logCodeLength(), 1, opening.logArity(), opening.queries(),
                opening.grindingBits(), p.hash(), false);
    }

    /** (ρ, 0): the data half of the 2^(a+1) coefficients. */
    private static Ext2[] point(Ext2[] rho) {
        Ext2[] z = Arrays.copyOf(rho, rho.length + 1);
        z[rho.length] = Ext2.ZERO;
        return z;
    }

    /** The columns of the pairs (2q, 2q + 1), sorted. */
    private static int[] pairs(int[] leaves) {
        int[] columns = new int[2 * leaves.length];
        for (int k = 0; k < leaves.length; k++) {
            columns[2 * k] = 2 * leaves[k];
            columns[2 * k + 1] = 2 * leaves[k] + 1;
        }
        return columns;
    }

    /** e + β·g, row by row (interleaved extension weights). */
    private static long[] merge(long[] evaluation, long[] proximity, Ext2 beta) {
        long[] out = new long[evaluation.length];
        for (int r = 0; r < out.length / 2; r++) {
            Ext2.at(evaluation, r).add(beta.mul(Ext2.at(proximity, r))).store(out, r);
        }
        return out;
    }
}
