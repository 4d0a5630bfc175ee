package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.evm.Abi;
import io.zkml4j.evm.EvmException;
import io.zkml4j.evm.EvmToolchain;
import io.zkml4j.evm.EvmUnavailableException;
import io.zkml4j.evm.LocalChain;
import io.zkml4j.evm.SolidityKit;
import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.proof.Zkml;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * On-chain verification end to end on the bundled Fashion-MNIST MLP: the owner commits it in the
 * EVM profile and exports its Solidity verifier; a prover proves a prediction; on a local chain the
 * registry is deployed with the verifier, the model registered, the proven prediction submitted and
 * recorded, and the same proof stated for another output refused.
 */
final class EvmDemo {
    private EvmDemo() {}

    static int run(Path examples, Console console) throws Exception {
        LocalChain chain;
        try {
            chain = new LocalChain(EvmToolchain.locate());
        } catch (EvmUnavailableException e) {
            throw new Main.UserError("the EVM demo needs the local chain: " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "zkml4j demo: a prediction of the Fashion-MNIST MLP verified on a local EVM (%s)%n%n", examples);
        console.stage("owner: quantising the model and committing to its weights in the EVM profile (Keccak-256, folded openings)");
        long t0 = System.nanoTime();
        ProvingKey pk = ProvingKey.create(Zkml.quantize(examples.resolve("mlp.onnx"), examples.resolve("calibration.json")),
                CommitOptions.DEFAULT.forEvm());
        long commitNanos = System.nanoTime() - t0;
        VerifyingKey vk = pk.verifyingKey();
        Path dir = Files.createTempDirectory("zkml4j-evm-demo");
        String source = VerifierContractWriter.flattened(vk, "ModelVerifier");
        Path sol = dir.resolve("ModelVerifier.sol");
        Files.writeString(sol, source, StandardCharsets.UTF_8);

        console.stage("prover: proving a prediction");
        Prover prover = new Prover(pk);
        long t1 = System.nanoTime();
        InferenceProof proof = prover.prove(Zkml.readInputs(examples.resolve("input.json"), prover.model()));
        long proveNanos = System.nanoTime() - t1;
        long t2 = System.nanoTime();
        try {
            new Verifier(vk).verify(proof);
        } catch (InvalidProofException e) {
            System.err.println("INVALID (Java): " + e.getMessage());
            return Main.INVALID;
        }
        long javaNanos = System.nanoTime() - t2;

        console.stage("chain: compiling the verifier and the registry with solc-js, deploying them, registering the model, then checking "
                + "and submitting the proof (minutes: a whole check is a third of a billion gas)");
        BigInteger[] statement = VerifierContractWriter.publicInputs(proof.inputs().get(0), proof.outputs().get(0));
        long[] otherOutput = proof.outputs().get(0).clone();
        otherOutput[0] += 1;
        // The same contract as the file written above, from its separate sources: the registry and the
        // verifier then share one declaration of the interface between them.
        Map<String, String> sources = new LinkedHashMap<>(SolidityKit.registryDemo());
        sources.putAll(VerifierContractWriter.sources(vk, "ModelVerifier"));
        LocalChain.Run run;
        try {
            run = chain.run(SolidityKit.sourcesWith(sources), "RegistryDemo.sol:RegistryDemo", List.of(
                    Abi.call("gasByPart(bytes,uint256[])", proof.transcript(), statement),
                    Abi.call("submit(bytes,uint256[])", proof.transcript(), statement),
                    Abi.call("submit(bytes,uint256[])", proof.transcript(), VerifierContractWriter.publicInputs(proof.inputs().get(0), otherOutput)),
                    Abi.call("recorded()")));
        } catch (EvmException e) {
            throw new Main.UserError("the local EVM failed: " + e.getMessage());
        }
        LocalChain.Call parts = run.calls().get(0);
        LocalChain.Call recorded = run.calls().get(1);
        LocalChain.Call refused = run.calls().get(2);
        if (!parts.success() || !recorded.success()) {
            System.err.println("INVALID on-chain: " + (parts.success() ? recorded : parts).revertReason());
            return Main.INVALID;
        }
        long[] gas = new long[3];
        for (int i = 0; i < 3; i++) {
            gas[i] = new BigInteger(1, Arrays.copyOfRange(parts.returnData(), 32 * i, 32 * i + 32)).longValueExact();
        }
        long count = new BigInteger(1, run.calls().get(3).returnData()).longValueExact();

        System.out.println();
        System.out.println("  step                                   result");
        System.out.printf(Locale.ROOT, "  owner: commit (EVM profile)            %s, key %s%n", Console.millis(commitNanos), vk.digestHex().substring(0, 16));
        System.out.printf(Locale.ROOT, "  owner: export-verifier                 %s (%s of Solidity)%n", sol, Console.bytes(source.length()));
        System.out.printf(Locale.ROOT, "  prover: prove                          %s, proof %s, class %d%n", Console.millis(proveNanos),
                Console.bytes(proof.transcript().length), argmax(proof.outputs().get(0)));
        System.out.printf(Locale.ROOT, "  anyone: verify in Java                 %s%n", Console.millis(javaNanos));
        System.out.printf(Locale.ROOT, "  chain: compile (solc-js)               %.1f s%n", run.compileMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  chain: check                           VALID, %,d gas: calldata %,d, circuit %,d, sealed opening %,d, opening %,d%n",
                parts.gasUsed(), parts.calldataGas(), gas[0], gas[1], gas[2]);
        System.out.printf(Locale.ROOT, "  chain: registry submit                 recorded as prediction %d of the model (%,d gas)%n",
                new BigInteger(1, recorded.returnData()).longValueExact(), recorded.gasUsed());
        System.out.printf(Locale.ROOT, "  chain: the proof for another output    %s (%,d gas)%n", refused.success() ? "RECORDED (wrong!)"
                : "refused: " + refused.revertReason(), refused.gasUsed());
        System.out.printf(Locale.ROOT, "  chain: predictions recorded            %d%n", count);
        System.out.println();
        System.out.printf(Locale.ROOT, "  (The proof's two openings are %.0f%% of the check's gas: what the succinct commitment still to come%n",
                100.0 * (gas[1] + gas[2]) / parts.gasUsed());
        System.out.println("  replaces; see the README's section on verifying on the EVM.)");
        return refused.success() || count != 1 ? Main.INVALID : Main.OK;
    }

    private static int argmax(long[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
