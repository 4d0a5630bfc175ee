package io.zkml4j.cli;

import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.quant.Quantization;
import io.zkml4j.model.quant.QuantizerOptions;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.UnsatisfiableOptionException;
import io.zkml4j.proof.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "commit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Quantises an ONNX model with calibration samples, reports float-vs-quantised agreement on them,",
                "and commits to its weights. Writes DIR/model.vk (public: architecture, quantisation, weight",
                "commitment; nothing secret) and DIR/model.pk (private proving key, holding the weights)."})
final class CommitCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "the ONNX model")
    Path model;

    @Option(names = "--calibration", required = true, paramLabel = "FILE",
            description = "sample inputs in EZKL-style JSON {\"input_data\": [[...]]}, one or several samples")
    Path calibration;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write model.pk and model.vk")
    Path out;

    @Option(names = "--security", defaultValue = "100", paramLabel = "BITS",
            description = "provable soundness of every proof, 80 to 128 (default: ${DEFAULT-VALUE})")
    int security;

    @Option(names = "--public-weights", description = "publish the weights in the verifying key instead of hiding them")
    boolean publicWeights;

    @Option(names = "--hash", description = "sha256, or keccak256 for EVM verifiers (default: sha256; keccak256 with --evm)")
    String hash;

    @Option(names = "--pcs", paramLabel = "OPENING",
            description = "how proofs open their commitments: ligero (fastest prover, proofs of about the square root of the "
                    + "witness) or basefold (folded: proofs of log-squared size, for on-chain verifiers) (default: ligero; basefold with --evm)")
    String pcs;

    @Option(names = "--evm", description = "the EVM profile: --pcs basefold --hash keccak256")
    boolean evm;

    @Option(names = "--headroom-bits", defaultValue = "2", paramLabel = "BITS",
            description = "range kept above the largest calibration value of each tensor, in bits (default: ${DEFAULT-VALUE})")
    int headroomBits;

    @Option(names = "--quiet", description = "no progress messages")
    boolean quiet;

    @Override
    public Integer call() {
        Console console = new Console(quiet);
        CommitOptions options = options();
        ModelFiles.checkWritable(out.resolve("model.pk"));
        QuantizerOptions quantizerOptions;
        try {
            quantizerOptions = new QuantizerOptions(headroomBits);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("--headroom-bits: " + e.getMessage());
        }
        console.stage("importing " + model);
        Graph graph = ModelFiles.onnx(model);
        List<float[]> samples = Inputs.samples(calibration, graph);
        console.stage("quantising with " + samples.size() + " calibration sample" + (samples.size() == 1 ? "" : "s"));
        Quantization q = ModelFiles.quantize(graph, samples, quantizerOptions);
        System.out.println(q.report().format());
        console.stage("committing to " + q.model().parameterCount() + " parameters");
        long t0 = System.nanoTime();
        ProvingKey pk;
        try {
            pk = ProvingKey.create(q.model(), q.postprocess(), options, console);
        } catch (UnsatisfiableOptionException e) {
            throw new Main.UserError("--security " + security + ": " + e.getMessage()
                    + (e.satisfiable() > 0 ? "; use --security " + e.satisfiable() + " or lower" : ""));
        } catch (io.zkml4j.proof.ModelTooLargeException e) {
            throw new Main.UserError(model + ": " + e.getMessage());
        }
        long commitNanos = System.nanoTime() - t0;
        VerifyingKey vk = pk.verifyingKey();
        Path pkFile = out.resolve("model.pk");
        Path vkFile = out.resolve("model.vk");
        ModelFiles.write(pkFile, () -> pk.write(pkFile));
        ModelFiles.write(vkFile, () -> vk.write(vkFile));
        System.out.printf(Locale.ROOT, "committed in %s: %d parameters, %s%n", Console.millis(commitNanos), q.model().parameterCount(),
                publicWeights ? "weights public" : "weights hidden for any number of proofs");
        System.out.printf(Locale.ROOT, "security:  %s%n", pk.security());
        System.out.printf(Locale.ROOT, "proofs:    %s openings, %s%n", options.opening().name().toLowerCase(Locale.ROOT), options.hash().name());
        System.out.printf(Locale.ROOT, "model id:  %s%n", vk.digestHex());
        System.out.printf(Locale.ROOT, "wrote %s (public) and %s (private, keep it safe)%n", vkFile, pkFile);
        return Main.OK;
    }

    private CommitOptions options() {
        if (evm && hash != null && !hash.equalsIgnoreCase("keccak256")) {
            throw new Main.UserError("--evm uses keccak256, the EVM's hash; drop --hash " + hash);
        }
        if (evm && pcs != null && !pcs.equalsIgnoreCase("basefold")) {
            throw new Main.UserError("--evm uses the basefold opening; drop --pcs " + pcs);
        }
        try {
            CommitOptions options = CommitOptions.DEFAULT.withSecurityBits(security).withHash(HashFunction.byName(hash == null ? "sha256" : hash))
                    .withPublicWeights(publicWeights).withOpening(CommitOptions.Opening.byName(pcs == null ? "ligero" : pcs));
            return evm ? options.forEvm() : options;
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
