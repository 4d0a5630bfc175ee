package io.zkml4j.evm.verifier;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.InferenceProtocol;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a self-contained Solidity verifier for a verifying key: a contract with
 * {@code verify(bytes proof, uint256[] publicInputs) returns (bool)} and {@code check(...)}, which
 * reverts with the reason, doing what the Java {@link Verifier} does for a proof of one input whose
 * input and output are public: the statement's range, the transcript from the key's protocol, the
 * circuit's section ({@link SectionVerifierWriter}), the sealed opening of the weight commitment,
 * and the succinct opening of the proof's four one-time commitments.
 *
 * <p>{@code publicInputs} are the quantised input values, then the quantised output values, each a
 * signed integer as a field element (x, or p + x when negative): what {@code InferenceProof.inputs()}
 * and {@code outputs()} hold.
 */
public final class VerifierContractWriter {
    /** The proof's one-time commitments in the opening, as the Java verifier lists them: F, witness, inverses, G. */
    private static final int F = VectorRef.MODEL;
    private static final int G = 3;

    private final VerifyingKey key;
    private final Circuit circuit;
    private final String name;
    private final SolidityCode code = new SolidityCode();

    private VerifierContractWriter(VerifyingKey key, String name) {
        this.key = key;
        this.name = name;
        this.circuit = CircuitCompiler.compile(key.architecture(), 1, Circuit.Options.DEFAULT);
    }

    /**
     * The contract's sources (file name → source): the contract {@code name} and its section's libraries.
     * The kit ({@code SolidityKit.sources()}) completes them.
     */
    public static Map<String, String> sources(VerifyingKey key, String name) {
        String problem = problem(key);
        if (problem != null) {
            throw new UnsupportedOperationException(problem);
        }
        VerifierContractWriter w = new VerifierContractWriter(key, name);
        Map<String, String> out = new LinkedHashMap<>();
        out.putAll(SectionVerifierWriter.sources(name + "Section", w.circuit));
        out.put(name + ".sol", w.write());
        return out;
    }

