package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;

import java.util.Arrays;
import java.util.List;

/**
 * Commits to a model's weights: lays them out as the circuit's model vectors and commits with
 * randomness from a secret seed, so the same seed re-creates the same commitment (the proving
 * key keeps the seed, not the encoded matrix).
 */
final class ModelCommitter {
    private ModelCommitter() {}

    /** The model's vectors in proof layout (the same for every batch size and visibility). */
    static long[][] vectors(QuantizedModel model) {
        return ModelVectors.build(CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT));
    }

    static CommittedPolynomials commit(QuantizedModel model, LigeroParameters params, byte[] seed) {
        return commit(vectors(model), params, seed);
    }

    static CommittedPolynomials commit(long[][] vectors, LigeroParameters params, byte[] seed) {
        return CommittedPolynomials.commit(params, Arrays.asList(vectors), ChaChaRandom.fromSeed(seed));
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
     * Parameters for a model: rows sized for the commitments a proof opens together (weights,
     * witness, inverses), and randomness hiding the requested number of proofs.
     */
    static LigeroParameters parameters(QuantizedModel model, CommitOptions options) {
        Circuit circuit = CircuitCompiler.compile(model, 1, Circuit.Options.DEFAULT);
        long elements = 0;
        for (var list : List.of(circuit.modelVectors(), circuit.witnessVectors(), circuit.inverseVectors())) {
            for (Circuit.VectorSpec s : list) {
                elements += 1L << s.ref().numVars();
            }
        }
        int hiding = options.publicWeights() ? 1 : options.hidingProofs();
        // Rows hold at least one chunk of the sumcheck mask (its claims have explicit weights within a row).
        int logRowWidth = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK),
                LigeroParameters.recommendedLogRowWidth(elements, options.securityBits()));
        LigeroParameters p = parameters(options, logRowWidth, hiding);
        if (p != null) {
            return p;
        }
        if (parameters(options, logRowWidth, 1) == null) { // the security level itself is out of reach
            int reachable = 0;
            for (int bits = options.securityBits() - 1; bits >= CommitOptions.MIN_SECURITY_BITS && reachable == 0; bits--) {
                if (parameters(options.withSecurityBits(bits), logRowWidth, hiding) != null) {
                    reachable = bits;
                }
            }
            throw new UnsatisfiableOptionException(UnsatisfiableOptionException.Option.SECURITY, "no commitment parameters reach "
                    + options.securityBits() + " bits for this model (the quadratic extension field caps soundness)", reachable);
        }
        int most = 0; // the largest budget that fits: parameters exist for h whenever they exist for h + 1
        for (int lo = 1, hi = hiding - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (parameters(options, logRowWidth, mid) != null) {
                most = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new UnsatisfiableOptionException(UnsatisfiableOptionException.Option.HIDDEN_PROOFS,
                "the weights of this model can stay hidden for at most " + most + " proofs at " + options.securityBits() + " bits, not "
                        + hiding, most);
    }

    /** The shortest code that fits the hiding randomness, or null when none does. */
    private static LigeroParameters parameters(CommitOptions options, int logRowWidth, int hiding) {
        for (int logBlowup = 2; logBlowup <= 4; logBlowup++) {
            try {
                return LigeroParameters.forSecurity(options.securityBits(), logRowWidth, logBlowup, hiding, 0, options.hash());
            } catch (IllegalArgumentException e) {
                // not enough room for the hiding randomness: a longer code
            }
        }
        return null;
    }
}
