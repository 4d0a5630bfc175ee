package io.zkml4j.training;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.format.FileFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code zkml train} does: trains the recipe in float (the reference) and in the proof's
 * fixed point on a committed dataset, in the batch order the proof's statement fixes, measures both
 * on the training rows and on an optional test set, and proves the fixed-point training.
 */
public final class TrainingJob {
    private TrainingJob() {}

    /** Accuracy of the fixed-point and the float model on some rows. */
    public record Accuracy(double fixedPoint, double floatingPoint, int rows) {}

    /**
     * The outcome: the statement, the proof (null when not proven), the plain fixed-point trainer
     * (the trained network), losses per epoch, accuracies, and the seconds of each part.
     */
    public record Outcome(TrainingProver.Statement statement, TrainingProver.Result proven, FixedPointTrainer trained, List<Double> fixedLoss,
                          List<Double> floatLoss, Accuracy train, Accuracy test, double plainSeconds, double floatSeconds) {}

    public static Outcome run(Recipe recipe, DenseNetwork initial, DatasetKey train, DatasetKey test, FixedPointTrainer.Format format, boolean prove,
                              Progress progress) throws TrainingSetupException, FileFormatException {
        return run(recipe, initial, train, test, format, prove, TrainingProver.Chunking.DEFAULT, progress);
    }

    /** With the proof's chunks chosen ({@link TrainingProver.Chunking}: how many steps a chunk, how many chunks proven at once). */
    public static Outcome run(Recipe recipe, DenseNetwork initial, DatasetKey train, DatasetKey test, FixedPointTrainer.Format format, boolean prove,
                              TrainingProver.Chunking chunking, Progress progress) throws TrainingSetupException, FileFormatException {
        if (test != null && test.description().features() != train.description().features()) {
            throw new TrainingSetupException("the test set has " + test.description().features() + " features a row, the training set "
                    + train.description().features());
        }
        TrainingProver.Statement statement = prove ? ProvableRecipe.statement(recipe, initial, train.description(), format) : null;
        InputRescale rescale = InputRescale.of(Math.scalb(1.0, -format.activationFraction()), train.description().fractionBits());
        BatchOrder order = ProvableRecipe.batchOrder(recipe, initial, train.description(), format);

        progress.stage("training in fixed point (plain, the proof's arithmetic) and in float (the reference)");
        long start = System.nanoTime();
        FixedPointTrainer fixed = new FixedPointTrainer(initial, recipe, activations(train, rescale), train.labels(), format);
        List<Double> fixedLoss = Training.run(recipe, order, fixed, Training.StepListener.NONE);
        double plainSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        FloatTrainer floating = new FloatTrainer(initial, recipe, dequantised(train));
        List<Double> floatLoss = Training.run(recipe, order, floating, Training.StepListener.NONE);
        double floatSeconds = (System.nanoTime() - start) / 1e9;
        Accuracy trainAccuracy = accuracy(fixed, floating, train, rescale);
        Accuracy testAccuracy = test == null ? null
                : accuracy(fixed, floating, test, InputRescale.of(Math.scalb(1.0, -format.activationFraction()), test.description().fractionBits()));

        TrainingProver.Result proven = null;
        if (prove) {
            proven = TrainingProver.prove(statement, train, CommitOptions.DEFAULT, progress, chunking);
            for (int l = 0; l < initial.layers().size(); l++) { // the proof's weights are the plain trainer's, bit for bit
                long[] plain = Arrays.stream(fixed.weights(l)).flatMapToLong(Arrays::stream).toArray();
                if (!Arrays.equals(plain, proven.weights()[l]) || !Arrays.equals(fixed.biases(l), proven.biases()[l])) {
                    throw new IllegalStateException("layer " + l + ": the proven weights differ from the plain fixed-point trainer's");
                }
            }
        }
        return new Outcome(statement, proven, fixed, fixedLoss, floatLoss, trainAccuracy, testAccuracy, plainSeconds, floatSeconds);
    }

    /** The committed rows rescaled into activations, as the proof rescales them. */
    public static long[][] activations(DatasetKey data, InputRescale rescale) {
        long[][] out = new long[data.values().length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.stream(data.values()[r]).map(rescale::apply).toArray();
        }
        return out;
    }

    /** The committed rows as the real numbers they stand for (the float reference trains on these). */
    static LabelledDataset dequantised(DatasetKey data) {
        int f = data.description().fractionBits();
        double[][] rows = Arrays.stream(data.values()).map(r -> Arrays.stream(r).mapToDouble(v -> Math.scalb((double) v, -f)).toArray())
                .toArray(double[][]::new);
        return new LabelledDataset(data.description().featureNames(), rows, data.labels());
    }

    private static Accuracy accuracy(FixedPointTrainer fixed, FloatTrainer floating, DatasetKey data, InputRescale rescale) {
        long[][] q = activations(data, rescale);
        LabelledDataset real = dequantised(data);
        int fixedCorrect = 0, floatCorrect = 0;
        for (int r = 0; r < q.length; r++) {
            fixedCorrect += fixed.predictActivations(q[r]) == data.labels()[r] ? 1 : 0;
            floatCorrect += floating.predict(real.rows()[r]) == data.labels()[r] ? 1 : 0;
        }
        return new Accuracy((double) fixedCorrect / q.length, (double) floatCorrect / q.length, q.length);
    }

    /** report.json: the statement's digests, losses per epoch, accuracies fixed vs float, times and sizes. */
    public static String report(Recipe recipe, Outcome o, long proofBytes, double verifySeconds) {
        StringBuilder b = new StringBuilder("{\n");
        if (o.statement() != null) {
            b.append(String.format(Locale.ROOT, "  \"recipe_digest\": \"%s\",%n", java.util.HexFormat.of().formatHex(o.statement().recipeDigest())));
        }
        b.append(String.format(Locale.ROOT, "  \"rows\": %d, \"epochs\": %d, \"batch_size\": %d,%n", o.train().rows(), recipe.epochs(),
                recipe.batchSize()));
        b.append("  \"loss_per_epoch\": {\"fixed_point\": ").append(numbers(o.fixedLoss())).append(", \"float\": ").append(numbers(o.floatLoss()))
                .append("},\n");
        b.append("  \"accuracy\": {\"train\": ").append(json(o.train()));
        if (o.test() != null) {
            b.append(", \"test\": ").append(json(o.test()));
        }
        b.append("},\n");
        b.append(String.format(Locale.ROOT, "  \"seconds\": {\"plain_fixed_point_training\": %.3f, \"float_training\": %.3f", o.plainSeconds(),
                o.floatSeconds()));
        if (o.proven() != null) {
            double proving = o.proven().witnessSeconds() + o.proven().proveSeconds();
            b.append(String.format(Locale.ROOT, ", \"train_and_prove\": %.3f, \"verify\": %.3f, \"prove_over_plain\": %.1f", proving, verifySeconds,
                    proving / o.plainSeconds()));
        }
        b.append("},\n");
        b.append(String.format(Locale.ROOT, "  \"proof_bytes\": %d%n}%n", proofBytes));
        return b.toString();
    }

    private static String json(Accuracy a) {
        return String.format(Locale.ROOT, "{\"fixed_point\": %.6f, \"float\": %.6f, \"rows\": %d}", a.fixedPoint(), a.floatingPoint(), a.rows());
    }

    private static String numbers(List<Double> values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%.6f", v));
        }
        return "[" + String.join(", ", out) + "]";
    }
}
