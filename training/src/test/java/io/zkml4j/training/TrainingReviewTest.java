package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An independent review of the training module, kept as regression tests: the float trainer
 * against torch.optim.SGD, the fixed-point trainer against a BigInteger re-implementation of its
 * documented semantics, and the defects the review found (each marked "from review (fixed)"):
 * unchecked ranges, formats and data that did not fit, rates changed by fixed point, recipe and
 * graph inputs that escaped as unchecked exceptions.
 */
class TrainingReviewTest {
    private static final FixedPointTrainer.Format F = FixedPointTrainer.Format.DEFAULT;

    private static Recipe recipe(Recipe.Loss loss, double lr, double momentum, double decay, int batch) {
        return new Recipe(Path.of("init.onnx"), loss, new Recipe.Optimizer(lr, momentum, decay), batch, 1, 7);
    }

    private static LabelledDataset data(double[][] x, int... labels) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < x[0].length; i++) {
            names.add("f" + i);
        }
        return new LabelledDataset(names, x, labels);
    }

    private static DenseNetwork single(double[][] w, double[] b) {
        return new DenseNetwork(List.of(new DenseNetwork.Layer(w, b, false)));
    }

    // ---------------------------------------------------------------- float trainer vs PyTorch

    /** The 3-4-2 ReLU network, five rows and three batches of the PyTorch reference (torch 1.13, float64). */
    private static DenseNetwork torchNet() {
        return new DenseNetwork(List.of(
                new DenseNetwork.Layer(new double[][] {{0.5, -0.25, 0.125}, {0.3, 0.2, -0.4}, {-0.6, 0.1, 0.7}, {0.25, 0.5, -0.125}},
                        new double[] {0.1, -0.2, 0.05, 0.0}, true),
                new DenseNetwork.Layer(new double[][] {{0.4, -0.3, 0.2, 0.1}, {-0.5, 0.6, 0.3, -0.2}}, new double[] {0.05, -0.05}, false)));
    }

    private static final LabelledDataset TORCH_DATA = data(new double[][] {{1.0, 0.5, -1.0}, {0.2, -0.7, 1.5}, {-1.2, 0.3, 0.4}, {0.9, 0.9, -0.3},
            {0.0, -1.0, 0.8}}, 0, 1, 1, 0, 1);
    private static final int[][] TORCH_BATCHES = {{0, 1}, {2, 3, 4}, {4, 0}};

    /*
     * torch.optim.SGD([W1, b1, W2, b2], lr=0.1, momentum=0.9, weight_decay=0.01); loss
     * F.cross_entropy(y, labels) (mean) or (0.5 * ((y - one_hot)**2).sum(1)).mean().
     */
    private static void assertMatchesTorch(Recipe.Loss loss, double[] losses, double[] w1, double[] b1, double[] w2, double[] b2) {
        FloatTrainer f = new FloatTrainer(torchNet(), recipe(loss, 0.1, 0.9, 0.01, 2), TORCH_DATA);
        for (int s = 0; s < 3; s++) {
            assertEquals(losses[s], f.step(TORCH_BATCHES[s]), 1e-12, "loss of step " + s);
        }
        DenseNetwork n = f.network();
        assertArrayEquals(w1, Arrays.stream(n.layers().get(0).weights()).flatMapToDouble(Arrays::stream).toArray(), 1e-12);
        assertArrayEquals(b1, n.layers().get(0).bias(), 1e-12);
        assertArrayEquals(w2, Arrays.stream(n.layers().get(1).weights()).flatMapToDouble(Arrays::stream).toArray(), 1e-12);
        assertArrayEquals(b2, n.layers().get(1).bias(), 1e-12);
    }

    @Test
    void floatTrainerMatchesTorchSgdCrossEntropyWithMomentumAndDecay() {
        assertMatchesTorch(Recipe.Loss.CROSS_ENTROPY, new double[] {0.8229910818130428, 0.683302749252102, 0.6256624879132627},
                new double[] {0.5787919727828305, -0.08172509231127006, -0.1169325494648562, 0.2022203754634722, 0.14062715927334038,
                        -0.3152635465746666, -0.6006502737690713, 0.08231951626875075, 0.7207790174390372, 0.28354853464006896,
                        0.5185418593340355, -0.15408979491306743},
                new double[] {0.0675825990445023, -0.2972443059050601, 0.07556417992300636, 0.035809733198735816},
                new double[] {0.3737046362062626, -0.242207724394907, 0.05592230224746388, 0.17308055602946998, -0.4731441161062626,
                        0.5405261640949071, 0.44127509725253616, -0.27252003592947},
                new double[] {-0.016506942945260013, 0.016506942945260013});
    }

    @Test
    void floatTrainerMatchesTorchSgdHalfSquaredErrorWithMomentumAndDecay() {
        assertMatchesTorch(Recipe.Loss.MSE, new double[] {0.5472745781250001, 0.3533766154577707, 0.26245427761547113},
                new double[] {0.5590981635987201, -0.07530459824588909, -0.13712906546881037, 0.2417358963553327, 0.1661888862941938,
                        -0.3470404453666294, -0.6031836807559985, 0.04983811366803439, 0.7712668428083633, 0.2723928910061181,
                        0.5114194938586869, -0.14499354282361415},
                new double[] {0.02842545418788011, -0.2564390146632168, 0.12221842108706815, 0.02431085764070205},
                new double[] {0.4327224716900158, -0.18952696713099423, 0.10544348634761254, 0.23650433545447197, -0.38842634806627846,
                        0.5969052903426494, 0.5261298026630479, -0.19648949490865966},
                new double[] {0.14753192616386207, 0.2326808633365903});
    }

    /** From review (fixed): the reported cross-entropy was clamped at −log(1e-300) ≈ 690.8; it is log-sum-exp. */
    @Test
    void floatCrossEntropyLossIsNotClampedForLargeLogitGaps() {
        FloatTrainer f = new FloatTrainer(single(new double[][] {{0}, {800}}, new double[2]), recipe(Recipe.Loss.CROSS_ENTROPY, 0.1, 0, 0, 1),
                data(new double[][] {{1}}, 0));
        assertEquals(800.0, f.step(new int[] {0}), 1e-9);
    }

    // ---------------------------------------------------------------- fixed point vs its documented semantics

    /** The class comment of FixedPointTrainer, re-implemented in BigInteger (no overflow possible). */
    private static final class Spec {
        final int fa, fg, fw, fr;
        final BigInteger[][][] w, vw;
        final BigInteger[][] b, vb;
        final boolean[] relu;
        final BigInteger lr, mu, lam;
        final long[] table;
        final long[][] x;
        final int[] labels;
        final Recipe.Loss loss;

        Spec(DenseNetwork net, Recipe r, LabelledDataset d, FixedPointTrainer.Format f) {
            fa = f.activationFraction();
            fg = f.gradientFraction();
            fw = f.weightFraction();
            fr = f.rateFraction();
            int n = net.layers().size();
            w = new BigInteger[n][][];
            vw = new BigInteger[n][][];
            b = new BigInteger[n][];
            vb = new BigInteger[n][];
            relu = new boolean[n];
            for (int l = 0; l < n; l++) {
                DenseNetwork.Layer layer = net.layers().get(l);
                w[l] = new BigInteger[layer.outputs()][layer.inputs()];
                vw[l] = new BigInteger[layer.outputs()][layer.inputs()];
                b[l] = new BigInteger[layer.outputs()];
                vb[l] = new BigInteger[layer.outputs()];
                for (int o = 0; o < layer.outputs(); o++) {
                    for (int i = 0; i < layer.inputs(); i++) {
                        w[l][o][i] = BigInteger.valueOf(Math.round(layer.weights()[o][i] * Math.pow(2, fw)));
                        vw[l][o][i] = BigInteger.ZERO;
                    }
                    b[l][o] = BigInteger.valueOf(Math.round(layer.bias()[o] * Math.pow(2, fw + fa))); // biases: the accumulator's format
                    vb[l][o] = BigInteger.ZERO;
                }
                relu[l] = layer.activation() == LayerActivation.RELU;
            }
            lr = BigInteger.valueOf(Math.round(r.optimizer().learningRate() * Math.pow(2, fr)));
            mu = BigInteger.valueOf(Math.round(r.optimizer().momentum() * Math.pow(2, fr)));
            lam = BigInteger.valueOf(Math.round(r.optimizer().weightDecay() * Math.pow(2, fr)));
            List<Long> t = new ArrayList<>();
            for (int k = 0; ; k++) {
                long e = Math.round(Math.exp(-k / Math.pow(2, fa)) * 65536.0);
                if (e == 0) {
                    break;
                }
                t.add(e);
            }
            table = t.stream().mapToLong(Long::longValue).toArray();
            x = new long[d.size()][];
            for (int row = 0; row < d.size(); row++) {
                x[row] = Arrays.stream(d.rows()[row]).mapToLong(v -> Math.round(v * Math.pow(2, fa))).toArray();
            }
            labels = d.labels();
            loss = r.loss();
        }

        static BigInteger pow2(int k) {
            return BigInteger.ONE.shiftLeft(k);
        }

        /** floor((v + d/2) / d), d > 0. */
        static BigInteger rnd(BigInteger v, BigInteger d) {
            return floor(v.add(d.shiftRight(1)), d);
        }

        static BigInteger floor(BigInteger v, BigInteger d) {
            BigInteger[] qr = v.divideAndRemainder(d);
            return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }

        static BigInteger small(BigInteger v) {
            if (v.bitLength() > 15 && !v.equals(BigInteger.valueOf(-32768))) {
                throw new AssertionError("spec value out of 16 bits: " + v);
            }
            return v;
        }

        double step(int[] rows) {
            int n = w.length;
            BigInteger[][][] gw = new BigInteger[n][][];
            BigInteger[][] gb = new BigInteger[n][];
            for (int l = 0; l < n; l++) {
                gw[l] = new BigInteger[w[l].length][w[l][0].length];
                gb[l] = new BigInteger[w[l].length];
                for (BigInteger[] g : gw[l]) {
                    Arrays.fill(g, BigInteger.ZERO);
                }
                Arrays.fill(gb[l], BigInteger.ZERO);
            }
            double total = 0;
            for (int row : rows) {
                BigInteger[][] a = new BigInteger[n + 1][];
                boolean[][] nonNegative = new boolean[n][];
                a[0] = Arrays.stream(x[row]).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
                for (int l = 0; l < n; l++) {
                    a[l + 1] = new BigInteger[w[l].length];
                    nonNegative[l] = new boolean[w[l].length];
                    for (int o = 0; o < w[l].length; o++) {
                        BigInteger z = b[l][o];
                        for (int i = 0; i < a[l].length; i++) {
                            z = z.add(w[l][o][i].multiply(a[l][i]));
                        }
                        BigInteger v = small(rnd(z, pow2(fw)));
                        a[l + 1][o] = relu[l] ? v.max(BigInteger.ZERO) : v;
                        nonNegative[l][o] = v.signum() >= 0;
                    }
                }
                BigInteger[] y = a[n];
                int label = labels[row];
                BigInteger[] delta = new BigInteger[y.length];
                BigInteger one = pow2(fg);
                if (loss == Recipe.Loss.CROSS_ENTROPY) {
                    BigInteger m = Arrays.stream(y).max(BigInteger::compareTo).orElseThrow();
                    long[] e = new long[y.length];
                    long s = 0;
                    for (int j = 0; j < y.length; j++) {
                        long k = m.subtract(y[j]).longValueExact();
                        e[j] = k < table.length ? table[(int) k] : 0;
                        s += e[j];
                    }
                    for (int j = 0; j < y.length; j++) {
                        BigInteger p = floor(BigInteger.valueOf(e[j]).shiftLeft(fg), BigInteger.valueOf(s));
                        delta[j] = p.subtract(j == label ? one : BigInteger.ZERO);
                    }
                    total += Math.log(s / 65536.0) - y[label].subtract(m).doubleValue() / Math.pow(2, fa);
                } else {
                    for (int j = 0; j < y.length; j++) {
                        delta[j] = y[j].shiftLeft(fg - fa).subtract(j == label ? one : BigInteger.ZERO);
                        double dv = delta[j].doubleValue() / Math.pow(2, fg);
                        total += 0.5 * dv * dv;
                    }
                }
                for (int l = n - 1; l >= 0; l--) {
                    for (int o = 0; o < delta.length; o++) {
                        gb[l][o] = gb[l][o].add(delta[o]);
                        for (int i = 0; i < a[l].length; i++) {
                            gw[l][o][i] = gw[l][o][i].add(delta[o].multiply(a[l][i]));
                        }
                    }
                    if (l > 0) {
                        BigInteger[] back = new BigInteger[a[l].length];
                        for (int i = 0; i < back.length; i++) {
                            BigInteger s = BigInteger.ZERO;
                            for (int o = 0; o < delta.length; o++) {
                                s = s.add(w[l][o][i].multiply(delta[o]));
                            }
                            BigInteger t = small(rnd(s, pow2(fw))); // 16 bits whether or not ReLU passes it
                            back[i] = relu[l - 1] && !nonNegative[l - 1][i] ? BigInteger.ZERO : t; // the derivative from the forward sign
                        }
                        delta = back;
                    }
                }
            }
            BigInteger batch = BigInteger.valueOf(rows.length);
            BigInteger dW = batch.shiftLeft(fg + fa + fr - fw);
            BigInteger dB = batch.shiftLeft(fg + fr - fw - fa);
            for (int l = 0; l < n; l++) {
                for (int o = 0; o < w[l].length; o++) {
                    for (int i = 0; i < w[l][o].length; i++) {
                        BigInteger u = rnd(lr.multiply(gw[l][o][i]), dW).add(rnd(lr.multiply(lam).multiply(w[l][o][i]), pow2(2 * fr)));
                        vw[l][o][i] = rnd(mu.multiply(vw[l][o][i]), pow2(fr)).add(u);
                        w[l][o][i] = w[l][o][i].subtract(vw[l][o][i]);
                    }
                    BigInteger u = rnd(lr.multiply(gb[l][o]), dB).add(rnd(lr.multiply(lam).multiply(b[l][o]), pow2(2 * fr)));
                    vb[l][o] = rnd(mu.multiply(vb[l][o]), pow2(fr)).add(u);
                    b[l][o] = b[l][o].subtract(vb[l][o]);
                }
            }
            return total / rows.length;
        }
    }

    private static void assertFixedPointFollowsItsSpec(Recipe.Loss loss, double lr, double momentum, double decay, int batch) {
        LabelledDataset d = FixedPointTrainerTest.blobs(9);
        DenseNetwork net = FixedPointTrainerTest.network(5, 4, 6, 5, 3);
        Recipe r = recipe(loss, lr, momentum, decay, batch);
        FixedPointTrainer q = new FixedPointTrainer(net, r, d, F);
        Spec spec = new Spec(net, r, d, F);
        int[] perm = new BatchOrder(1, new byte[32], new byte[32], d.size()).permutation(0);
        for (int s = 0; s < 12; s++) {
            int[] rows = Arrays.copyOfRange(perm, s * batch, (s + 1) * batch - (s % 3 == 2 ? 1 : 0)); // some batches one short
            assertEquals(spec.step(rows), q.step(rows), 1e-9, "loss of step " + s);
            for (int l = 0; l < spec.w.length; l++) {
                long[][] qw = q.weights(l);
                double[] qb = q.network().layers().get(l).bias();
                for (int o = 0; o < qw.length; o++) {
                    for (int i = 0; i < qw[o].length; i++) {
                        assertEquals(spec.w[l][o][i].longValueExact(), qw[o][i], "step " + s + " w[" + l + "][" + o + "][" + i + "]");
                    }
                    assertEquals(spec.b[l][o].longValueExact(), q.biases(l)[o], "step " + s + " b[" + l + "][" + o + "]");
                }
            }
        }
    }

    @Test
    void fixedPointFollowsItsDocumentedSemanticsCrossEntropy() {
        assertFixedPointFollowsItsSpec(Recipe.Loss.CROSS_ENTROPY, 0.1, 0.9, 0.01, 8);
    }

    @Test
    void fixedPointFollowsItsDocumentedSemanticsMse() {
        assertFixedPointFollowsItsSpec(Recipe.Loss.MSE, 0.05, 0.5, 0.001, 7);
    }

    @Test
    void roundingTiesGoUpForNegativeAndPositive() {
        assertEquals(1, FixedPointTrainer.round(3, 6)); // 0.5 -> 1
        assertEquals(0, FixedPointTrainer.round(-3, 6)); // -0.5 -> 0
        assertEquals(-1, FixedPointTrainer.round(-4, 6));
        assertEquals(1L << 40, FixedPointTrainer.round(1L << 56, 1L << 16));
        assertThrows(ArithmeticException.class, () -> FixedPointTrainer.round(Long.MAX_VALUE, 4));
    }

    @Test
    void expTableEndsWhereItRoundsToZeroAndIsMonotone() {
        long[] t = FixedPointTrainer.expTable(8);
        assertEquals(0, Math.round(Math.exp(-t.length / 256.0) * 65536));
        for (int k = 1; k < t.length; k++) {
            assertTrue(t[k] <= t[k - 1]);
        }
        assertEquals(1, t[t.length - 1]);
    }

    // ---------------------------------------------------------------- overflow and range

    /**
     * From review (fixed): 4·(2^48·2^14) = 2^64 wraps to 0 in the forward sum; the class comment says larger
     * products are caught as overflow, and no weight is range-checked (the issue wants weights range-checked).
     */
    @Test
    void weightsBeyond32BitsAreRefusedSoNoSumCanWrap() {
        double big = Math.scalb(1.0, 32); // 2^48 in the weight format: the forward sum would wrap
        DenseNetwork net = single(new double[][] {{big, big, big, big}, {0.01, 0.01, 0.01, 0.01}}, new double[2]);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new FixedPointTrainer(net, recipe(Recipe.Loss.MSE, 0.1, 0, 0, 1), data(new double[][] {{64, 64, 64, 64}}, 0), F));
        assertTrue(e.getMessage().startsWith("an initial weight of layer 0 (") && e.getMessage().contains("left the 32-bit range"), e.getMessage());
    }

    /** From review (fixed): a NaN (or infinite) initial weight was quantised to 0 (or Long.MAX_VALUE); a layer refuses it. */
    @Test
    void nonFiniteInitialWeightsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> single(new double[][] {{Double.NaN}, {1}}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> single(new double[][] {{1}, {1}}, new double[] {Double.POSITIVE_INFINITY, 0}));
    }

    /**
     * From review (fixed): for mse the output gradient δ = y·2^(fg−fa) − one-hot is never range-checked: y = 10
     * gives δ = 36864 > 2^15 − 1, although gradients are documented as 16-bit and every other
     * out-of-range value stops training.
     */
    @Test
    void mseOutputGradientIsKeptWithin16Bits() {
        FixedPointTrainer q = new FixedPointTrainer(single(new double[][] {{10}, {0}}, new double[2]), recipe(Recipe.Loss.MSE, 0.001, 0, 0, 1),
                data(new double[][] {{1}}, 0), F);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> q.step(new int[] {0}));
        assertTrue(e.getMessage().startsWith("the output gradient on row 0 left the 16-bit range"), e.getMessage());
    }

    /**
     * From review (fixed): Format(8, 12, 30, 16) is accepted, but the bias divisor's shift fg + fr − fw = −2 and
     * Java takes 1L << −2 as 1L << 62: biases silently never move (weights do).
     */
    @Test
    void aWeightFormatThatWouldFreezeBiasesIsRefusedOrWorks() {
        FixedPointTrainer.Format wide;
        try {
            wide = new FixedPointTrainer.Format(8, 12, 30, 16);
        } catch (IllegalArgumentException refused) {
            return; // refusing the format would be fine too
        }
        DenseNetwork init = single(new double[][] {{0.5, -0.25}, {0.125, 1}}, new double[] {0.5, 0});
        LabelledDataset one = data(new double[][] {{1, 2}}, 0);
        FixedPointTrainer q = new FixedPointTrainer(init, recipe(Recipe.Loss.MSE, 0.5, 0, 0, 1), one, wide);
        q.step(new int[] {0});
        // float: b ← b − 0.5·δ with δ = (−0.5, 2.125)
        assertArrayEquals(new double[] {0.75, -1.0625}, q.network().layers().get(0).bias(), 1e-3);
    }

    /** From review (fixed): a negative activationFraction is accepted, and `bias << fa` then shifts by fa mod 64. */
    @Test
    void negativeFractionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FixedPointTrainer.Format(-1, 12, 16, 16));
    }

    /** From review (fixed): a label beyond the network's outputs trains silently under mse (target all zero); under cross-entropy it is an ArrayIndexOutOfBounds mid-step. */
    @Test
    void labelsBeyondTheOutputsAreRefused() {
        DenseNetwork net = single(new double[][] {{1}, {1}}, new double[2]);
        assertThrows(IllegalArgumentException.class,
                () -> new FixedPointTrainer(net, recipe(Recipe.Loss.MSE, 0.1, 0, 0, 1), data(new double[][] {{1}}, 5), F).step(new int[] {0}));
    }

    /** From review (fixed): rows with fewer features than the network's inputs are trained silently on a partial dot product (FloatTrainer throws AIOOBE instead). */
    @Test
    void anotherFeatureCountIsRefused() {
        DenseNetwork net = single(new double[][] {{1, 1, 1, 1}, {1, 1, 1, 1}}, new double[2]);
        assertThrows(IllegalArgumentException.class,
                () -> new FixedPointTrainer(net, recipe(Recipe.Loss.MSE, 0.1, 0, 0, 1), data(new double[][] {{1, 1, 1}}, 0), F).step(new int[] {0}));
    }

    /**
     * From review (fixed): weight_decay 1e-5 becomes 1/65536 = 1.53e-5 in 16 rate fraction bits (53% more) with no
     * word; 5e-6 becomes 0. The proven recipe then differs from the declared one.
     */
    @Test
    void ratesThatFixedPointWouldChangeAreRefused() {
        DenseNetwork init = single(new double[][] {{100}, {0}}, new double[2]);
        LabelledDataset zero = data(new double[][] {{0}}, 0); // gradient of w is 0: only decay moves it
        for (double decay : new double[] {1e-5, 5e-6}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> new FixedPointTrainer(init, recipe(Recipe.Loss.MSE, 1, 0, decay, 1), zero, F)).getMessage();
            assertTrue(m.contains("weight_decay"), m);
        }
        FixedPointTrainer q = new FixedPointTrainer(init, recipe(Recipe.Loss.MSE, 1, 0, 1e-3, 1), zero, F); // 66/65536: 0.7% off, held
        q.step(new int[] {0});
        assertEquals(100 - 0.1, q.network().layers().get(0).weights()[0][0], 1e-3);
    }

    // ---------------------------------------------------------------- recipe parsing

    private static final String OK = "\"model\": \"m.onnx\", \"loss\": \"mse\", \"batch_size\": 8, \"epochs\": 2, \"seed\": 1";

    private static Recipe parse(String json) throws TrainingSetupException {
        return Recipe.parse(json, Path.of("/recipes"), "recipe.json");
    }

    private static String optimizer(String rest) {
        return "\"optimizer\": {\"type\": \"sgd\", \"learning_rate\": 0.1" + rest + "}";
    }

    @Test
    void recipeRefusesWrongTypesAndHugeNumbers() {
        for (String bad : new String[] {
                "{" + OK.replace("8", "\"8\"") + ", " + optimizer("") + "}",
                "{" + OK.replace("\"batch_size\": 8", "\"batch_size\": 1e999") + ", " + optimizer("") + "}",
                "{" + OK.replace("\"seed\": 1", "\"seed\": 1e300") + ", " + optimizer("") + "}",
                "{" + OK.replace("\"seed\": 1", "\"seed\": -1") + ", " + optimizer("") + "}",
                "{" + OK.replace("\"epochs\": 2", "\"epochs\": true") + ", " + optimizer("") + "}",
                "{" + OK + ", \"optimizer\": {\"type\": \"sgd\", \"learning_rate\": 1e999}}",
                "{" + OK + ", \"optimizer\": {\"type\": \"sgd\", \"learning_rate\": NaN}}",
                "{" + OK + ", " + optimizer(", \"momentum\": -0.1") + "}",
                "{" + OK + ", " + optimizer(", \"nesterov\": true") + "}",
                "{" + OK.replace("\"m.onnx\"", "\"\"") + ", " + optimizer("") + "}",
                "{" + OK.replace("\"m.onnx\"", "[\"m.onnx\"]") + ", " + optimizer("") + "}",
                "{" + OK + ", \"optimizer\": \"sgd\"}",
                "{" + OK + ", " + optimizer("") + ", \"seed\": 2}",
                "{" + OK + ", " + optimizer("") + "} x",
                "",
        }) {
            assertThrows(TrainingSetupException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void recipeResolvesTheModelAgainstTheRecipesFolder() throws Exception {
        assertEquals(Path.of("/recipes/sub/m.onnx"), parse("{" + OK.replace("m.onnx", "sub/m.onnx") + ", " + optimizer("") + "}").model());
    }

    /** From review (fixed): an explicit null momentum/weight_decay is taken as the default 0 instead of being refused. */
    @Test
    void recipeRefusesNullForADefaultedField() {
        assertThrows(TrainingSetupException.class, () -> parse("{" + OK + ", " + optimizer(", \"momentum\": null") + "}"));
    }

    /** From review (fixed): a model name with a NUL escapes as java.nio.file.InvalidPathException, not TrainingSetupException. */
    @Test
    void recipeRefusesAModelNameThatIsNoPath() {
        assertThrows(TrainingSetupException.class, () -> parse("{" + OK.replace("m.onnx", "m\\u0000.onnx") + ", " + optimizer("") + "}"));
    }

    /** From review (fixed): deeply nested JSON ends in StackOverflowError from the recursive Json reader. */
    @Test
    void recipeRefusesDeepNesting() {
        String deep = "{\"model\": " + "[".repeat(1_000_000) + "}";
        assertThrows(TrainingSetupException.class, () -> parse(deep));
    }

    // ---------------------------------------------------------------- DenseNetwork.of on unusual graphs

    private static Node node(String op, List<String> in, String out, Map<String, Attribute> attrs) {
        return new Node("", op, in, List.of(out), attrs);
    }

    private static Node node(String op, List<String> in, String out) {
        return node(op, in, out, Map.of());
    }

    private static Graph graph(List<Node> nodes, String output, Map<String, Tensor> constants) {
        return new Graph("g", nodes, List.of(new Graph.ValueInfo("x", new int[] {1, 2})), List.of(new Graph.ValueInfo(output, new int[] {1, 3})),
                constants, Map.of());
    }

    private static final Tensor W23 = new Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}); // [in][out]
    private static final Tensor W32 = new Tensor(new int[] {3, 2}, new float[] {1, 4, 2, 5, 3, 6}); // [out][in], the same map
    private static final Tensor B3 = new Tensor(new int[] {3}, new float[] {0.5f, -1, 2});

    @Test
    void gemmWithAndWithoutTransBAndMatMulAddGiveTheSameLayer() throws Exception {
        double[][] expected = {{1, 4}, {2, 5}, {3, 6}};
        DenseNetwork a = DenseNetwork.of(graph(List.of(node("Gemm", List.of("x", "W", "B"), "y")), "y", Map.of("W", W23, "B", B3)));
        DenseNetwork b = DenseNetwork.of(graph(List.of(node("Gemm", List.of("x", "W", "B"), "y", Map.of("transB", new Attribute.Int(1)))), "y",
                Map.of("W", W32, "B", B3)));
        DenseNetwork c = DenseNetwork.of(graph(List.of(node("MatMul", List.of("x", "W"), "h"), node("Add", List.of("B", "h"), "y")), "y",
                Map.of("W", W23, "B", B3)));
        for (DenseNetwork n : List.of(a, b, c)) {
            assertArrayEquals(expected, n.layers().get(0).weights());
            assertArrayEquals(new double[] {0.5, -1, 2}, n.layers().get(0).bias());
        }
        DenseNetwork noBias = DenseNetwork.of(graph(List.of(node("Gemm", List.of("x", "W", ""), "y")), "y", Map.of("W", W23)));
        assertArrayEquals(new double[3], noBias.layers().get(0).bias());
    }

    @Test
    void unusualGraphsAreRefusedByName() {
        Map<String, Tensor> c = Map.of("W", W23, "B", B3);
        List<List<Node>> bad = List.of(
                List.of(node("MatMul", List.of("x", "z"), "y")), // non-constant operand
                List.of(node("MatMul", List.of("W", "x"), "y")), // weight first
                List.of(node("Add", List.of("x", "B"), "h"), node("MatMul", List.of("h", "W"), "y")), // Add before MatMul
                List.of(node("Relu", List.of("x"), "h"), node("MatMul", List.of("h", "W"), "y")), // Relu first
                List.of(node("MatMul", List.of("x", "W"), "h"), node("Relu", List.of("h"), "r"), node("Add", List.of("r", "B"), "y")), // bias after Relu
                List.of(node("MatMul", List.of("x", "W"), "h"), node("Add", List.of("h", "h"), "y")), // residual, not a bias
                List.of(node("MatMul", List.of("x", "W"), "h"), node("Relu", List.of("h"), "r"), node("Identity", List.of("h"), "y")), // two chains
                List.of(node("Gemm", List.of("x", "W", "B"), "y", Map.of("transA", new Attribute.Int(1)))),
                List.of(node("Gemm", List.of("x", "W", "B"), "y", Map.of("alpha", new Attribute.Float(2f)))),
                List.of(node("Gemm", List.of("x", "W", "B"), "h"), node("Relu", List.of("h"), "y"))); // ReLU on the logits
        for (List<Node> nodes : bad) {
            assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(graph(nodes, "y", c)), nodes.toString());
        }
        assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(graph(List.of(node("Gemm", List.of("x", "W", "B"), "h")), "y", c)));
    }

    /** From review (fixed): a Gemm with a single input escapes as IndexOutOfBoundsException instead of a TrainingSetupException. */
    @Test
    void aGemmWithOneInputIsRefused() {
        assertThrows(TrainingSetupException.class,
                () -> DenseNetwork.of(graph(List.of(node("Gemm", List.of("x"), "y")), "y", Map.of("W", W23))));
    }

    /**
     * From review (fixed): every Reshape is passed through, even one that is not a flatten: [1,4] → [2,2] then
     * MatMul by a 2×3 matrix computes two rows in ONNX, but becomes a 2-input dense layer here.
     */
    @Test
    void aReshapeThatIsNotAFlattenIsRefused() {
        Graph g = new Graph("g", List.of(node("Reshape", List.of("x", "shape"), "r"), node("MatMul", List.of("r", "W"), "y")),
                List.of(new Graph.ValueInfo("x", new int[] {1, 4})), List.of(new Graph.ValueInfo("y", new int[] {2, 3})),
                Map.of("W", W23, "shape", new Tensor(new int[] {2}, new float[] {2, 2})), Map.of("x", new int[] {1, 4}, "r", new int[] {2, 2}, "y",
                        new int[] {2, 3}));
        assertThrows(TrainingSetupException.class, () -> DenseNetwork.of(g));
    }

    // ---------------------------------------------------------------- batch order

    @Test
    void batchOrderIsAPermutationDeterministicAndPerEpoch() {
        for (int rows : new int[] {1, 2, 3, 17, 455}) {
            BatchOrder o = new BatchOrder(99, new byte[32], new byte[32], rows);
            Set<List<Integer>> seen = new HashSet<>();
            for (int e = 0; e < 4; e++) {
                int[] p = o.permutation(e);
                assertArrayEquals(p, new BatchOrder(99, new byte[32], new byte[32], rows).permutation(e));
                int[] sorted = p.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < rows; i++) {
                    assertEquals(i, sorted[i]);
                }
                seen.add(Arrays.stream(p).boxed().toList());
            }
            if (rows >= 17) {
                assertEquals(4, seen.size(), "epochs get their own permutations");
            }
            // asking for epoch 3 first does not change it: epochs are independent
            assertArrayEquals(o.permutation(3), new BatchOrder(99, new byte[32], new byte[32], rows).permutation(3));
        }
        assertEquals(15, new BatchOrder(1, new byte[32], new byte[32], 455).batches(32));
    }

    /** From review (fixed): the key concatenated digests without lengths ({1,2},{3} = {1},{2,3}); digests are now 32 bytes. */
    @Test
    void batchOrderTakesOnlyThirtyTwoByteDigests() {
        assertThrows(IllegalArgumentException.class, () -> new BatchOrder(99, new byte[] {1, 2}, new byte[] {3}, 100));
        byte[] a = new byte[32], b = new byte[32];
        b[31] = 1;
        assertFalse(Arrays.equals(new BatchOrder(99, a, b, 100).permutation(0), new BatchOrder(99, b, a, 100).permutation(0)));
    }
}
