package io.zkml4j.cli;

import io.zkml4j.evm.verifier.VerifierContractWriter;
import io.zkml4j.proof.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-verifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a self-contained Solidity verifier for a verifying key in the EVM profile (zkml commit --evm): one file with "
                + "the contract (verify(bytes proof, uint256[] publicInputs) returns (bool); check(...) reverts with the reason) and the "
                + "libraries it links to.",
                "publicInputs: the quantised input values, then the output values, each a signed integer as a field element "
                        + "(x, or p + x when negative), as the proof file states them.",
                "Exit code 0: written; 2: usage or file error, or a key the EVM verifier does not cover yet (the reason is printed)."})
final class ExportVerifierCommand implements Callable<Integer> {
    @Option(names = "--vk", required = true, paramLabel = "FILE", description = "the verifying key (model.vk)")
    Path vk;

    @Option(names = "--out", paramLabel = "FILE", description = "the Solidity file to write (default: ModelVerifier.sol)")
    Path out;

    @Option(names = "--name", defaultValue = "ModelVerifier", paramLabel = "NAME",
            description = "the contract's name (default: ${DEFAULT-VALUE})")
    String name;

    @Override
    public Integer call() {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new Main.UserError("--name must be a Solidity identifier (letters, digits, _; not starting with a digit), got '" + name + "'");
        }
        Path file = out != null ? out : Path.of("ModelVerifier.sol");
        ModelFiles.checkWritable(file);
        VerifyingKey key = ModelFiles.verifyingKey(vk);
        String problem = VerifierContractWriter.problem(key);
        if (problem != null) {
            throw new Main.UserError(vk + ": " + problem);
        }
        String source;
        try {
            source = VerifierContractWriter.flattened(key, name);
        } catch (UnsupportedOperationException e) {
            throw new Main.UserError(vk + ": " + e.getMessage());
        }
        ModelFiles.write(file, () -> {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, source, StandardCharsets.UTF_8);
        });
        System.err.printf("wrote %s: contract %s for key %s (%,d bytes of Solidity)%n", file, name, key.digestHex().substring(0, 16),
                source.length());
        return Main.OK;
    }
}
