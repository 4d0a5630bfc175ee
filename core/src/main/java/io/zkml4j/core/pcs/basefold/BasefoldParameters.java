package io.zkml4j.core.pcs.basefold;

/**
 * Parameters of the Basefold commitment (Reed–Solomon codewords folded as in FRI, eprint 2023/1705),
 * and the soundness they give, computed from proven bounds in the unique-decoding regime only:
 * <ul>
 *   <li>queries: a word δ-far from the code, δ = (1 − ρ)/2 the unique-decoding radius, measured in
 *       leaves of the committed layer (a leaf is wrong if any of its values is), passes one query with
 *       probability at most 1 − δ, so t queries after g bits of proof of work leave 2^−g·(1 − δ)^t
 *       (the grinding counts only under Fiat–Shamir: an interactive verifier draws fresh queries and
 *       skips the work, its error is (1 − δ)^t);</li>
 *   <li>folding: by the correlated-agreement theorem of Ben-Sasson, Carmon, Ishai, Kopparty and Saraf
 *       (eprint 2020/654, Theorem 4.1, δ ≤ (1 − ρ)/2), fold i, which combines the two halves of the
 *       word on the folded domain D_{i+1}, brings a far word close with probability at most |D_{i+1}|/|F|.
 *       The folds inside a leaf (arity 2^k, folded by the verifier) are no different: each is a line
 *       with its own challenge, and the distance is the leaves' (so WHIR, eprint 2024/1586, Theorem 5.2,
 *       ε^fold_{i,s} = err(C^{i,s}, 2, δ) on the 2^s-th power domain). Summed over the rounds, below
 *       |D_0|/|F|; a wrong leaf that folds to its decoding's value by chance (a nonzero multilinear
 *       polynomial of degree k in the challenges vanishing, k/|F| per leaf) adds less than |D_0|/|F|
 *       again; the bound counts 2·|D_0|/|F| for both;</li>
 *   <li>the sumcheck interleaved with the folds: 2/|F| per round (its polynomials have degree 2). Its
 *       last claim is tied to the folds by the final check claim = last·eq(z, r): if the committed
 *       word decodes to f' with f'(z) ≠ v, the sumcheck ends off f'(r)·eq(z, r) except with 2n/|F|,
 *       so last ≠ f'(r): a query then passes only through leaves where the committed layers depart
 *       from the folds of f''s codeword, at most 1 − δ per query again (the unique-decoding soundness
 *       of the Basefold PCS, eprint 2023/1705).</li>
 * </ul>
 * Challenges come from the quadratic extension, |F| = p² ≈ 2^128. Not counted: the hash (Merkle
 * binding, collisions) and the Fiat–Shamir state-restoration loss, as usual for such bounds.
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

    /**
     * The proximity radius the queries test: the unique-decoding radius (1 − ρ)/2 itself, the largest
     * δ the correlated-agreement theorem of BCIKS20 (Theorem 4.1, δ ∈ (0, (1 − ρ)/2]) covers. Every
     * layer's code has the same rate, so it holds for every fold, and it does not depend on the size.
     *
     * <p>Review fix: this was one position below, (1 − ρ)/2 − 2^−(n+β). That is not needed (a word
     * (1 − ρ)/2-close to a Reed–Solomon code of rate ρ is uniquely decodable: (N − ρN)/2 errors are fewer
     * than half the distance N − ρN + 1), and it made the query term worst for the smallest tables
     * while {@link #forSecurity} only evaluates the largest: the defaults, "100 bits up to 2^22 values",
     * had 85.2 bits at 2^1 values and under 100 up to 2^5. With δ independent of n, every term of
     * the bound grows weaker with n, so the bound at maxNumVars holds at every smaller size.
     */
    double delta(int numVars) {
        double rho = Math.pow(2, -logBlowup);
        return (1 - rho) / 2;
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
