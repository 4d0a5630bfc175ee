package io.zkml4j.training;

import io.zkml4j.model.data.IdxDataset;
import io.zkml4j.model.data.LabelledDataset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accuracy targets for fixed-point training, against the float trainer on the same
 * recipe, initial weights and batch order: breast cancer (bundled splits, 30-16-2, 20 epochs of
 * batches of 32) within 1 point of float on the test split; the Fashion-MNIST MLP 784-128-10, one
 * epoch on 10,000 training images, within 2 points on the 10,000 test images (Debian's
 * dataset-fashion-mnist; skipped, saying so, where it is not installed).
 */
class FixedPointAccuracyTest {
    private static final Path BREAST_CANCER = Path.of("..", "examples", "breast-cancer");
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private record Result(double floatAccuracy, double fixedAccuracy, double seconds) {}

    private static Result compare(Recipe recipe, DenseNetwork init, LabelledDataset train, LabelledDataset test) {
        long start = System.nanoTime();
        BatchOrder order = new BatchOrder(recipe.seed(), new byte[32], new byte[32], train.size());
        FloatTrainer f = new FloatTrainer(init, recipe, train);
        Training.run(recipe, order, f, Training.StepListener.NONE);
        FixedPointTrainer q = new FixedPointTrainer(init, recipe, train, FixedPointTrainer.Format.DEFAULT);
        Training.run(recipe, order, q, Training.StepListener.NONE);
        return new Result(Training.accuracy(f, test), Training.accuracy(q, test), (System.nanoTime() - start) / 1e9);
    }

    @Test
    void breastCancerWithinOnePointOfFloat() throws Exception {
        LabelledDataset train = LabelledDataset.read(BREAST_CANCER.resolve("train.csv"), "target");
        LabelledDataset test = LabelledDataset.read(BREAST_CANCER.resolve("test.csv"), "target");
        Recipe recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.05, 0, 0), 32, 20, 99);
        Result r = compare(recipe, FixedPointTrainerTest.network(5, 30, 16, 2), train, test);
        System.out.printf(Locale.ROOT, "breast cancer, 30-16-2, 20 epochs: test accuracy float %.2f%%, fixed point %.2f%% (%.1f s)%n",
                100 * r.floatAccuracy(), 100 * r.fixedAccuracy(), r.seconds());
        assertTrue(r.floatAccuracy() > 0.9, "float learns: " + r.floatAccuracy());
        assertTrue(Math.abs(r.fixedAccuracy() - r.floatAccuracy()) <= 0.01 + 1e-9, "fixed " + r.fixedAccuracy() + " vs float " + r.floatAccuracy());
    }

    /** The same recipe with sigmoid, tanh or leaky ReLU in the hidden layer (the derivative in 16 fraction bits, see FixedPointTrainer). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sigmoid", "tanh", "leaky"})
    void breastCancerWithOtherActivationsWithinOnePointOfFloat(String hidden) throws Exception {
        LabelledDataset train = LabelledDataset.read(BREAST_CANCER.resolve("train.csv"), "target");
        LabelledDataset test = LabelledDataset.read(BREAST_CANCER.resolve("test.csv"), "target");
        Recipe recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.05, 0, 0), 32, 20, 99);
        DenseNetwork init = FixedPointTrainerTest.withHidden(FixedPointTrainerTest.network(5, 30, 16, 2), FixedPointTrainerTest.activation(hidden));
        Result r = compare(recipe, init, train, test);
        System.out.printf(Locale.ROOT, "breast cancer, 30-16-2 (%s), 20 epochs: test accuracy float %.2f%%, fixed point %.2f%% (%.1f s)%n", hidden,
                100 * r.floatAccuracy(), 100 * r.fixedAccuracy(), r.seconds());
        assertTrue(r.floatAccuracy() > 0.9, "float learns: " + r.floatAccuracy());
        assertTrue(Math.abs(r.fixedAccuracy() - r.floatAccuracy()) <= 0.01 + 1e-9, "fixed " + r.fixedAccuracy() + " vs float " + r.floatAccuracy());
    }

    @Test
    void fashionMnistWithinTwoPointsOfFloat() throws Exception {
        Path trainImages = FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
        Assumptions.assumeTrue(Files.exists(trainImages), "skipped: " + FASHION_MNIST + " is missing (Debian dataset-fashion-mnist)");
        LabelledDataset train = IdxDataset.read(trainImages, FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz"), 10_000);
        LabelledDataset test = IdxDataset.read(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"), FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"),
                10_000);
        Recipe recipe = new Recipe(Path.of("init.onnx"), Recipe.Loss.CROSS_ENTROPY, new Recipe.Optimizer(0.1, 0, 0), 64, 1, 99);
        Result r = compare(recipe, FixedPointTrainerTest.network(6, 784, 128, 10), train, test);
        System.out.printf(Locale.ROOT, "Fashion-MNIST, 784-128-10, one epoch on 10,000 images: test accuracy float %.2f%%, fixed point %.2f%% (%.1f s)%n",
                100 * r.floatAccuracy(), 100 * r.fixedAccuracy(), r.seconds());
        assertTrue(r.floatAccuracy() > 0.7, "float learns: " + r.floatAccuracy());
        assertTrue(Math.abs(r.fixedAccuracy() - r.floatAccuracy()) <= 0.02, "fixed " + r.fixedAccuracy() + " vs float " + r.floatAccuracy());
    }
}
