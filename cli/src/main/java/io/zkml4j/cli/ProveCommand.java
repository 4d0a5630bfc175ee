package io.zkml4j.cli;

import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.format.FileFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "prove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the quantised model on the input(s), proves the result and writes the proof. Several samples",
                "in the input file are proven together in one proof (batch mode). Prints the output as JSON on",
                "standard output; progress and timings go to standard error."})
final class ProveCommand implements Callable<Integer> {
    @Option(names = "--pk", required = true, paramLabel = "FILE", description = "the proving key (model.pk from zkml commit)")
    Path pk;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "input(s) in EZKL-style JSON {\"input_data\": [[...]]}")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the proof (default: proof.bin)")
    Path out;

    @Option(names = "--private-input", description = "hide the input from the verifier (only the output is revealed); "
            + "the same as --input-visibility private")
    boolean privateInput;

    @Option(names = "--input-visibility", paramLabel = "public|private|hashed",
            description = "public (default), private (only the output is revealed), or hashed: private, and the proof states the "
                    + "input's commitment Poseidon2(salt ‖ input) so that several proofs can be shown to be about one input. "
                    + "For a model of several inputs, also per input: NAME=public|private,... (unnamed inputs stay public)")
    String inputVisibility;

    @Option(names = "--output-visibility", paramLabel = "public|hashed", defaultValue = "public",
            description = "public (default), or hashed: the proof states only Poseidon2(salt ‖ output); the outputs and their fresh salts "
                    + "are written to the proof's name plus .output-salt (keep it private: it opens the commitments). "
                    + "For a model of several outputs, also per output: NAME=public|hidden,... (unnamed outputs stay public)")
    String outputVisibility;

    @Option(names = "--input-salt", paramLabel = "FILE",
            description = "with --input-visibility hashed: the salts (one line of 4 field elements per input); created with fresh "
                    + "random salts when missing, reused when present, so the same input keeps the same commitment (keep it private)")
    Path inputSalt;

    @Option(names = "--connect", paramLabel = "HOST:PORT", description = "prove live to a verifier started with zkml verify --listen")
    String connect;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() {
        Console console = new Console(quiet);
        console.stage("reading " + pk);
        ProvingKey key = ModelFiles.provingKey(pk);
        QuantizedModel model = key.model();
        List<float[]> inputs = Inputs.samples(input, model);
        console.stage("re-creating the weight commitment from the proving key");
        Prover prover;
        try {
            prover = new Prover(key);
        } catch (FileFormatException e) {
            throw new Main.UserError(pk + ": " + e.getMessage());
        }
        List<long[]> quantized;
        try {
            quantized = prover.quantize(inputs);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(input + ": " + e.getMessage());
        }
        Visibility visibility = visibility();
        List<Boolean> shownInputs = PortVisibility.isPerPort(inputVisibility)
                ? PortVisibility.parse("--input-visibility", inputVisibility, model.inputPorts(), "public", "private")
                : java.util.Collections.nCopies(model.inputPorts().size(), visibility == Visibility.PUBLIC);
        boolean hashedOutput = hashedOutput();
        List<Boolean> shownOutputs = PortVisibility.isPerPort(outputVisibility)
                ? PortVisibility.parse("--output-visibility", outputVisibility, model.outputPorts(), "public", "hidden")
                : java.util.Collections.nCopies(model.outputPorts().size(), !hashedOutput);
        if (!hashedOutput && !shownOutputs.contains(true)) {
            throw new Main.UserError("--output-visibility: a proof shows at least one output, or hashes them");
        }
        List<long[]> salts = visibility == Visibility.HASHED ? SaltFiles.readOrCreate(saltFile(), quantized.size()) : null;
        long plainStart = System.nanoTime();
        for (long[] x : quantized) {
            QuantizedExecutor.run(model, x);
        }
        long plainNanos = System.nanoTime() - plainStart;
        try {
            if (connect != null) {
                if (visibility == Visibility.HASHED || hashedOutput) {
                    throw new Main.UserError("hashed visibility is for proof files; live proofs take public or private inputs and public outputs");
                }
                if (PortVisibility.isPerPort(inputVisibility) || PortVisibility.isPerPort(outputVisibility)) {
                    throw new Main.UserError("visibility port by port is for proof files; live proofs show all inputs or none, and all outputs");
                }
                return live(prover, quantized, console);
            }
            Path file = out != null ? out : Path.of("proof.bin");
            ModelFiles.checkWritable(file);
            long t0 = System.nanoTime();
            Prover.Proven proven;
            try {
                proven = prover.prove(quantized, shownInputs, salts, hashedOutput, shownOutputs, console);
            } catch (IllegalArgumentException e) {
                throw new Main.UserError(input + ": " + e.getMessage());
            }
            InferenceProof proof = proven.proof();
            long proveNanos = System.nanoTime() - t0;
            ModelFiles.write(file, () -> proof.write(file));
            if (hashedOutput) {
                Path saltFile = Path.of(file + ".output-salt");
                SaltFiles.writeOutputs(saltFile, proven.outputs(), proven.outputSalts());
            }
            System.out.println(Outputs.json(key.model(), key.postprocess(), proven.outputs(), proof.inputDigests(), proof.outputDigests()));
            System.err.printf(Locale.ROOT, "proved %d inference%s in %s (plain quantised inference %s); proof %s written to %s%n",
                    quantized.size(), quantized.size() == 1 ? "" : "s", Console.millis(proveNanos), Console.millis(plainNanos),
                    Console.bytes(proof.size()), file);
            System.err.printf(Locale.ROOT, "security %.1f bits; input %s; weights %s%n", key.security().bits(),
                    proof.shownInputs() != null ? "partly shown (" + inputVisibility + ")" : visibility.name().toLowerCase(java.util.Locale.ROOT),
                    key.weightsPublic() ? "public" : "hidden");
            return Main.OK;
        } catch (java.io.UncheckedIOException e) {
            throw new Main.UserError(e.getCause().getMessage());
        }
    }

    enum Visibility { PUBLIC, PRIVATE, HASHED }

    private Visibility visibility() {
        Visibility v = Visibility.PUBLIC;
        if (PortVisibility.isPerPort(inputVisibility)) {
            if (privateInput) {
                throw new Main.UserError("--private-input contradicts --input-visibility " + inputVisibility);
            }
            v = inputVisibility.toLowerCase(java.util.Locale.ROOT).replace(" ", "").contains("=private") ? Visibility.PRIVATE
                    : Visibility.PUBLIC;
        } else if (inputVisibility != null) {
            try {
                v = Visibility.valueOf(inputVisibility.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("--input-visibility must be public, private or hashed (or NAME=public|private,... for a model of "
                        + "several inputs), got '" + inputVisibility + "'");
            }
            if (privateInput && v != Visibility.PRIVATE) {
                throw new Main.UserError("--private-input contradicts --input-visibility " + inputVisibility);
            }
        } else if (privateInput) {
            v = Visibility.PRIVATE;
        }
        if (inputSalt != null && v != Visibility.HASHED) {
            throw new Main.UserError("--input-salt goes with --input-visibility hashed");
        }
        return v;
    }

    private boolean hashedOutput() {
        if (PortVisibility.isPerPort(outputVisibility)) {
            return false;
        }
        return switch (outputVisibility.toLowerCase(java.util.Locale.ROOT)) {
            case "public" -> false;
            case "hashed" -> true;
            default -> throw new Main.UserError("--output-visibility must be public or hashed (or NAME=public|hidden,... for a model of "
                    + "several outputs), got '" + outputVisibility + "'");
        };
    }

    private Path saltFile() {
        return inputSalt != null ? inputSalt : Path.of(input + ".salt");
    }

    private int live(Prover prover, List<long[]> inputs, Console console) {
        int colon = connect.lastIndexOf(':');
        if (colon < 1) {
            throw new Main.UserError("--connect expects HOST:PORT, got '" + connect + "'");
        }
        String host = connect.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(connect.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Main.UserError("--connect: '" + connect.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new Main.UserError("--connect: port " + port + " is outside 1..65535");
        }
        console.stage("connecting to the verifier at " + connect);
        try (Socket socket = new Socket(host, port); InteractiveLink link = InteractiveLink.over(socket)) {
            String verdict = prover.proveInteractive(inputs, visibility() == Visibility.PRIVATE, link, console);
            List<long[]> outputs = new ArrayList<>();
            for (long[] x : inputs) {
                outputs.add(QuantizedExecutor.run(prover.model(), x).value(prover.model().output()));
            }
            System.out.println(Outputs.json(prover.model(), prover.postprocess(), outputs));
            System.err.println("verifier: " + verdict);
            return verdict.equals("valid") ? Main.OK : Main.INVALID;
        } catch (IOException e) {
            throw new Main.UserError("live proof to " + connect + " failed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(input + ": " + e.getMessage());
        }
    }
}
