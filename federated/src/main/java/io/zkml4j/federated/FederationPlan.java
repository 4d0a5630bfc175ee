package io.zkml4j.federated;

import io.zkml4j.training.JsonFields;
import io.zkml4j.training.Recipe;
import io.zkml4j.training.TrainingSetupException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * A federation's plan, as the JSON its coordinator is started with:
 * <pre>{"model": "init.onnx", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
 *  "batch_size": 32, "local_epochs": 1, "rounds": 3, "min_updates": 2, "round_deadline_s": 600,
 *  "norm_bound": null, "validation": "val.csv", "label_column": "target"}</pre>
 * Paths are relative to the plan. Every participant's local training is {@link #localRecipe} run
 * from the round's global model; the plan's text is public and its digest binds every update.
 *
 * @param localRecipe    the recipe each participant runs each round (its epochs the plan's local_epochs)
 * @param rounds         rounds the federation runs
 * @param minUpdates     verified updates a round needs before its deadline to produce a new global model
 * @param deadlineSeconds how long a round waits for updates
 * @param normBound      the largest L2 norm of an update Δ = W' − W_r (in model units), or null for none
 * @param validation     a public labelled CSV the coordinator reports each global model's accuracy on, or null
 * @param labelColumn    the label column of the validation CSV
 * @param maxUpdateBytes the largest update body the coordinator accepts
 * @param digest         SHA-256 of the plan's text
 */
public record FederationPlan(Recipe localRecipe, int rounds, int minUpdates, int deadlineSeconds, Double normBound, Path validation,
                             String labelColumn, long maxUpdateBytes, String text, byte[] digest) {
    public static final int MAX_ROUNDS = 10_000;
    public static final long DEFAULT_MAX_UPDATE_BYTES = 64L << 20;

    private static final Set<String> FIELDS = Set.of("model", "loss", "optimizer", "batch_size", "local_epochs", "seed", "rounds", "min_updates",
            "round_deadline_s", "norm_bound", "validation", "label_column", "max_update_mb");

    public FederationPlan {
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public static FederationPlan read(Path file) throws TrainingSetupException {
        return parse(JsonFields.readFile(file), file.toAbsolutePath().getParent(), file.toString());
    }

    /** Parses plan JSON whose paths are relative to {@code base}; {@code source} names the text in messages. */
    public static FederationPlan parse(String text, Path base, String source) throws TrainingSetupException {
        Map<String, Object> o = JsonFields.object(JsonFields.parse(text, source), source, "the plan");
        JsonFields.known(o, FIELDS, source, "the plan");
        Recipe recipe = Recipe.fromFields(o, base, source, "local_epochs", 0L);
        int rounds = (int) JsonFields.integer(o, "rounds", source, 1, MAX_ROUNDS);
        int minUpdates = (int) JsonFields.integer(o, "min_updates", source, 1, 1 << 20);
        int deadline = (int) JsonFields.integer(o, "round_deadline_s", source, 1, 7 * 24 * 3600);
        Double norm = null;
        if (o.get("norm_bound") != null) {
            norm = JsonFields.number(o, "norm_bound", source, null);
            if (!(norm > 0) || norm.isInfinite()) {
                throw new TrainingSetupException(source + ": \"norm_bound\" must be a positive number or null, got " + norm);
            }
        }
        Path validation = null;
        if (o.get("validation") != null) {
            try {
                validation = base.resolve(JsonFields.string(o, "validation", source));
            } catch (java.nio.file.InvalidPathException e) {
                throw new TrainingSetupException(source + ": \"validation\" is not a valid file name: " + e.getMessage());
            }
        }
        String label = o.get("label_column") == null ? "target" : JsonFields.string(o, "label_column", source);
        long maxBytes = o.containsKey("max_update_mb") ? JsonFields.integer(o, "max_update_mb", source, 1, 4096) << 20 : DEFAULT_MAX_UPDATE_BYTES;
        return new FederationPlan(recipe, rounds, minUpdates, deadline, norm, validation, label, maxBytes, text, sha256(text));
    }

    private static byte[] sha256(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zkml4j/federation-plan/v1".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
