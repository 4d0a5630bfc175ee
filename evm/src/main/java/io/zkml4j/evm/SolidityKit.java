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
            "Points.sol",
            "CircuitChecks.sol",
            "Words.sol",
            "OpeningClaims.sol",
            "Poseidon2Constants.sol",
            "Poseidon2.sol",
            "SpongeHashProof.sol",
            "SealedOpening.sol",
            "SealedEvaluationReduction.sol",
            "ClaimWords.sol",
            "IZkmlVerifier.sol");

    private SolidityKit() {}

    /** File name → source of every library. */
    public static Map<String, String> sources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FILES) {
            out.put(f, resource("solidity/" + f));
        }
        return out;
    }

    /** The registry of proven predictions (an example ledger, not part of a verifier), with the interface it calls. */
    public static Map<String, String> registry() {
        return Map.of("ModelRegistry.sol", resource("solidity/ModelRegistry.sol"));
    }

    /**
     * The registry with a driver that deploys it and the verifier contract named ModelVerifier (from
     * ModelVerifier.sol), registers the model, and submits predictions ({@code zkml demo evm}).
     */
    public static Map<String, String> registryDemo() {
        Map<String, String> out = new LinkedHashMap<>(registry());
        out.put("RegistryDemo.sol", resource("registry/RegistryDemo.sol"));
        return out;
    }

    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile(
            "import\\s*\\{[^}]*\\}\\s*from\\s*\"\\./([A-Za-z0-9_]+\\.sol)\"");

    /**
     * Further files (a verifier, a probe) with the kit's files they import, directly or through
     * others, and no more: solc compiles every file it is given, and the whole kit takes minutes.
     */
    public static Map<String, String> sourcesWith(Map<String, String> more) {
        Map<String, String> kit = sources();
        Map<String, String> out = new LinkedHashMap<>(more);
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(more.values());
        while (!todo.isEmpty()) {
            java.util.regex.Matcher m = IMPORT.matcher(todo.pop());
            while (m.find()) {
                String file = m.group(1);
                if (!out.containsKey(file) && kit.containsKey(file)) {
                    out.put(file, kit.get(file));
                    todo.push(kit.get(file));
                }
            }
        }
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
