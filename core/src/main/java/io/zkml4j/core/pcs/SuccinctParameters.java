package io.zkml4j.core.pcs;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.pcs.basefold.BasefoldParameters;

/**
 * Parameters of the succinct opening of Ligero commitments ({@link SuccinctOpening}), and the
 * soundness they give, from proven unique-decoding bounds only.
 *
 * <p>The opening proves, by Basefold's folds, that the word C_β = Σ_r (e_r + β·g_r)·M_r (the rows of
 * every opened matrix, combined with the evaluation weights e and the proximity weights g) is close
 * to the Reed–Solomon code of 2^(a+1) coefficients and decodes to a row whose data part takes the
 * target at ρ. With ρ' = 2^(a+1)/n the rate of that code (rows hold 2^a values and at most 2^a random
 * ones, so every honest row is in it) and δ = (1 − ρ')/2, the error is the sum of:
 * <ul>
 *   <li>the folds' own terms for 2^(a+1) coefficients at rate ρ' ({@link BasefoldParameters#uniqueDecodingBits}:
 *       the queries, 2^−g·(1 − δ)^t, the folds, 2n/|E|, and their sumcheck, (a + 1)/|E| for its linear messages);</li>
 *   <li>the line C_0 + β·C_1: if C_β is δ-close for more than n/|E| of the β, C_0 and C_1 have
 *       correlated agreement (BCIKS20, eprint 2020/654, Theorem 4.1), n/|E|;</li>
 *   <li>C_1 = R + Σ γ_r·M_r with independent γ: rows without correlated agreement make it far except
 *       with n/|E| (BCIKS20, Theorem 1.6), and the reduction before it, 2a/|E| for its sumcheck and
 *       3/|E| for its batchings, as in {@link LigeroParameters};</li>
 *   <li>the decoded rows give A + β·B for values A, B fixed before β, equal to target + β·y only if
 *       A = target, except with 1/|E|.</li>
 * </ul>
 * Zero-knowledge: what the opening reveals beyond the reduction is a function of the two masked
 * combinations the full Ligero opening sends whole (v, masked by the random row S, and w, masked by
 * R) and of 2t columns, which the rows' random coefficients hide when there are at least 2t of them.
 *
 * @param logArity     folds per committed layer after the first
 * @param queries      t, the queries (each opens two adjacent columns of every matrix)
 * @param grindingBits proof of work before the queries
 */
public record SuccinctParameters(int logArity, int queries, int grindingBits) {
    public SuccinctParameters {
        if (logArity < 1 || logArity > 6 || queries < 1 || queries > LigeroParameters.MAX_QUERIES || grindingBits < 0 || grindingBits > 30) {
            throw new IllegalArgumentException("succinct opening parameters out of range: arity 2^" + logArity + " (1..6), " + queries
                    + " queries (1.." + LigeroParameters.MAX_QUERIES + "), " + grindingBits + " grinding bits (0..30)");
        }
    }

    /**
     * The fewest queries reaching {@code bits} for rows of 2^logRowWidth values and a code 2^logBlowup
     * times 2^(logRowWidth + 1): commitment parameters whose rows carry the 2t random values that hide
     * the opened columns, opened succinctly.
     */
    public static LigeroParameters forSecurity(double bits, int logRowWidth, int logBlowup, int logArity, int grindingBits, HashFunction hash) {
        if (logBlowup < 1 || logBlowup > LigeroParameters.MAX_LOG_BLOWUP - 1) {
            throw new IllegalArgumentException("a folded opening needs a code 2^1 to 2^" + (LigeroParameters.MAX_LOG_BLOWUP - 1)
                    + " times twice the row width, got 2^" + logBlowup);
        }
        int logN = logRowWidth + 1 + logBlowup;
        for (int t = 1; 2 * t <= (1 << logRowWidth) && t <= LigeroParameters.MAX_QUERIES; t++) {
            LigeroParameters p = new LigeroParameters(logRowWidth, logN, 2 * t, t, 0, hash, new SuccinctParameters(logArity, t, grindingBits));
            if (p.security().bits() >= bits) {
                return p;
            }
        }
        throw new IllegalArgumentException("no query count reaches " + bits + " bits for rows of 2^" + logRowWidth + " values at log blowup "
                + logBlowup + " (rows must hold at least twice the queries in random values)");
    }

    /** Why these parameters cannot open commitments of this shape, or null if they can. */
    String mismatch(int logRowWidth, int logCodeLength, int randomColumns) {
        if (randomColumns > 1 << logRowWidth) {
            return "rows carry " + randomColumns + " random values, more than their " + (1 << logRowWidth) + " data values";
        }
        int logBlowup = logCodeLength - (logRowWidth + 1);
        // Review fix: this allowed 2^6, which the commitment's own bound (a code at most 2^6 times the row width) never reaches.
        if (logBlowup < 1 || logBlowup > LigeroParameters.MAX_LOG_BLOWUP - 1) {
            return "the code of 2^" + logCodeLength + " is not 2^1 to 2^" + (LigeroParameters.MAX_LOG_BLOWUP - 1)
                    + " times twice the row width 2^" + logRowWidth;
        }
        if (2L * queries > randomColumns) {
            return queries + " queries open up to " + 2 * queries + " columns, but the rows' " + randomColumns
                    + " random values hide only that many";
        }
        return null;
    }

    /** The accounting for commitments with {@code p}'s shape, split as {@link LigeroParameters.Security} is. */
    LigeroParameters.Security security(LigeroParameters p) {
        double rho = Math.pow(2, p.logRowWidth() + 1 - p.logCodeLength());
        double queryBits = -queries * Math.log((1 + rho) / 2) / Math.log(2);
        return new LigeroParameters.Security(queryBits, grindingBits, fieldBits(p), bits(p, 0),
                Math.min(bits(p, grindingBits), 8.0 * HashFunction.DIGEST_BYTES / 2));
    }

    private double bits(LigeroParameters p, int grinding) {
        BasefoldParameters folds = new BasefoldParameters(p.logCodeLength() - p.logRowWidth() - 1, logArity, queries, grinding);
        double foldError = Math.pow(2, -folds.uniqueDecodingBits(p.logRowWidth() + 1));
        return -Math.log(foldError + Math.pow(2, -fieldBits(p))) / Math.log(2);
    }

    /** −log2 of the terms outside the folds: the β line, the proximity combination and the reduction. */
    private static double fieldBits(LigeroParameters p) {
        double terms = 2.0 * p.codeLength() + 2.0 * p.logRowWidth() + 4;
        return LigeroParameters.LOG_EXTENSION_SIZE - Math.log(terms) / Math.log(2);
    }

    public String describe() {
        return "succinct(arity=2^" + logArity + ",t=" + queries + ",pow=" + grindingBits + ")";
    }
}
