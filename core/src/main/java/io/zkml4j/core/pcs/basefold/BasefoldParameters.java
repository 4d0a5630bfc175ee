package io.zkml4j.core.pcs.basefold;

/**
 * Parameters of the Basefold commitment (Reed–Solomon codewords folded as in FRI, eprint 2023/1705),
 * and the soundness they give, computed from proven bounds only, in one of two regimes.
 *
 * <p>Unique decoding (the default, {@code listDecoding} false): folding challenges from the quadratic
 * extension, |E| = p² ≈ 2^128, and the bound {@link #uniqueDecodingBits} below. It is a binding
 * commitment: no word is within the unique-decoding radius of two codewords, so one commitment
 * opens to one value at a point. This is also the bound of the succinct opening of Ligero
 * commitments, whose row combination is analysed in this regime only.
 *
 * <p>List decoding ({@code listDecoding} true): challenges from the quartic extension, |F| = p⁴
 * ({@link FoldedEvaluation}), and the bound of Haböck's Theorem 1 (eprint 2024/1571,
 * {@link ListDecodingSoundness}): each query passes a word θ-far from the code with probability
 * 1 − θ, θ = 1 − (1 + 1/(2m))·√ρ just below the Johnson bound, plus the folds' correlated-agreement
 * terms, negligible over p⁴. That theorem's relation is existential — some polynomial within θ of
 * the committed word takes the claimed value — and a word can be within θ of several codewords, so
 * the commitment pins one of them by its value at an out-of-domain point ({@link BasefoldPcs}):
 * the bound adds the chance that two codewords of the list agree there or that one of them takes
 * the line's value at t* ({@link ListDecodingSoundness#pinnedSecurityBits}, with the list's size
 * from the Johnson bound). An opening is then sound for the pinned codeword, and two openings of
 * one commitment to different values at one point are each a false claim about it: binding has
 * the same figure ({@code ListDecodingBindingReviewTest}). Nothing in zkml4j's proofs uses this
 * regime yet.
 *
 * <p>The unique-decoding bound, {@link #uniqueDecodingBits}:
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
 *   <li>the sumcheck interleaved with the folds: its messages are linear, 1/|F| per round. Its last
 *       claim is tied to the folds by the final check: if the committed word decodes to f' with
 *       f'(z) ≠ v, the running claim departs from f''s except with n/|F|, so the constant is not
 *       f'(r): a query then passes only through leaves where the committed layers depart from the
 *       folds of f''s codeword, at most 1 − δ per query again (the unique-decoding soundness of the
 *       Basefold PCS, eprint 2023/1705).</li>
 * </ul>
 * Not counted: the hash (Merkle binding, collisions) and the Fiat–Shamir state-restoration loss, as
 * usual for such bounds.
 *
 * <p>Folding arity: the prover commits to every k-th folded codeword only, with leaves holding the
 * 2^k values that k folds turn into one (the verifier folds them itself). That changes the size of
 * the proof, not the bound: every fold still uses its own challenge.
 *
 * @param logBlowup    log2 of 1/ρ (3: codewords eight times the message)
 * @param logArity     k: folds between committed codewords (4: leaves of 16 values)
 * @param queries      queries in the query phase
 * @param grindingBits proof-of-work bits before the queries are drawn
 * @param listDecoding the list-decoding regime (quartic challenges, the codeword pinned) instead of the unique-decoding one
 */
public record BasefoldParameters(int logBlowup, int logArity, int queries, int grindingBits, boolean listDecoding) {
    /** log2 of |F| for the folding challenges of the list-decoding regime (p⁴ with p = 2^64 − 2^32 + 1). */
    static final double LOG_FIELD = 4 * Math.log(18446744069414584321.0) / Math.log(2);
    /**
     * log2 of |E| = p², the field of the challenges in the unique-decoding regime (and of the
     * succinct opening's folds, Shape.quartic false).
     * Review fix: uniqueDecodingBits used LOG_FIELD after it became p⁴, which dropped the folds'
     * 2·|D_0|/|E| from the succinct opening's bound (101.0 bits reported for a code of 2^26 whose
     * folds' and field terms alone leave 100.0).
     */
    static final double LOG_QUADRATIC_FIELD = 2 * Math.log(18446744069414584321.0) / Math.log(2);

    /** Parameters in the unique-decoding regime. */
    public BasefoldParameters(int logBlowup, int logArity, int queries, int grindingBits) {
        this(logBlowup, logArity, queries, grindingBits, false);
    }

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

