package io.zkml4j.core.pcs.basefold;

/**
 * The soundness of batched Basefold over Reed–Solomon codes in the list-decoding regime, from
 * Haböck, "Basefold in the list decoding regime" (eprint 2024/1571), Theorem 1: for M + 1 codewords
 * batched with the powers of one challenge, folded n times (the sumcheck of Σ_x eq(ω, x)·P(x) beside
 * the folds, its round messages the linear parts Λ_i), and s queries after g bits of grinding,
 * <pre>
 *   ε < ε(C_0, M, 1, θ) + Σ_{i=1..n} (1/|F| + ε(C_i, 1, 2^i, θ)) + 2^−g·(1 − θ)^s,
 *   θ = 1 − (1 + 1/(2m))·√ρ for an integer m ≥ 3,
 *   ε(C, M, B, θ) = M/|F| · (m + ½)/√ρ · max((m + ½)^6/(3ρ)·|D|², 2·(B·|D| + 1))   (Theorem 4),
 * </pre>
 * where C_i is the code of the i-th folded word, on a domain D_i of |D_0|/2^i points at the same
 * rate ρ. The folds inside a committed leaf need no term of their own: the word they stand for is by
 * definition the fold of the one before, one of the oracles the theorem already allows.
 *
 * <p>What this needs of a protocol, and what the succinct opening does not do yet: challenges (the
 * batching, every fold) from a field large enough for the |D|²/|F| terms — the quartic extension
 * {@link io.zkml4j.core.field.Ext4}, since at 2^18 points and ρ = 1/8 each term is about 2^51.6/|F|;
 * one evaluation point ω per word (the subcode of the theorem is fixed only for eq weights at one
 * point, so claims at several points are first reduced to one); and round messages Λ_i from which
 * the verifier rebuilds the round polynomial eq(ω_i, X)·Λ_i(X). Not counted: the hash and the
 * Fiat–Shamir transform's state-restoration loss, as in {@link BasefoldParameters}.
 */
public final class ListDecodingSoundness {
    /** The smallest m the theorem allows. */
    public static final int MIN_M = 3;
    private static final int MAX_M = 1 << 10;
    /** The m the bounds are maximised over: 3..16 and the powers of two up to {@link #MAX_M}. */
    private static final int[] M_GRID = java.util.stream.IntStream.iterate(MIN_M, m -> m <= MAX_M, m -> m < 16 ? m + 1 : 2 * m).toArray();

    private ListDecodingSoundness() {}

    /** θ = 1 − (1 + 1/(2m))·√ρ, the proximity parameter for m at rate 2^−logBlowup. */
    public static double theta(int logBlowup, int m) {
        return 1 - (1 + 1.0 / (2 * m)) * Math.sqrt(rate(logBlowup));
    }

    /**
     * −log2 of ε(C, M, B, θ) for a code on 2^logDomain points at rate 2^−logBlowup (Theorem 4), with
     * |F| = 2^logField; in logs throughout, since |D|² overflows nothing but (m + ½)^6 grows fast.
     */
    static double agreementBits(int logDomain, int logBlowup, int m, long batched, long weightDenominator, double logField) {
        double rho = rate(logBlowup);
        double half = m + 0.5;
        double list = 6 * log2(half) - log2(3 * rho) + 2.0 * logDomain;
        double weighted = log2(2 * ((double) weightDenominator * Math.pow(2, logDomain) + 1));
        return logField - log2(batched) - log2(half / Math.sqrt(rho)) - Math.max(list, weighted);
    }

    /**
     * −log2 of Theorem 1's bound with the given m, for {@code batched} + 1 words of 2^numVars
     * coefficients on a first domain of 2^(numVars + logBlowup) points.
     */
    public static double securityBits(int numVars, int logBlowup, int batched, int queries, int grindingBits, double logField, int m) {
        if (m < MIN_M || numVars < 1 || logBlowup < 1 || queries < 1 || grindingBits < 0 || batched < 0) {
            throw new IllegalArgumentException("Theorem 1 needs m ≥ 3, at least one variable, a rate below 1, one query; got m = " + m
                    + ", 2^" + numVars + " coefficients, rate 2^−" + logBlowup + ", " + queries + " queries");
        }
        int logDomain = numVars + logBlowup;
        double error = batched == 0 ? 0 : Math.pow(2, -agreementBits(logDomain, logBlowup, m, batched, 1, logField));
        for (int i = 1; i <= numVars; i++) {
            error += Math.pow(2, -logField) + Math.pow(2, -agreementBits(logDomain - i, logBlowup, m, 1, 1L << i, logField));
        }
        error += Math.pow(2, queries * log2(1 - theta(logBlowup, m)) - grindingBits);
        return -log2(error);
    }

