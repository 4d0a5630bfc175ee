package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.AccuracyProof;
import io.zkml4j.proof.AccuracyVerifier;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.VerifiedAccuracy;
import io.zkml4j.proof.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "verify-accuracy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks an accuracy proof against a model's verifying key and a dataset's public description, and prints",
                "the proven count as JSON. Exit code 0: valid (and at least --min-accuracy); 1: invalid or below it (the reason is",
                "printed); 2: usage or file error."})
final class VerifyAccuracyCommand implements Callable<Integer> {
    @Option(names = "--vk", required = true, paramLabel = "FILE", description = "the model's verifying key (model.vk)")
    Path vk;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the dataset's public description (data.dc)")
    Path data;

    @Option(names = "--proof", defaultValue = "accuracy.proof", paramLabel = "FILE", description = "the proof (default: ${DEFAULT-VALUE})")
    Path proof;

    @Option(names = "--min-accuracy", paramLabel = "FRACTION", description = "also require the proven accuracy to be at least this (0 to 1)")
    Double minAccuracy;

    @Option(names = "--min-security", defaultValue = "100", paramLabel = "BITS",
            description = "refuse keys and datasets whose parameters give fewer bits of soundness (default: ${DEFAULT-VALUE})")
    double minSecurity;

    @Override
    public Integer call() {
        if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new Main.UserError("--min-accuracy must be between 0 and 1, got " + minAccuracy);
        }
        if (!(minSecurity >= 0 && minSecurity <= 128)) {
            throw new Main.UserError("--min-security must be between 0 and 128 bits, got " + minSecurity);
        }
        VerifyingKey key = ModelFiles.verifyingKey(vk);
        DatasetCommitment dataset = Datasets.description(data);
        AccuracyProof p = ModelFiles.read(proof, AccuracyProof::read);
        try {
            long t0 = System.nanoTime();
            VerifiedAccuracy result = new AccuracyVerifier(key, minSecurity).verify(dataset, p);
            long nanos = System.nanoTime() - t0;
            System.out.println(result.toJson());
            if (minAccuracy != null && result.accuracy() < minAccuracy) {
                System.err.printf(Locale.ROOT, "INVALID: the proven accuracy %.4f is below the required %.4f%n", result.accuracy(), minAccuracy);
                return Main.INVALID;
            }
            System.err.printf(Locale.ROOT, "VALID: %d of %d rows correct (%.2f%%), verified in %s (%.1f bits of security)%n", result.correct(),
                    result.total(), 100 * result.accuracy(), Console.millis(nanos), result.securityBits());
            return Main.OK;
        } catch (InvalidProofException e) {
            System.err.println("INVALID: " + e.getMessage());
            return Main.INVALID;
        }
    }
}