    /** The fewest queries reaching {@code bits} for polynomials of up to {@code maxNumVars} variables (unique decoding). */
    public static BasefoldParameters forSecurity(double bits, int logBlowup, int logArity, int grindingBits, int maxNumVars) {
        return forSecurity(bits, logBlowup, logArity, grindingBits, maxNumVars, false);
    }

    /** The fewest queries reaching {@code bits} for polynomials of up to {@code maxNumVars} variables in the given regime. */
    public static BasefoldParameters forSecurity(double bits, int logBlowup, int logArity, int grindingBits, int maxNumVars,
                                                 boolean listDecoding) {
        for (int t = 1; t <= 4096; t++) {
            BasefoldParameters p = new BasefoldParameters(logBlowup, logArity, t, grindingBits, listDecoding);
            if (p.securityBits(maxNumVars) >= bits) {
                return p;
            }
        }
        throw new IllegalArgumentException("no query count up to 4096 reaches " + bits + " bits at log blowup " + logBlowup + " for 2^"
                + maxNumVars + " values" + (listDecoding ? "" : " (the folding term 2·2^(n+β)/p² alone caps unique decoding near 2^24)"));
    }

    /**
     * The defaults: unique decoding, rate 1/8, leaves of 16 values, 16 bits of grinding, 100 bits
     * for up to 2^22 values (102 queries). Larger tables cannot reach 100 bits with challenges from
     * p²: the folding term 2·2^(n+3)/p² alone is 2^−100 at 2^24 values.
     */
    public static BasefoldParameters defaults() {
        return forSecurity(100, 3, 4, 16, 22);
    }

    /**
     * List-decoding parameters for the openings to come (pinned, see the class comment): rate
     * 1/16, leaves of 8, 16 bits of grinding, 43 queries for 100 bits of Theorem 1 up to 2^26 values.
     * Measured against rate 1/8 with leaves of 16 (57 queries) and rate 1/32 with leaves of 8 (34): a
     * verifier's gas falls with the rate (at 2^14 values 21.9M, 15.2M, 12.9M gas on a local EVM, before
     * the quartic folds were written in assembly) while committing encodes and hashes a codeword
     * twice and four times as long. Leaves of 16 values in the quartic extension (after the first
     * fold every value is 32 bytes) cost more bytes than the shorter Merkle paths save.
     */
    public static BasefoldParameters listDecodingDefaults() {
        return forSecurity(100, 4, 3, 16, BasefoldPcs.MAX_LOG_CODEWORD - 4, true);
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

    /**
     * −log2 of the soundness error for one polynomial of {@code numVars} variables opened at one
     * point: the unique-decoding bound, or in the list-decoding regime Theorem 1's with the pinning's
     * terms. Under Fiat–Shamir these are per hash query, and the transform's own loss (state
     * restoration) is not counted, in either regime.
     */
    public double securityBits(int numVars) {
        return listDecoding
                ? ListDecodingSoundness.pinnedSecurityBits(Math.max(numVars, 1), logBlowup, queries, grindingBits, LOG_FIELD, LOG_QUADRATIC_FIELD)
                : uniqueDecodingBits(numVars);
    }

    /**
     * −log2 of the chance that one of two openings of one commitment to different values at one
     * point passes. Unique decoding: two codewords agree on under ρ of the positions, so a word shares
     * at most (1 + ρ)/2 with both, and each opening passes with ((1 + ρ)/2)^t·2^−g. List decoding: both
     * are claims about the one pinned codeword, one of them false, so the opening's own bound at
     * {@code numVars} variables (for two non-interactive proofs output together up to one bit less:
     * either may be the false one).
     */
    public double bindingBits(int numVars) {
        return listDecoding ? securityBits(numVars) : -queries * log2((1 + Math.pow(2, -logBlowup)) / 2) + grindingBits;
    }

    /**
     * −log2 of the unique-decoding bound (see the class comment), with folding challenges from the
     * quadratic extension: |E| = p² in its terms.
     */
    public double uniqueDecodingBits(int numVars) {
        double queryLog = queries * log2(1 - delta(numVars)) - grindingBits;
        double foldLog = -foldingBits(numVars);
        double sumcheckLog = log2(Math.max(numVars, 1)) - LOG_QUADRATIC_FIELD;
        double total = Math.pow(2, queryLog) + Math.pow(2, foldLog) + Math.pow(2, sumcheckLog);
        return -log2(total);
    }

    /** −log2 of the folding term 2·|D_0|/|E| (quadratic-extension challenges, as in {@link #uniqueDecodingBits}). */
    double foldingBits(int numVars) {
        return LOG_QUADRATIC_FIELD - (numVars + logBlowup + 1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
