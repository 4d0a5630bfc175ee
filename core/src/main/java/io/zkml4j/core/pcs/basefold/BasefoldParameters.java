package io.zkml4j.core.pcs.basefold;

/**
 * Parameters of the Basefold commitment (Reed–Solomon codewords folded as in FRI, eprint 2023/1705),
 * and the soundness they give, computed from proven bounds in the unique-decoding regime only:
 * <ul>
 *   <li>queries: a word δ-far from the code, δ just below the unique-decoding radius (1 − ρ)/2,
 *       passes one query with probability at most 1 − δ, so t queries after g bits of proof of work
 *       leave 2^−g·(1 − δ)^t;</li>
 *   <li>folding: by the correlated-agreement theorem of Ben-Sasson, Carmon, Ishai, Kopparty and Saraf
 *       (eprint 2020/654) below the unique-decoding radius, a fold with a challenge from a field F
 *       brings a far word close with probability below |D_i|/|F| for the round's domain D_i; summed
 *       over the rounds, below 2·|D_0|/|F|;</li>
 *   <li>the sumcheck interleaved with the folds: 2/|F| per round (its polynomials have degree 2).</li>
 * </ul>
 * Challenges come from the quadratic extension, |F| = p² ≈ 2^128.
 *
 * <p>Folding arity: the prover commits to every k-th folded codeword only, with leaves holding the
 * 2^k values that k folds turn into one (the verifier folds them itself). That changes the size of
 * the proof, not the bound: every fold still uses its own challenge.
 *
 * @param logBlowup    log2 of 1/ρ (3: codewords eight times the message)
 * @param logArity     k: folds between committed codewords (4: leaves of 16 values)
 * @param queries      queries in the query phase
 * @param grindingBits proof-of-work bits before the queries are drawn
 */
public record BasefoldParameters(int logBlowup, int logArity, int queries, int grindingBits) {
    /** log2 of |F| for the extension's challenges (p² with p = 2^64 − 2^32 + 1). */
    static final double LOG_FIELD = 2 * Math.log(18446744069414584321.0) / Math.log(2);

    public BasefoldParameters {
        if (logBlowup < 1 || logBlowup > 6) {
            throw new IllegalArgumentException("log blowup must be in [1, 6], got " + logBlowup);
        }
        if (logArity < 1 || logArity > 6) {
            throw new IllegalArgumentException("log arity must be in [1, 6], got " + logArity);
        }
        if (queries < 1 || queries > 4096) {
            throw new IllegalArgumentException("queries must be in [1, 4096], got " + queries);
        }
        if (grindingBits < 0 || grindingBits > 30) {
            throw new IllegalArgumentException("grinding bits must be in [0, 30], got " + grindingBits);
        }
    }

    /** The fewest queries reaching {@code bits} for polynomials of up to {@code maxNumVars} variables. */
    public static BasefoldParameters forSecurity(double bits, int logBlowup, int logArity, int grindingBits, int maxNumVars) {
        for (int t = 1; t <= 4096; t++) {
            BasefoldParameters p = new BasefoldParameters(logBlowup, logArity, t, grindingBits);
            if (p.securityBits(maxNumVars) >= bits) {
                return p;
            }
        }
        throw new IllegalArgumentException("no query count reaches " + bits + " bits at log blowup " + logBlowup
                + " for 2^" + maxNumVars + " values (the folding term alone is " + new BasefoldParameters(logBlowup, logArity, 1, grindingBits)
                .foldingBits(maxNumVars) + " bits)");
    }

    /**
     * The defaults: rate 1/8, leaves of 16 values, 16 bits of grinding, 100 bits for up to 2^22 values. Larger tables
     * cannot reach 100 bits with challenges from p²: the folding term 2·2^(n+3)/p² alone is 2^−100
     * at 2^24 values (folding challenges from a larger extension would lift that bound).
     */
    public static BasefoldParameters defaults() {
        return forSecurity(100, 3, 4, 16, 22);
    }

    /** The proximity radius the queries test: one position below the unique-decoding radius of the first codeword. */
    double delta(int numVars) {
        double rho = Math.pow(2, -logBlowup);
        return (1 - rho) / 2 - Math.pow(2, -(numVars + logBlowup));
    }

    /** −log2 of the soundness error for a polynomial of {@code numVars} variables. */
    public double securityBits(int numVars) {
        double queryLog = queries * log2(1 - delta(numVars)) - grindingBits;
        double foldLog = -foldingBits(numVars);
        double sumcheckLog = log2(2.0 * Math.max(numVars, 1)) - LOG_FIELD;
        double total = Math.pow(2, queryLog) + Math.pow(2, foldLog) + Math.pow(2, sumcheckLog);
        return -log2(total);
    }

    /** −log2 of the folding term 2·|D_0|/|F|. */
    double foldingBits(int numVars) {
        return LOG_FIELD - (numVars + logBlowup + 1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
