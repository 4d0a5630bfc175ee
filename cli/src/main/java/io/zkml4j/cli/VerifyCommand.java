package io.zkml4j.cli;

import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.VerifiedInference;
import io.zkml4j.proof.Verifier;
import io.zkml4j.proof.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a proof against a model's verifying key and prints the proven output as JSON.",
                "Exit code 0: the proof is valid; 1: it is invalid (the reason is printed); 2: usage or file error."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--vk", required = true, paramLabel = "FILE", description = "the verifying key (model.vk)")
    Path vk;

    @Option(names = "--proof", paramLabel = "FILE", description = "the proof file (default: proof.bin)")
    Path proof;

    @Option(names = "--input", paramLabel = "FILE",
            description = "also check that the proof is about exactly this input (EZKL-style JSON; for a proof that shows some "
                    + "inputs and keeps the others private, the shown ones only)")
    Path input;

    @Option(names = "--input-digest", split = ",", paramLabel = "HEX",
            description = "require a proof about hashed inputs with these commitments (one per input, as zkml prove prints them)")
    List<String> inputDigests;

    @Option(names = "--min-security", defaultValue = "100", paramLabel = "BITS",
            description = "refuse keys whose proofs give fewer bits of soundness (default: ${DEFAULT-VALUE})")
    double minSecurity;

    @Option(names = "--listen", paramLabel = "PORT",
            description = "verify a live prover (zkml prove --connect) instead of a file, with fresh random challenges")
    Integer listen;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on with --listen (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() {
        Console console = new Console(quiet);
        if (!(minSecurity >= 0 && minSecurity <= 128)) { // no parameters exceed 128 bits: a higher demand refuses every proof
            throw new Main.UserError("--min-security must be between 0 and 128 bits, got " + minSecurity);
        }
        VerifyingKey key = ModelFiles.verifyingKey(vk);
        Verifier verifier = new Verifier(key, minSecurity);
        try {
            long t0 = System.nanoTime();
            VerifiedInference result;
            if (listen != null) {
                result = live(verifier, input == null ? null : Inputs.samples(input, key.architecture()), console);
            } else {
                Path file = proof != null ? proof : Path.of("proof.bin");
                InferenceProof p = ModelFiles.proof(file);
                List<float[]> expected = input == null ? null : Inputs.samples(input, key.architecture(), p.shownInputs());
                t0 = System.nanoTime();
                result = verifier.verify(p, expected);
            }
            long nanos = System.nanoTime() - t0;
            checkDigests(result);
            System.out.println(Outputs.json(key.architecture(), key.postprocess(), result.outputs(), result.shownOutputs(),
                    result.inputDigests(), result.outputDigests()));
            System.err.printf(Locale.ROOT, "VALID: %d inference%s of model %s verified in %s (%.1f bits of security; input %s)%n",
                    result.batch(), result.batch() == 1 ? "" : "s", key.digestHex().substring(0, 16), Console.millis(nanos),
                    result.securityBits(), result.inputDigests() != null ? "hashed" : result.inputs() == null ? "private"
                            : result.shownInputs() != null ? "partly shown" : "public");
            return Main.OK;
        } catch (InvalidProofException e) {
            System.err.println("INVALID: " + e.getMessage());
            return Main.INVALID;
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    /** With --input-digest, the proof must be about hashed inputs with exactly these commitments. */
    private void checkDigests(VerifiedInference result) throws InvalidProofException {
        if (inputDigests == null) {
            return;
        }
        List<long[]> expected = new java.util.ArrayList<>();
        for (String hex : inputDigests) {
            try {
                expected.add(io.zkml4j.proof.HashedValues.parseHex(hex.trim()));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("--input-digest: " + e.getMessage());
            }
        }
        InvalidProofException.check(result.inputDigests() != null, "the proof is not about hashed inputs");
        InvalidProofException.check(result.inputDigests().size() == expected.size(), "the proof is about %d inputs, %d digests were given",
                result.inputDigests().size(), expected.size());
        for (int b = 0; b < expected.size(); b++) {
            InvalidProofException.check(java.util.Arrays.equals(expected.get(b), result.inputDigests().get(b)),
                    "the proof is about another input: input %d's commitment differs from the one given", b);
        }
    }

    private VerifiedInference live(Verifier verifier, List<float[]> expected, Console console) throws InvalidProofException {
        try (ServerSocket server = new ServerSocket(listen, 1, InetAddress.getByName(bind))) {
            console.stage("waiting for a prover on " + bind + ":" + server.getLocalPort());
            try (Socket socket = server.accept(); InteractiveLink link = InteractiveLink.over(socket)) {
                console.stage("prover connected from " + socket.getRemoteSocketAddress());
                return verifier.verifyInteractive(link, expected);
            }
        } catch (IOException e) {
            throw new Main.UserError("live verification on port " + listen + " failed: " + e.getMessage());
        }
    }
}
