package io.zkml4j.evm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Solidity libraries a generated verifier imports: {@code Goldilocks.sol} (the field and its
 * quadratic extension), {@code FiatShamir.sol} (the Keccak transcript, byte for byte as the Java
 * one), {@code Sumcheck.sol}, {@code Merkle.sol} (Keccak multi-path openings) {@code Basefold.sol} (the succinct commitment's openings), {@code Claims.sol} (the claims a verifier collects) and {@code LookupTrees.sol} (the lookups' fraction trees). They ship in this jar, so a verifier can be written anywhere.
 */
public final class SolidityKit {
    public static final List<String> FILES = List.of(
            "Goldilocks.sol",
            "FiatShamir.sol",
            "Sumcheck.sol",
            "Merkle.sol",
            "FoldedEvaluation.sol",
            "Basefold.sol",
            "SuccinctOpening.sol",
            "Claims.sol",
            "LookupTrees.sol",
            "CircuitChecks.sol",
            "Words.sol",
            "OpeningClaims.sol",
            "Poseidon2Constants.sol",
            "Poseidon2.sol",
            "SpongeHashProof.sol",
            "SealedOpening.sol",
            "SealedEvaluationReduction.sol",
            "ClaimWords.sol");

    private SolidityKit() {}

    /** File name → source of every library. */
    public static Map<String, String> sources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FILES) {
            out.put(f, resource("solidity/" + f));
        }
        return out;
    }

    /** The libraries plus further files (a verifier, a probe). */
    public static Map<String, String> sourcesWith(Map<String, String> more) {
        Map<String, String> out = sources();
        out.putAll(more);
        return out;
    }

    static String resource(String name) {
        try (InputStream in = SolidityKit.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + SolidityKit.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
