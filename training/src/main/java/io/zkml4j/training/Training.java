package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a recipe's epochs through a {@link Trainer}: each epoch visits the rows in the order of
 * {@link BatchOrder}, in batches of the recipe's size (the last one of an epoch may be short).
 */
public final class Training {
    private Training() {}

    /** Receives each step as it is done: epoch, step within the epoch, steps per epoch, the batch's loss. */
    @FunctionalInterface
    public interface StepListener {
        StepListener NONE = (epoch, step, steps, loss) -> { };

        void done(int epoch, int step, int steps, double loss);
    }

    /** The mean batch loss of each epoch. */
    public static List<Double> run(Recipe recipe, BatchOrder order, Trainer trainer, StepListener listener) {
        List<Double> losses = new ArrayList<>();
        int steps = order.batches(recipe.batchSize());
        for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
            int[] perm = order.permutation(epoch);
            double sum = 0;
            for (int s = 0; s < steps; s++) {
                int[] batch = Arrays.copyOfRange(perm, s * recipe.batchSize(), Math.min(perm.length, (s + 1) * recipe.batchSize()));
                double loss = trainer.step(batch);
                sum += loss;
                listener.done(epoch, s, steps, loss);
            }
            losses.add(sum / steps);
        }
        return losses;
    }

    /** Refuses data the network cannot train on: rows of another width, labels beyond its outputs. */
    static void checkFits(DenseNetwork network, LabelledDataset data) {
        if (data.features() != network.inputs()) {
            throw new IllegalArgumentException("the data has " + data.features() + " features a row, the network takes " + network.inputs());
        }
        for (int r = 0; r < data.size(); r++) {
            if (data.labels()[r] < 0 || data.labels()[r] >= network.outputs()) {
                throw new IllegalArgumentException("row " + r + " has label " + data.labels()[r] + ", and the network has " + network.outputs()
                        + " outputs");
            }
        }
    }

    /** The fraction of rows whose label the trainer's current network predicts. */
    public static double accuracy(Trainer trainer, LabelledDataset data) {
        int correct = 0;
        for (int r = 0; r < data.size(); r++) {
            correct += trainer.predict(data.rows()[r]) == data.labels()[r] ? 1 : 0;
        }
        return (double) correct / data.size();
    }
}
