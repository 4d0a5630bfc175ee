package io.zkml4j.cli;

import io.zkml4j.evm.Abi;
import io.zkml4j.evm.EvmException;
import io.zkml4j.evm.EvmToolchain;
import io.zkml4j.evm.EvmUnavailableException;
import io.zkml4j.evm.LocalChain;
import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify-evm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a proof with the key's Solidity verifier (zkml export-verifier) on a local EVM: compiles it with solc-js, "
                + "deploys it to @ethereumjs/vm (node modules from tools/evm-setup.sh), calls it and prints the gas as JSON.",
                "Exit code 0: VALID; 1: INVALID (the contract's reason is printed); 2: usage or file error, no local EVM, or a key "
                        + "the EVM verifier does not cover yet."})
final class VerifyEvmCommand implements Callable<Integer> {
    @Option(names = "--vk", required = true, paramLabel = "FILE", description = "the verifying key (model.vk), committed with zkml commit --evm")
    Path vk;

    @Option(names = "--proof", paramLabel = "FILE", description = "the proof file (default: proof.bin)")
    Path proof;

    @Option(names = "--input", paramLabel = "FILE",
            description = "state this input (EZKL-style JSON) to the contract instead of the proof file's: a proof about another input fails")
    Path input;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() {
        Console console = new Console(quiet);
        VerifyingKey key = ModelFiles.verifyingKey(vk);
        String problem = VerifierContractWriter.problem(key);
        if (problem != null) {
            throw new Main.UserError(vk + ": " + problem);
        }
        Path file = proof != null ? proof : Path.of("proof.bin");
        InferenceProof p = ModelFiles.proof(file);
        if (p.batch() != 1 || p.inputs() == null || p.outputs() == null || p.hashedInput() || p.hashedOutput() || p.shownInputs() != null
                || p.shownOutputs() != null) {
            throw new Main.UserError(file + ": the EVM verifier checks proofs of one input whose input and output are public");
        }
        List<long[]> inputs = p.inputs();
        if (input != null) {
            try {
                inputs = List.of(key.architecture().quantizeInput(Inputs.samples(input, key.architecture()).get(0)));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError(input + ": " + e.getMessage());
            }
        }
        boolean otherInput = !Arrays.equals(inputs.get(0), p.inputs().get(0));
        LocalChain chain;
        try {
            chain = new LocalChain(EvmToolchain.locate());
        } catch (EvmUnavailableException e) {
            throw new Main.UserError("no local EVM: " + e.getMessage());
        }
        String source;
        try {
            source = VerifierContractWriter.flattened(key, "ModelVerifier");
        } catch (UnsupportedOperationException e) {
            throw new Main.UserError(vk + ": " + e.getMessage());
        }
        console.stage("compiling the verifier with solc-js and deploying it to a local EVM, then checking the proof "
                + "(minutes the first time: a whole check is hundreds of millions of gas, half a billion for the bundled CNN)");
        LocalChain.Run run;
        try {
            run = chain.run(Map.of("ModelVerifier.sol", source), "ModelVerifier.sol:ModelVerifier",
                    List.of(Abi.call("gasByPart(bytes,uint256[])", p.transcript(), VerifierContractWriter.publicInputs(inputs.get(0), p.outputs().get(0)))));
        } catch (EvmException e) {
            throw new Main.UserError("the local EVM failed: " + e.getMessage());
        }
        LocalChain.Call c = run.calls().get(0);
        String gas = String.format(Locale.ROOT, "\"gas_used\": %d, \"calldata_gas\": %d, \"execution_gas\": %d", c.gasUsed(), c.calldataGas(),
                c.executionGas());
        if (!c.success()) {
            System.out.println("{\"valid\": false, " + gas + ", \"reason\": \"" + c.revertReason().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"}");
            // The contract sees only that its checks fail; say why when the cause is known here.
            System.err.println("INVALID: " + c.revertReason() + (otherInput ? " (the proof is about another input than the one given)" : ""));
            return Main.INVALID;
        }
        long[] parts = new long[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = new BigInteger(1, Arrays.copyOfRange(c.returnData(), 32 * i, 32 * i + 32)).longValueExact();
        }
        System.out.printf(Locale.ROOT, "{\"valid\": true, %s, \"gas_by_part\": {\"circuit\": %d, \"sealed_opening\": %d, \"opening\": %d}, "
                + "\"proof_bytes\": %d, \"contract_bytes\": %d}%n", gas, parts[0], parts[1], parts[2], p.transcript().length, run.bytecodeBytes());
        System.err.printf(Locale.ROOT, "VALID on the local EVM: %,d gas (calldata %,d); the contract is %,d bytes, compiled in %.1f s%n",
                c.gasUsed(), c.calldataGas(), run.bytecodeBytes(), run.compileMillis() / 1000.0);
        return Main.OK;
    }
}
