package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;

import java.util.Arrays;
import java.util.List;

/**
 * Commits to a model's weights: lays them out as the circuit's model vectors and makes a sealed
 * commitment (never opened, hiding for any number of proofs) with randomness from a secret seed,
 * so the same seed re-creates the same commitment (the proving key keeps the seed, not the
 * encoded matrix).
 */
final class ModelCommitter {
    private ModelCommitter() {}

    /** The model's vectors in proof layout (the same for every batch size and visibility). */
    static long[][] vectors(QuantizedModel model) {
        return ModelVectors.build(CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT));
    }

    static SealedCommitment commit(QuantizedModel model, LigeroParameters params, byte[] seed) {
        return commit(vectors(model), params, seed);
    }

    static SealedCommitment commit(long[][] vectors, LigeroParameters params, byte[] seed) {
        return SealedCommitment.commit(params, Arrays.asList(vectors), ChaChaRandom.fromSeed(seed));
    }

    /**
     * The declared width of each model vector: the fewest bits w with every value in
     * [−2^(w−1), 2^(w−1)), which the weights proof then checks.
     */
    static List<Integer> widths(long[][] vectors) {
        List<Integer> widths = new java.util.ArrayList<>();
        for (long[] v : vectors) {
            int w = 1;
            for (long x : v) {
                long s = io.zkml4j.core.field.Goldilocks.toSigned(x);
                w = Math.max(w, 65 - Long.numberOfLeadingZeros(s < 0 ? ~s : s));
            }
            widths.add(w);
        }
        return widths;
    }

    /** Null when the commitment holds the model's vectors in the circuit's layout, else what differs. */
    static String layoutProblem(QuantizedModel model, Commitment commitment) {
        Circuit circuit;
        try {
            circuit = CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT);
        } catch (RuntimeException e) {
            return "the model cannot be proven: " + e.getMessage();
        }
        List<Circuit.VectorSpec> vectors = circuit.modelVectors();
        if (vectors.size() != commitment.polynomials()) {
            return "it holds " + commitment.polynomials() + " polynomials, the model has " + vectors.size() + " weight tensors";
        }
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).ref().numVars() != commitment.numVars(i)) {
                return "polynomial " + i + " (" + vectors.get(i).ref().name() + ") has the wrong size";
            }
        }
        return null;
    }

    /**
     * The parameters of a model's keys: those of the sealed weight commitment, and those of the
     * one-time commitments each proof makes (witness, inverses, and the sealed opening's two).
     */
    record Parameters(LigeroParameters sealed, LigeroParameters proof) {}

    /** At most this many weight rows, so that a queried column and its salt hash in 8 permutations. */
    static final int SEALED_ROWS = 60;
    private static final int MAX_SEALED_LOG_ROW_WIDTH = 20;

    /**
     * Parameters for a model: proof rows sized for the commitments a proof opens together, and
     * sealed rows wide enough that a column holds at most {@link #SEALED_ROWS} values (each proof
     * hashes its t queried columns in zero knowledge; fewer rows, fewer permutations).
     */
    static Parameters parameters(QuantizedModel model, CommitOptions options) {
        Circuit circuit = CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT);
        long elements = 0;
        for (var list : List.of(circuit.modelVectors(), circuit.witnessVectors(), circuit.inverseVectors())) {
            for (Circuit.VectorSpec s : list) {
                elements += 1L << s.ref().numVars();
            }
        }
        // Rows hold at least one chunk of the sumcheck mask (its claims have explicit weights within a row).
        int logRowWidth = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK),
                LigeroParameters.recommendedLogRowWidth(elements, options.securityBits()));
        int[] weightVars = circuit.modelVectors().stream().mapToInt(v -> v.ref().numVars()).toArray();
        int sealedWidth = logRowWidth;
        while (sealedWidth < MAX_SEALED_LOG_ROW_WIDTH && rows(weightVars, sealedWidth) > SEALED_ROWS) {
            sealedWidth++;
        }
        // A large model in many tensors: narrower rows (taller columns, more hashing per proof) until the verifier's
        // consistency weights, one row's width per distinct (tensor, point) opened, fit its bound; the weights proof
        // opens each tensor at two points.
        long combinations = 2L * weightVars.length + 1;
        while (sealedWidth > 9 && io.zkml4j.core.sealed.SealedOpening.weightLongs(combinations, 1 << sealedWidth)
                > io.zkml4j.core.sealed.SealedOpening.MAX_WEIGHT_LONGS
                && rows(weightVars, sealedWidth - 1) + io.zkml4j.core.sealed.SealedCommitment.SALT_ELEMENTS
                <= io.zkml4j.core.sealed.SealedOpening.MAX_COLUMN_MESSAGE) {
            sealedWidth--;
        }
        if (options.opening() == CommitOptions.Opening.LIGERO && widerRowsCommitLess(weightVars, sealedWidth, combinations, options)) {
            sealedWidth++;
        }
        LigeroParameters proof = null;
        LigeroParameters sealed = null;
        for (int logBlowup = 2; logBlowup <= 4 && (proof == null || sealed == null); logBlowup++) {
            try {
                proof = proof != null ? proof : proofParameters(options, logRowWidth, logBlowup);
                sealed = sealed != null ? sealed : LigeroParameters.withoutRandomColumns(options.securityBits(), sealedWidth, 2, options.hash());
            } catch (IllegalArgumentException e) {
                // not reachable with this code length: a longer one
            }
        }
        if (proof == null || sealed == null) {
            int reachable = 0;
            for (int bits = options.securityBits() - 1; bits >= CommitOptions.MIN_SECURITY_BITS && reachable == 0; bits--) {
                try {
                    parameters(model, options.withSecurityBits(bits));
                    reachable = bits;
                } catch (UnsatisfiableOptionException tooHigh) {
                    // lower still
                }
            }
            throw new UnsatisfiableOptionException(UnsatisfiableOptionException.Option.SECURITY, "no commitment parameters reach "
                    + options.securityBits() + " bits for this model (the quadratic extension field caps soundness)", reachable);
        }
        String problem = io.zkml4j.core.sealed.SealedOpening.geometryProblem(
                io.zkml4j.core.pcs.Commitment.unpacked(sealed, new byte[io.zkml4j.core.hash.HashFunction.DIGEST_BYTES], weightVars), proof);
        if (problem == null && io.zkml4j.core.sealed.SealedOpening.weightLongs(combinations, sealed.rowWidth())
                > io.zkml4j.core.sealed.SealedOpening.MAX_WEIGHT_LONGS) {
            problem = combinations + " row combinations of the weights proof's opening, of " + sealed.rowWidth() + " values each, exceed "
                    + io.zkml4j.core.sealed.SealedOpening.MAX_WEIGHT_LONGS + " longs of consistency weights";
        }
        if (problem != null) { // a key every verifier would refuse: say so at commit time
            throw new ModelTooLargeException("the weights of " + model.name() + " (" + model.parameterCount() + " parameters in "
                    + weightVars.length + " tensors) do not fit the hidden-weight commitment: " + problem
                    + "; zkml4j commits models up to a few million parameters in a few hundred tensors today");
        }
        return new Parameters(sealed, proof);
    }

    /**
     * The proofs' commitment parameters. Folded openings use rows of at least 2^12 values (their proof
     * grows with the rows a query opens, not with the row width), a code 8 times twice the row width
     * and 16 bits of grinding; {@code logBlowup} steps through longer codes for the full opening only.
     */
    static LigeroParameters proofParameters(CommitOptions options, int logRowWidth, int logBlowup) {
        if (options.opening() == CommitOptions.Opening.BASEFOLD) {
            return io.zkml4j.core.pcs.SuccinctParameters.forSecurity(options.securityBits(), Math.max(logRowWidth, SUCCINCT_LOG_ROW_WIDTH),
                    SUCCINCT_LOG_BLOWUP, SUCCINCT_LOG_ARITY, SUCCINCT_GRINDING_BITS, options.hash());
        }
        return LigeroParameters.forSecurity(options.securityBits(), logRowWidth, logBlowup, 1, 0, options.hash());
    }

    static final int SUCCINCT_LOG_ROW_WIDTH = 12;
    static final int SUCCINCT_LOG_BLOWUP = 3;
    static final int SUCCINCT_LOG_ARITY = 4;
    static final int SUCCINCT_GRINDING_BITS = 16;

    /**
     * Whether sealed rows twice as wide make each proof's sealed opening commit fewer values: its row
     * combinations (one per opened term, at most {@code combinations}, two base values per entry) grow
     * by a row's width each, while the hash proof's trace of the queried columns (salt and stored rows
     * in sponge blocks, rounded up to a power of two) may halve. Measured (2 cores, one doubling): the
     * bundled MLP's rows 40 → 23, inference proof 287–495 → 213–255 ms and 814–817 → 654–663 KB; the
     * CNN's 521–530 → 363–371 ms, 714–715 → 624–627 KB; and the dense 4M model, doubled without this
     * weighing, grew from 1.01 to 1.27 MB (its rows are 16 times as wide, its combinations more), which
     * this weighing refuses. Keys whose proofs open succinctly (the EVM profile) keep their rows: on-chain,
     * a longer code costs the sealed opening's transform more gas, which was not measured.
     */
    private static boolean widerRowsCommitLess(int[] weightVars, int sealedWidth, long combinations, CommitOptions options) {
        if (sealedWidth >= MAX_SEALED_LOG_ROW_WIDTH || sealedWidth + 1 + 2 > io.zkml4j.core.sealed.SealedOpening.MAX_LOG_CODE_LENGTH
                || io.zkml4j.core.sealed.SealedOpening.weightLongs(combinations, 1 << (sealedWidth + 1))
                > io.zkml4j.core.sealed.SealedOpening.MAX_WEIGHT_LONGS) {
            return false;
        }
        int queries;
        try {
            queries = LigeroParameters.withoutRandomColumns(options.securityBits(), sealedWidth + 1, 2, options.hash()).queries();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return SealedOpeningCost.values(rows(weightVars, sealedWidth + 1), queries, combinations, sealedWidth + 1)
                < SealedOpeningCost.values(rows(weightVars, sealedWidth), queries, combinations, sealedWidth);
    }

    private static long rows(int[] numVars, int logRowWidth) {
        long rows = 0;
        for (int v : numVars) {
            rows += v <= logRowWidth ? 1 : 1L << (v - logRowWidth);
        }
        return rows;
    }
}
