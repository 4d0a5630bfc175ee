package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact fixed-point trainer against the float reference on the same recipe, initial weights
 * and batch order: it learns, it stays close to float, and its rounding rule is the one a proof
 * checks.
 */
class FixedPointTrainerTest {
    /** Three Gaussian blobs in 4 dimensions, 300 rows. */
    static LabelledDataset blobs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centers = {{1, 1, 0, 0}, {-1, 0, 1, 0}, {0, -1, -1, 1}};
        double[][] x = new double[300][4];
        int[] labels = new int[300];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < 4; f++) {
                x[i][f] = centers[labels[i]][f] + 0.6 * r.nextGaussian();
            }
        }
        return new LabelledDataset(List.of("a", "b", "c", "d"), x, labels);
    }

    static DenseNetwork network(long seed, int... widths) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            double[][] w = new double[widths[l + 1]][widths[l]];
            double scale = Math.sqrt(2.0 / widths[l]);
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = scale * r.nextGaussian();
                }
            }
            layers.add(new DenseNetwork.Layer(w, new double[widths[l + 1]], l + 2 < widths.length));
        }
        return new DenseNetwork(layers);
    }

    /** The same network with {@code f} after every hidden layer. */
    static DenseNetwork withHidden(DenseNetwork n, LayerActivation f) {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l < n.layers().size(); l++) {
            DenseNetwork.Layer layer = n.layers().get(l);
            layers.add(new DenseNetwork.Layer(layer.weights(), layer.bias(), l + 1 < n.layers().size() ? f : LayerActivation.NONE));
        }
        return new DenseNetwork(layers);
    }

    static LayerActivation activation(String name) {
        return switch (name) {
            case "relu" -> LayerActivation.RELU;
            case "sigmoid" -> LayerActivation.SIGMOID;
            case "tanh" -> LayerActivation.TANH;
            case "leaky" -> LayerActivation.leakyRelu(0.1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Recipe recipe(Recipe.Loss loss, double lr, double momentum, double decay, int batch, int epochs) {
        return new Recipe(Path.of("init.onnx"), loss, new Recipe.Optimizer(lr, momentum, decay), batch, epochs, 7);
    }

    private record Outcome(double floatAccuracy, double fixedAccuracy, List<Double> floatLoss, List<Double> fixedLoss, DenseNetwork floatNet,
                           DenseNetwork fixedNet) {}

    private static Outcome both(Recipe recipe, LabelledDataset data, DenseNetwork init) {
        BatchOrder order = new BatchOrder(recipe.seed(), new byte[32], new byte[32], data.size());
        FloatTrainer f = new FloatTrainer(init, recipe, data);
        FixedPointTrainer q = new FixedPointTrainer(init, recipe, data, FixedPointTrainer.Format.DEFAULT);
        List<Double> fl = Training.run(recipe, order, f, Training.StepListener.NONE);
        List<Double> ql = Training.run(recipe, order, q, Training.StepListener.NONE);
        return new Outcome(Training.accuracy(f, data), Training.accuracy(q, data), fl, ql, f.network(), q.network());
    }

    @Test
    void crossEntropyTrainingLearnsAndTracksFloat() {
        LabelledDataset data = blobs(1);
        Outcome o = both(recipe(Recipe.Loss.CROSS_ENTROPY, 0.1, 0.0, 0.0, 16, 5), data, network(2, 4, 8, 3));
        assertTrue(o.fixedLoss().get(4) < 0.5 * o.fixedLoss().get(0) + 0.1, "the loss falls: " + o.fixedLoss());
        assertTrue(o.floatAccuracy() > 0.85, "float learns: " + o.floatAccuracy());
        assertTrue(Math.abs(o.fixedAccuracy() - o.floatAccuracy()) <= 0.02, "fixed " + o.fixedAccuracy() + " vs float " + o.floatAccuracy());
        for (int e = 0; e < 5; e++) {
            assertEquals(o.floatLoss().get(e), o.fixedLoss().get(e), 0.02, "epoch " + e + " loss");
        }
        assertClose(o.floatNet(), o.fixedNet(), 0.02);
    }

    @Test
    void mseWithMomentumAndWeightDecayTracksFloat() {
        LabelledDataset data = blobs(3);
        Recipe recipe = recipe(Recipe.Loss.MSE, 0.05, 0.9, 0.001, 10, 4);
        Outcome o = both(recipe, data, network(4, 4, 8, 3));
        assertTrue(o.floatAccuracy() > 0.8, "float learns: " + o.floatAccuracy());
        assertTrue(Math.abs(o.fixedAccuracy() - o.floatAccuracy()) <= 0.02, "fixed " + o.fixedAccuracy() + " vs float " + o.floatAccuracy());
        // step by step the two agree to the formats' precision (over many steps momentum amplifies the roundings apart)
        FloatTrainer f = new FloatTrainer(network(4, 4, 8, 3), recipe, data);
        FixedPointTrainer q = new FixedPointTrainer(network(4, 4, 8, 3), recipe, data, FixedPointTrainer.Format.DEFAULT);
        int[] perm = new BatchOrder(recipe.seed(), new byte[32], new byte[32], data.size()).permutation(0);
        for (int s = 0; s < 3; s++) {
            int[] batch = java.util.Arrays.copyOfRange(perm, 10 * s, 10 * s + 10);
            f.step(batch);
            q.step(batch);
        }
        assertClose(f.network(), q.network(), 2e-3);
    }

    /** One step of the float reference by hand: y = W·x + b, δ = y − one-hot, W ← W − lr·δ·xᵀ, b ← b − lr·δ. */
    @Test
    void oneFloatStepIsPlainSgd() {
        DenseNetwork init = new DenseNetwork(List.of(new DenseNetwork.Layer(new double[][] {{0.5, -0.25}, {0.125, 1}}, new double[] {0.5, 0}, false)));
        LabelledDataset one = new LabelledDataset(List.of("x0", "x1"), new double[][] {{1, 2}}, new int[] {0});
        FloatTrainer f = new FloatTrainer(init, recipe(Recipe.Loss.MSE, 0.5, 0, 0, 1, 1), one);
        double loss = f.step(new int[] {0});
        // y = (0.5 − 0.5 + 0.5, 0.125 + 2) = (0.5, 2.125); δ = (−0.5, 2.125)
        assertEquals(0.5 * (0.25 + 2.125 * 2.125), loss, 1e-12);
        DenseNetwork.Layer l = f.network().layers().get(0);
        assertArrayEquals(new double[] {0.75, 0.25}, l.weights()[0], 1e-12);
        assertArrayEquals(new double[] {0.125 - 1.0625, 1 - 2.125}, l.weights()[1], 1e-12);
        assertArrayEquals(new double[] {0.75, -1.0625}, l.bias(), 1e-12);
        FixedPointTrainer q = new FixedPointTrainer(init, recipe(Recipe.Loss.MSE, 0.5, 0, 0, 1, 1), one, FixedPointTrainer.Format.DEFAULT);
        q.step(new int[] {0});
        assertClose(f.network(), q.network(), 1e-3); // these values are exact in the formats: only the gradient's rounding differs
    }

    @Test
    void roundingIsToNearestWithTiesUp() {
        assertEquals(3, FixedPointTrainer.round(5, 2));
        assertEquals(-2, FixedPointTrainer.round(-5, 2));
        assertEquals(2, FixedPointTrainer.round(7, 4));
        assertEquals(-2, FixedPointTrainer.round(-7, 4));
        assertEquals(-1, FixedPointTrainer.round(-5, 4));
        assertEquals(0, FixedPointTrainer.round(1, 3));
    }

    @Test
    void theExpTableFallsFromOneToItsLastNonZeroEntry() {
        long[] t = FixedPointTrainer.expTable(8);
        assertEquals(1L << FixedPointTrainer.EXP_FRACTION, t[0]);
        for (int d = 1; d < t.length; d++) {
            assertTrue(t[d] <= t[d - 1] && t[d] > 0);
        }
        assertEquals(Math.log(2.0 * (1 << 16)) * 256, t.length, 2.0); // exp(−d/256)·2^16 ≥ 1/2
    }

    @Test
    void featuresOutside16BitsAreRefusedNamingTheRow() {
        LabelledDataset wide = new LabelledDataset(List.of("x"), new double[][] {{1}, {200}}, new int[] {0, 1});
        DenseNetwork net = new DenseNetwork(List.of(new DenseNetwork.Layer(new double[][] {{1}, {1}}, new double[2], false)));
        String m = assertThrows(IllegalArgumentException.class,
                () -> new FixedPointTrainer(net, recipe(Recipe.Loss.MSE, 0.1, 0, 0, 1, 1), wide, FixedPointTrainer.Format.DEFAULT)).getMessage();
        assertTrue(m.contains("row 1"), m);
    }

    private static void assertClose(DenseNetwork a, DenseNetwork b, double tolerance) {
        for (int l = 0; l < a.layers().size(); l++) {
            double[][] wa = a.layers().get(l).weights(), wb = b.layers().get(l).weights();
            for (int o = 0; o < wa.length; o++) {
                for (int i = 0; i < wa[o].length; i++) {
                    assertEquals(wa[o][i], wb[o][i], tolerance, "layer " + l + " weight " + o + "," + i);
                }
                assertEquals(a.layers().get(l).bias()[o], b.layers().get(l).bias()[o], tolerance, "layer " + l + " bias " + o);
            }
        }
    }
}