    /**
     * The whole verifier in one self-contained file: the contract {@code name}, its section library
     * and the kit's libraries, each once, under one licence line and pragma. Libraries with public
     * functions are deployed on their own and linked, as any Solidity toolchain does for one file.
     */
    public static String flattened(VerifyingKey key, String name) {
        Map<String, String> generated = sources(key, name);
        Map<String, String> all = new LinkedHashMap<>(); // the kit first: a contract's bases must precede it in one file
        io.zkml4j.evm.SolidityKit.sourcesWith(generated).forEach((file, text) -> {
            if (!generated.containsKey(file)) {
                all.put(file, text);
            }
        });
        all.putAll(generated);
        StringBuilder out = new StringBuilder();
        out.append("// SPDX-License-Identifier: Apache-2.0\n");
        out.append("// The zkml4j verifier of verifying key ").append(key.digestHex()).append(" in one file: the contract ").append(name)
                .append(" and its section library, generated for the key (last), after the zkml4j Solidity kit's libraries they use.\n");
        out.append("pragma solidity ^0.8.30;\n");
        for (Map.Entry<String, String> file : all.entrySet()) {
            out.append("\n// ---- ").append(file.getKey()).append(" ----\n");
            for (String line : file.getValue().split("\n", -1)) {
                String t = line.strip();
                if (t.startsWith("// SPDX-License-Identifier") || t.startsWith("pragma solidity") || t.startsWith("import ")) {
                    continue;
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The {@code publicInputs} a written contract takes for a proof of one sample: the quantised input,
     * then the output, each a signed integer as a field element (x, or p + x when negative).
     */
    public static BigInteger[] publicInputs(long[] input, long[] output) {
        BigInteger[] out = new BigInteger[input.length + output.length];
        for (int i = 0; i < out.length; i++) {
            long x = i < input.length ? input[i] : output[i - input.length];
            out[i] = new BigInteger(Long.toUnsignedString(Goldilocks.fromSigned(x)));
        }
        return out;
    }

    /** Null when an EVM verifier can be written for this key, else why not. */
    public static String problem(VerifyingKey key) {
        LigeroParameters p = key.proofParameters();
        if (p.succinct() == null || !(p.hash() instanceof Keccak256) || !(key.commitment().parameters().hash() instanceof Keccak256)) {
            return "the key's proofs are not in the EVM profile (commit the model with `zkml commit --evm`)";
        }
        if (key.weightsPublic()) {
            return "the EVM verifier is written for hidden weights (a sealed commitment); this key publishes them";
        }
        if (key.architecture().inputPorts().size() != 1 || key.architecture().outputPorts().size() != 1) {
            return "the EVM verifier is written for models of one input and one output";
        }
        String tooLarge = io.zkml4j.proof.circuit.CircuitBounds.problem(key.architecture(), 1);
        if (tooLarge != null) { // Java refuses every proof of such a key
            return "the key is beyond what the verifier checks: " + tooLarge;
        }
        double bits = Math.min(key.securityBits(), p.security().bits());
        if (bits < Verifier.DEFAULT_MINIMUM_BITS) {
            return String.format("the key's parameters give %.1f bits, below the %.0f the verifier requires", bits, Verifier.DEFAULT_MINIMUM_BITS);
        }
        return null;
    }

    private String write() {
        LigeroParameters p = key.proofParameters();
        Commitment sealed = key.commitment();
        TensorPlan in = circuit.input();
        TensorPlan out = circuit.output();
        int inputs = in.layout().logicalSize();
        int outputs = out.layout().logicalSize();
        code.line("// SPDX-License-Identifier: Apache-2.0");
        code.line("// Generated by zkml4j (io.zkml4j.evm.verifier.VerifierContractWriter) for the verifying key %s; do not edit.", key.digestHex());
        code.line("pragma solidity ^0.8.30;");
        code.line("");
        for (String kit : new String[] {"FiatShamir", "Claims", "ClaimWords", "CircuitChecks", "Words", "SuccinctOpening", "OpeningClaims"}) {
            code.line("import {%s} from \"./%s.sol\";", kit, kit);
        }
        code.line("import {SealedOpening, SealedOpeningRun} from \"./SealedOpening.sol\";");
        code.line("import {IZkmlVerifier} from \"./IZkmlVerifier.sol\";");
        code.line("import {%sSection} from \"./%sSection.sol\";", name, name);
        code.line("");
        code.line("/// Verifies zkml4j inference proofs of the model committed in key %s: one input of %d values", key.digestHex(), inputs);
        code.line("/// and its output of %d values, both public. publicInputs: the quantised input, then the output, each a", outputs);
        code.line("/// signed integer as a field element (x, or p + x when negative).");
        code.open("contract %s is IZkmlVerifier {", name);
        code.line("bytes internal constant PROTOCOL = hex\"%s\";", hex(InferenceProtocol.domainSeparator(sealed, p).getBytes(StandardCharsets.UTF_8)));
        code.line("bytes internal constant MODEL_DIGEST = hex\"%s\";", hex(key.digest()));
        code.line("");
        code.line("/// The digest of the verifying key this contract was written for.");
        code.open("function keyDigest() external pure returns (bytes32) {");
        code.line("return bytes32(MODEL_DIGEST);");
        code.close();
        code.line("");
        code.line("/// True when the proof is valid for these public values (a failed check is false, never a revert).");
        code.open("function verify(bytes calldata proof, uint256[] calldata publicInputs) external view returns (bool) {");
        code.open("try this.check(proof, publicInputs) {");
        code.line("return true;");
        code.middle("} catch {");
        code.line("return false;");
        code.close();
        code.close();
        code.line("");
        code.line("/// Reverts with the reason unless the proof is valid for these public values.");
        code.open("function check(bytes calldata proof, uint256[] calldata publicInputs) external view {");
        code.line("run(proof, publicInputs);");
        code.close();
        code.line("");
        code.line("/// The gas of each part of a valid proof's check: the circuit (statement, sumcheck, lookups), the weight");
        code.line("/// commitment's sealed opening, and the opening of the proof's commitments.");
        code.open("function gasByPart(bytes calldata proof, uint256[] calldata publicInputs) external view returns (uint256[3] memory) {");
        code.line("return run(proof, publicInputs);");
        code.close();
        code.line("");
        code.open("function run(bytes calldata proof, uint256[] calldata publicInputs) private view returns (uint256[3] memory parts) {");
        code.line("uint256 g = gasleft();");
        code.line("require(publicInputs.length == %d, \"statement: %d input and %d output values\");", inputs + outputs, inputs, outputs);
        code.line("FiatShamir.Verifier memory v = FiatShamir.start(proof, PROTOCOL);");
        code.line("bytes32[4] memory roots;");
        code.line("uint256[] memory sectionClaims;");
        code.open("{");
        code.line("uint256[] memory input = %s;", placement(in, 0));
        code.line("uint256[] memory output = %s;", placement(out, inputs));
        code.line("FiatShamir.Verifier memory after_;");
        code.line("bytes32 witnessRoot;");
        code.line("bytes32 inversesRoot;");
        code.line("(after_, sectionClaims, witnessRoot, inversesRoot) =");
        code.line("    %sSection.verify(v, proof, MODEL_DIGEST, input, output);", name);
        code.line("roots[%d] = witnessRoot;", VectorRef.WITNESS);
        code.line("roots[%d] = inversesRoot;", VectorRef.INVERSES);
        code.line("(v.state, v.position) = (after_.state, after_.position);");
        code.close();
        code.line("(parts[0], g) = (g - gasleft(), gasleft());");
        code.line("SealedOpening.Sealed memory key = sealedKey();");
        // The claims cross both library calls as ClaimWords, never decoded here: the opening's claims
        // share long weight vectors, which this frame's memory would otherwise hold several times.
        code.line("(FiatShamir.Verifier memory afterSealed, uint256[] memory openedClaims, SealedOpening.Result memory fresh) =");
        code.line("    SealedOpeningRun.run(v, proof, key, sectionClaims, SealedOpening.Numbers(%d, %d, %d, %d));",
                VectorRef.MODEL, p.logRowWidth(), F, G);
        code.line("(v.state, v.position) = (afterSealed.state, afterSealed.position);");
        code.line("(parts[1], g) = (g - gasleft(), gasleft());");
        code.line("uint256[][] memory numVars = new uint256[][](4);");
        code.line("numVars[%d] = fresh.fNumVars;", F);
        code.line("numVars[%d] = %s;", VectorRef.WITNESS,
                SolidityCode.words(circuit.witnessVectors().stream().mapToLong(s -> s.ref().numVars()).toArray()));
        code.line("numVars[%d] = %s;", VectorRef.INVERSES,
                SolidityCode.words(circuit.inverseVectors().stream().mapToLong(s -> s.ref().numVars()).toArray()));
        code.line("numVars[%d] = fresh.gNumVars;", G);
        code.line("(roots[%d], roots[%d]) = (fresh.fRoot, fresh.gRoot);", F, G);
        code.line("bytes32[] memory rootList = new bytes32[](4);");
        code.open("for (uint256 m = 0; m < 4; m++) {");
        code.line("rootList[m] = roots[m];");
        code.close();
        code.line("FiatShamir.Verifier memory afterOpening = OpeningClaims.open(v, proof, SuccinctOpening.Params(%d, %d, %d, %d, %d), "
                + "COMMITMENT_PREFIX,", p.logRowWidth(), p.logCodeLength(), p.succinct().logArity(), p.succinct().queries(),
                p.succinct().grindingBits());
        code.line("    rootList, numVars, openedClaims);");
        code.line("(v.state, v.position) = (afterOpening.state, afterOpening.position);");
        code.line("FiatShamir.finish(v, proof);");
        code.line("parts[2] = g - gasleft();");
        code.close();
        code.line("");
        code.line("bytes internal constant COMMITMENT_PREFIX = hex\"%s\";", hex(commitmentPrefix(p)));
        code.line("");
        code.open("function sealedKey() private pure returns (SealedOpening.Sealed memory key) {");
        code.line("key.root = 0x%s;", hex(sealed.root()));
        code.line("key.logRowWidth = %d;", sealed.parameters().logRowWidth());
        code.line("key.logCodeLength = %d;", sealed.parameters().logCodeLength());
        code.line("key.queries = %d;", sealed.parameters().queries());
        long[] numVars = new long[sealed.polynomials()], rowStart = new long[sealed.polynomials()], stored = new long[sealed.polynomials()];
        for (int i = 0; i < numVars.length; i++) {
            numVars[i] = sealed.numVars(i);
            rowStart[i] = sealed.rowStart(i);
            stored[i] = sealed.storedRows(i);
        }
        code.line("key.numVars = %s;", SolidityCode.words(numVars));
        code.line("key.rowStart = %s;", SolidityCode.words(rowStart));
        code.line("key.storedRows = %s;", SolidityCode.words(stored));
        code.line("key.rows = %d;", sealed.rows());
        code.line("key.trimmed = %s;", sealed.trimmed());
        code.close();
        code.close();
        return code.toString();
    }

    /** CircuitChecks.place for a public tensor of one sample, from publicInputs at {@code from}. */
    private String placement(TensorPlan tensor, int from) {
        int n = tensor.layout().logicalSize();
        long[] sample = new long[n];
        for (int i = 0; i < n; i++) {
            sample[i] = i + 1; // distinct marks: where each lands is its proof index
        }
        long[] placed = tensor.layout().place(new long[][] {sample}, 0);
        int batchPadded = tensor.layout().batchPadded();
        int sampleSize = placed.length / batchPadded;
        long[] proofIndex = new long[n];
        int found = 0;
        for (int pos = 0; pos < sampleSize; pos++) {
            if (placed[pos] != 0) {
                proofIndex[(int) placed[pos] - 1] = pos;
                found++;
            }
        }
        if (found != n) { // a layout that sends two values to one position (or drops one) is not a placement the contract can do
            throw new UnsupportedOperationException("the EVM verifier places each value of '" + tensor.name() + "' at a position of its own");
        }
        return String.format("CircuitChecks.place(publicInputs, %d, %s, %d, 1, %d, %s, %d)", from, SolidityCode.words(proofIndex), sampleSize,
                batchPadded, SolidityCode.signed(tensor.padValue()), Activation.BITS);
    }

    /** A packed commitment's encoding up to its root (magic, version, parameters): the same for the four. */
    private static byte[] commitmentPrefix(LigeroParameters p) {
        byte[] e = new Commitment(p, new byte[32], new int[] {0}).encode();
        return Arrays.copyOf(e, e.length - 32 - 4 - 1);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