    /** The bound at the best m (the larger m, the closer θ to the Johnson bound and the larger every agreement term). */
    public static double securityBits(int numVars, int logBlowup, int batched, int queries, int grindingBits, double logField) {
        return securityBits(numVars, logBlowup, batched, queries, grindingBits, logField, bestM(numVars, logBlowup, batched, queries,
                grindingBits, logField));
    }

    /**
     * The m ≥ 3 that maximises the bound among 3..16 and the powers of two up to 2^10 (any m gives a
     * valid bound; the grid keeps this cheap). Over p⁴ the agreement terms stay negligible that far,
     * and θ at 2^10 is within 0.05% of √ρ of the Johnson bound 1 − √ρ, so each query is worth almost
     * log2(1/√ρ) bits (1.5 at rate 1/8).
     */
    public static int bestM(int numVars, int logBlowup, int batched, int queries, int grindingBits, double logField) {
        int best = MIN_M;
        double bestBits = Double.NEGATIVE_INFINITY;
        for (int m : M_GRID) {
            double bits = securityBits(numVars, logBlowup, batched, queries, grindingBits, logField, m);
            if (bits > bestBits) {
                best = m;
                bestBits = bits;
            }
        }
        return best;
    }

    /**
     * The most codewords within θ = 1 − a of any word (the Johnson bound, alphabet-free): two distinct
     * codewords of 2^numVars coefficients on 2^(numVars + logBlowup) points agree on a fraction
     * ρ' = (2^numVars − 1)/2^(numVars + logBlowup) of them at most. Counting, for L list codewords, the
     * pairs that agree with the word at a common position: Σ_x C(n_x, 2) ≤ C(L, 2)·ρ'·N, where n_x
     * codewords agree with it at position x and Σ_x n_x ≥ L·a·N; by convexity the left side is at least
     * N·C(L·a, 2), so L·a·(L·a − 1) ≤ L·(L − 1)·ρ', that is L·(a² − ρ') ≤ a − ρ'. With a =
     * (1 + 1/(2m))·√ρ > √ρ' the bound is L ≤ (a − ρ')/(a² − ρ'), about m/√ρ.
     */
    public static double listSize(int numVars, int logBlowup, int m) {
        double a = 1 - theta(logBlowup, m);
        double agreement = (Math.pow(2, numVars) - 1) / Math.pow(2, numVars + logBlowup);
        if (a * a <= agreement) {
            throw new IllegalArgumentException("θ is not below the Johnson bound");
        }
        return Math.floor((a - agreement) / (a * a - agreement));
    }

    /**
     * −log2 of what pinning one codeword of the list costs ({@link BasefoldPcs}, list-decoding regime):
     * two codewords of the list that agree at the out-of-domain point (C(L, 2) pairs, each a nonzero
     * multilinear difference of degree numVars at a uniform point: numVars/|E| by Schwartz–Zippel),
     * and a codeword of the list taking the line's value at t* although its restriction to the line
     * differs from the prover's (L of them, a nonzero univariate of degree numVars: numVars/|E|), with
     * both points in the claims' field E, |E| = 2^logClaimField.
     */
    public static double pinningBits(int numVars, int logBlowup, int m, double logClaimField) {
        double list = listSize(numVars, logBlowup, m);
        return logClaimField - log2((list * (list - 1) / 2 + list) * Math.max(numVars, 1));
    }

    /**
     * −log2 of the bound for one opening of a pinned commitment: Theorem 1 (one word) plus
     * {@link #pinningBits}, at the m that maximises their sum's −log2 (the pinning terms grow with
     * m as the list does, Theorem 1's query term shrinks).
     */
    public static double pinnedSecurityBits(int numVars, int logBlowup, int queries, int grindingBits, double logField, double logClaimField) {
        double best = Double.NEGATIVE_INFINITY;
        for (int m : M_GRID) {
            double error = Math.pow(2, -securityBits(numVars, logBlowup, 0, queries, grindingBits, logField, m))
                    + Math.pow(2, -pinningBits(numVars, logBlowup, m, logClaimField));
            best = Math.max(best, -log2(error));
        }
        return best;
    }

    /** The fewest queries reaching {@code bits}, or −1 when no query count does (the field is too small for the agreement terms). */
    public static int queriesFor(double bits, int numVars, int logBlowup, int batched, int grindingBits, double logField) {
        for (int t = 1; t <= 4096; t++) {
            if (securityBits(numVars, logBlowup, batched, t, grindingBits, logField) >= bits) {
                return t;
            }
        }
        return -1;
    }

    private static double rate(int logBlowup) {
        return Math.pow(2, -logBlowup);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
