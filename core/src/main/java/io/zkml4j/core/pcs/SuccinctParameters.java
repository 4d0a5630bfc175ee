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
 *   <li>the folds' own terms for 2^(a+1) coefficients at rate ρ' ({@link BasefoldParameters#securityBits}:
 *       the queries, 2^−g·(1 − δ)^t, the folds, 2n/|E|, and their sumcheck, 2(a + 1)/|E|);</li>
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

    /** A commitment's parameters and the succinct opening's, chosen together (the commitment's random columns hide 2t columns). */
    public record WithCommitment(LigeroParameters commitment, SuccinctParameters opening) {}

    /**
     * The fewest queries reaching {@code bits} for rows of 2^logRowWidth values, a code 2^logBlowup
     * times 2^(logRowWidth + 1), and the commitment parameters that hide their columns.
     */
    public static WithCommitment forSecurity(double bits, int logRowWidth, int logBlowup, int logArity, int grindingBits, HashFunction hash) {
        int logN = logRowWidth + 1 + logBlowup;
        for (int t = 1; 2 * t <= (1 << logRowWidth) && t <= LigeroParameters.MAX_QUERIES; t++) {
            LigeroParameters commitment = new LigeroParameters(logRowWidth, logN, 2 * t, t, 0, hash);
            SuccinctParameters opening = new SuccinctParameters(logArity, t, grindingBits);
            if (opening.securityBits(commitment) >= bits) {
                return new WithCommitment(commitment, opening);
            }
        }
        throw new IllegalArgumentException("no query count reaches " + bits + " bits for rows of 2^" + logRowWidth + " values at log blowup "
                + logBlowup + " (rows must hold at least twice the queries in random values)");
    }

    /** Why these parameters cannot open commitments with {@code p}, or null if they can. */
    public String mismatch(LigeroParameters p) {
        if (p.randomColumns() > p.rowWidth()) {
            return "rows carry " + p.randomColumns() + " random values, more than their " + p.rowWidth() + " data values";
        }
        if (p.logCodeLength() - (p.logRowWidth() + 1) < 1 || p.logCodeLength() - (p.logRowWidth() + 1) > 6) {
            return "the code of 2^" + p.logCodeLength() + " is not 2^1 to 2^6 times twice the row width 2^" + p.logRowWidth();
        }
        if (2L * queries > p.randomColumns()) {
            return queries + " queries open up to " + 2 * queries + " columns, but the rows' " + p.randomColumns()
                    + " random values hide only that many";
        }
        return null;
    }

    /** −log2 of the soundness error of a Fiat–Shamir opening of commitments with {@code p}, capped by the hash's collision resistance. */
    public double securityBits(LigeroParameters p) {
        return Math.min(bits(p, grindingBits), 8.0 * HashFunction.DIGEST_BYTES / 2);
    }

    /** The same for a live verifier, which draws fresh queries and does not count the prover's grinding. */
    public double interactiveBits(LigeroParameters p) {
        return bits(p, 0);
    }

    private double bits(LigeroParameters p, int grinding) {
        String why = mismatch(p);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        BasefoldParameters folds = new BasefoldParameters(p.logCodeLength() - p.logRowWidth() - 1, logArity, queries, grinding);
        double foldError = Math.pow(2, -folds.securityBits(p.logRowWidth() + 1));
        double fieldTerms = 2.0 * p.codeLength() + 2.0 * p.logRowWidth() + 4;
        double fieldError = Math.pow(2, Math.log(fieldTerms) / Math.log(2) - LigeroParameters.LOG_EXTENSION_SIZE);
        return -Math.log(foldError + fieldError) / Math.log(2);
    }

    public String describe() {
        return "succinct(arity=2^" + logArity + ",t=" + queries + ",pow=" + grindingBits + ")";
    }
}
