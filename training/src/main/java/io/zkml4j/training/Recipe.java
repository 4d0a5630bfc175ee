package io.zkml4j.training;

import io.zkml4j.model.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TrainingSetupException(file + ": no such file");
        } catch (IOException e) {
            throw new TrainingSetupException(file + ": cannot be read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, file.toString());
    }

    /** Parses recipe JSON whose model path is relative to {@code base}; {@code source} names the text in messages. */
    public static Recipe parse(String json, Path base, String source) throws TrainingSetupException {
        Object root;
        try {
            root = Json.parse(json, source);
        } catch (IOException e) {
            throw new TrainingSetupException(e.getMessage());
        }
        Map<String, Object> o = object(root, source, "the recipe");
        known(o, Set.of("model", "loss", "optimizer", "batch_size", "epochs", "seed"), source, "the recipe");
        String model = string(o, "model", source);
        String lossName = string(o, "loss", source);
        Loss loss = null;
        for (Loss l : Loss.values()) {
            if (l.json().equals(lossName)) {
                loss = l;
            }
        }
        if (loss == null) {
            throw new TrainingSetupException(source + ": \"loss\" is \"" + lossName + "\"; supported are \"cross_entropy\" and \"mse\"");
        }
        Map<String, Object> opt = object(required(o, "optimizer", source), source, "\"optimizer\"");
        known(opt, Set.of("type", "learning_rate", "momentum", "weight_decay"), source, "\"optimizer\"");
        String type = string(opt, "type", source);
        if (!type.equals("sgd")) {
            throw new TrainingSetupException(source + ": optimizer \"" + type + "\" is not supported; the supported optimizer is \"sgd\"");
        }
        double lr = number(opt, "learning_rate", source, null);
        double momentum = number(opt, "momentum", source, 0.0);
        double decay = number(opt, "weight_decay", source, 0.0);
        if (!(lr > 0 && lr <= 10)) {
            throw new TrainingSetupException(source + ": \"learning_rate\" must be in (0, 10], got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new TrainingSetupException(source + ": \"momentum\" must be in [0, 1), got " + momentum);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new TrainingSetupException(source + ": \"weight_decay\" must be in [0, 1), got " + decay);
        }
        int batch = (int) integer(o, "batch_size", source, 1, MAX_BATCH);
        int epochs = (int) integer(o, "epochs", source, 1, MAX_EPOCHS);
        long seed = integer(o, "seed", source, 0, (1L << 53) - 1);
        Path modelPath;
        try {
            modelPath = base.resolve(model);
        } catch (java.nio.file.InvalidPathException e) {
            throw new TrainingSetupException(source + ": \"model\" is not a valid file name: " + e.getMessage());
        }
        return new Recipe(modelPath, loss, new Optimizer(lr, momentum, decay), batch, epochs, seed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String source, String what) throws TrainingSetupException {
        if (!(v instanceof Map<?, ?> m)) {
            throw new TrainingSetupException(source + ": " + what + " must be a JSON object");
        }
        return (Map<String, Object>) m;
    }

    private static void known(Map<String, Object> o, Set<String> fields, String source, String what) throws TrainingSetupException {
        for (String k : o.keySet()) {
            if (!fields.contains(k)) {
                throw new TrainingSetupException(source + ": " + what + " has an unknown field \"" + k + "\"; known are "
                        + List.copyOf(new java.util.TreeSet<>(fields)));
            }
        }
    }

    private static Object required(Map<String, Object> o, String key, String source) throws TrainingSetupException {
        Object v = o.get(key);
        if (v == null) {
            throw new TrainingSetupException(source + ": \"" + key + "\" is " + (o.containsKey(key) ? "null" : "missing"));
        }
        return v;
    }

    private static String string(Map<String, Object> o, String key, String source) throws TrainingSetupException {
        if (!(required(o, key, source) instanceof String s) || s.isEmpty()) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be a non-empty string");
        }
        return s;
    }

    private static double number(Map<String, Object> o, String key, String source, Double defaultValue) throws TrainingSetupException {
        if (!o.containsKey(key) && defaultValue != null) {
            return defaultValue;
        }
        if (!(required(o, key, source) instanceof Double d)) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be a number");
        }
        return d;
    }

    private static long integer(Map<String, Object> o, String key, String source, long min, long max) throws TrainingSetupException {
        double d = number(o, key, source, null);
        if (d != Math.rint(d) || d < min || d > max) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be an integer from " + min + " to " + max + ", got " + d);
        }
        return (long) d;
    }
}
