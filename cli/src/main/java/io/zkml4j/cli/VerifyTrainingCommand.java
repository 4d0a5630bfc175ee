package io.zkml4j.cli;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.VerifiedTraining;
import io.zkml4j.proof.VerifyingKey;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.ProvableRecipe;
import io.zkml4j.training.TrainingSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "verify-training", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a training proof: that the weights committed in the verifying key result from the recipe (its initial",
                "model, loss, optimiser, batch size, epochs and seed, in zkml4j's fixed-point format) on the committed dataset.",
                "Exit code 0: valid; 1: invalid (the reason is printed); 2: usage or file error."})
final class VerifyTrainingCommand implements Callable<Integer> {
    @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "the recipe (JSON)")
    Path recipe;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the training set's public description (data.dc)")
    Path data;

    @Option(names = "--vk", required = true, paramLabel = "FILE", description = "the trained model's verifying key (model.vk)")
    Path vk;

    @Option(names = "--proof", defaultValue = "training.proof", paramLabel = "FILE", description = "the proof (default: ${DEFAULT-VALUE})")
    Path proof;

    @Option(names = "--min-security", defaultValue = "100", paramLabel = "BITS",
            description = "refuse keys and datasets whose parameters give fewer bits of soundness (default: ${DEFAULT-VALUE})")
    double minSecurity;

    @Override
    public Integer call() {
        if (!(minSecurity >= 0 && minSecurity <= 128)) {
            throw new Main.UserError("--min-security must be between 0 and 128 bits, got " + minSecurity);
        }
        TrainingFiles.Loaded loaded = TrainingFiles.load(recipe);
        DatasetCommitment dataset = Datasets.description(data);
        VerifyingKey key = ModelFiles.verifyingKey(vk);
        TrainingProof p = ModelFiles.read(proof, TrainingProof::read);
        TrainingProver.Statement statement;
        try {
            statement = ProvableRecipe.statement(loaded.recipe(), loaded.initial(), dataset, FixedPointTrainer.Format.DEFAULT);
        } catch (TrainingSetupException e) {
            throw new Main.UserError(e.getMessage());
        }
        try {
            long t0 = System.nanoTime();
            VerifiedTraining v = TrainingVerifier.verify(statement, dataset, key, p, minSecurity);
            long nanos = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "{\"valid\": true, \"recipe\": \"%s\", \"dataset\": \"%s\", \"model\": \"%s\", \"steps\": %d, \"rows\": %d, "
                    + "\"security_bits\": %.1f}%n", v.recipeDigest(), v.datasetDigest(), v.modelDigest(), v.steps(), v.rows(), v.securityBits());
            System.err.printf(Locale.ROOT, "VALID: the model of %s was trained by %s (%d steps of batch %d, %d epochs, seed %d) on the committed "
                            + "dataset %s (%d rows); verified in %s (%.1f bits of security)%n", vk, recipe, v.steps(), statement.spec().batch(),
                    loaded.recipe().epochs(), loaded.recipe().seed(), dataset.digestHex().substring(0, 16), v.rows(), Console.millis(nanos),
                    v.securityBits());
            return Main.OK;
        } catch (InvalidProofException e) {
            System.err.println("INVALID: " + e.getMessage());
            return Main.INVALID;
        }
    }
}
