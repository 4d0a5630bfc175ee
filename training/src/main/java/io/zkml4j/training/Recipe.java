package io.zkml4j.training;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A training recipe, as the JSON a user writes:
 * <pre>{"model": "init.onnx", "loss": "cross_entropy",
 *  "optimizer": {"type": "sgd", "learning_rate": 0.1, "momentum": 0.0, "weight_decay": 0.0},
 *  "batch_size": 32, "epochs": 5, "seed": 99}</pre>
 * {@code model} is an ONNX file relative to the recipe (its graph the architecture, its
 * initializers the initial weights); momentum and weight decay default to 0. Every field is
 * public: the statement of a training proof names the whole recipe. Unknown fields are refused, so
 * a misspelt one is not silently ignored.
 */
public record Recipe(Path model, Loss loss, Optimizer optimizer, int batchSize, int epochs, long seed) {
    public static final int MAX_BATCH = 1 << 16;
    public static final int MAX_EPOCHS = 10_000;

    /** The loss whose gradient each step follows. */
    public enum Loss {
        /** Softmax cross-entropy on integer labels: the output gradient is softmax − one-hot. */
        CROSS_ENTROPY("cross_entropy"),
        /**
         * Half the squared error against the one-hot label, summed over the outputs and averaged
         * over the batch: the output gradient is output − one-hot. (PyTorch's MSELoss averages
         * over outputs too and has no ½: its gradient is 2/outputs times this one.)
         */
        MSE("mse");

        private final String json;

        Loss(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    /** Stochastic gradient descent: v ← momentum·v + (gradient + weight_decay·w); w ← w − learning_rate·v. */
    public record Optimizer(double learningRate, double momentum, double weightDecay) {}

    public static Recipe read(Path file) throws TrainingSetupException {
        return parse(JsonFields.readFile(file), file.toAbsolutePath().getParent(), file.toString());
    }

    /** Parses recipe JSON whose model path is relative to {@code base}; {@code source} names the text in messages. */
    public static Recipe parse(String json, Path base, String source) throws TrainingSetupException {
        Map<String, Object> o = JsonFields.object(JsonFields.parse(json, source), source, "the recipe");
        JsonFields.known(o, Set.of("model", "loss", "optimizer", "batch_size", "epochs", "seed"), source, "the recipe");
        return fromFields(o, base, source, "epochs", null);
    }

    /**
     * A recipe from the fields of a JSON object that may hold others (a federation's plan): its
     * epochs from {@code epochsField}, its seed from "seed" ({@code defaultSeed} when absent, or
     * required when that is null).
     */
    public static Recipe fromFields(Map<String, Object> o, Path base, String source, String epochsField, Long defaultSeed)
            throws TrainingSetupException {
        String model = JsonFields.string(o, "model", source);
        String lossName = JsonFields.string(o, "loss", source);
        Loss loss = null;
        for (Loss l : Loss.values()) {
            if (l.json().equals(lossName)) {
                loss = l;
            }
        }
        if (loss == null) {
            throw new TrainingSetupException(source + ": \"loss\" is \"" + lossName + "\"; supported are \"cross_entropy\" and \"mse\"");
        }
        Map<String, Object> opt = JsonFields.object(JsonFields.required(o, "optimizer", source), source, "\"optimizer\"");
        JsonFields.known(opt, Set.of("type", "learning_rate", "momentum", "weight_decay"), source, "\"optimizer\"");
        String type = JsonFields.string(opt, "type", source);
        if (!type.equals("sgd")) {
            throw new TrainingSetupException(source + ": optimizer \"" + type + "\" is not supported; the supported optimizer is \"sgd\"");
        }
        double lr = JsonFields.number(opt, "learning_rate", source, null);
        double momentum = JsonFields.number(opt, "momentum", source, 0.0);
        double decay = JsonFields.number(opt, "weight_decay", source, 0.0);
        if (!(lr > 0 && lr <= 10)) {
            throw new TrainingSetupException(source + ": \"learning_rate\" must be in (0, 10], got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new TrainingSetupException(source + ": \"momentum\" must be in [0, 1), got " + momentum);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new TrainingSetupException(source + ": \"weight_decay\" must be in [0, 1), got " + decay);
        }
        int batch = (int) JsonFields.integer(o, "batch_size", source, 1, MAX_BATCH);
        int epochs = (int) JsonFields.integer(o, epochsField, source, 1, MAX_EPOCHS);
        long seed = defaultSeed != null && !o.containsKey("seed") ? defaultSeed : JsonFields.integer(o, "seed", source, 0, (1L << 53) - 1);
        Path modelPath;
        try {
            modelPath = base.resolve(model);
        } catch (java.nio.file.InvalidPathException e) {
            throw new TrainingSetupException(source + ": \"model\" is not a valid file name: " + e.getMessage());
        }
        return new Recipe(modelPath, loss, new Optimizer(lr, momentum, decay), batch, epochs, seed);
    }
}
