package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;

/**
 * The recipe in double-precision arithmetic, as PyTorch's SGD does it (v ← μ·v + g + λ·w,
 * w ← w − lr·v, with g the batch's mean gradient): the reference the fixed-point training is
 * compared with.
 */
public final class FloatTrainer implements Trainer {
    private final DenseNetwork network;
    private final Recipe recipe;
    private final LabelledDataset data;
    private final double[][][] velocityW;
    private final double[][] velocityB;

    public FloatTrainer(DenseNetwork initial, Recipe recipe, LabelledDataset data) {
        Training.checkFits(initial, data);
        this.network = initial.copy();
        this.recipe = recipe;
        this.data = data;
        int n = network.layers().size();
        velocityW = new double[n][][];
        velocityB = new double[n][];
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            velocityW[l] = new double[layer.outputs()][layer.inputs()];
            velocityB[l] = new double[layer.outputs()];
        }
    }

    /** The current weights (a copy). */
    public DenseNetwork network() {
        return network.copy();
    }

    @Override
    public double step(int[] rows) {
        int n = network.layers().size();
        double[][][] gradW = new double[n][][];
        double[][] gradB = new double[n][];
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            gradW[l] = new double[layer.outputs()][layer.inputs()];
            gradB[l] = new double[layer.outputs()];
        }
        double loss = 0;
        for (int row : rows) {
            double[][] a = forward(data.rows()[row]);
            double[] y = a[n];
            int label = data.labels()[row];
            double[] delta = new double[y.length];
            if (recipe.loss() == Recipe.Loss.CROSS_ENTROPY) {
                double lse = logSumExp(y); // the loss is lse − y_label, its gradient softmax − one-hot
                loss += lse - y[label];
                for (int j = 0; j < y.length; j++) {
                    delta[j] = Math.exp(y[j] - lse) - (j == label ? 1 : 0);
                }
            } else {
                for (int j = 0; j < y.length; j++) {
                    delta[j] = y[j] - (j == label ? 1 : 0);
                    loss += 0.5 * delta[j] * delta[j];
                }
            }
            for (int l = n - 1; l >= 0; l--) {
                DenseNetwork.Layer layer = network.layers().get(l);
                double[] in = a[l];
                for (int o = 0; o < layer.outputs(); o++) {
                    gradB[l][o] += delta[o];
                    for (int i = 0; i < layer.inputs(); i++) {
                        gradW[l][o][i] += delta[o] * in[i];
                    }
                }
                if (l > 0) {
                    double[] back = new double[layer.inputs()];
                    for (int o = 0; o < layer.outputs(); o++) {
                        for (int i = 0; i < layer.inputs(); i++) {
                            back[i] += layer.weights()[o][i] * delta[o];
                        }
                    }
                    LayerActivation below = network.layers().get(l - 1).activation(); // in = f(z): f' from the output, as PyTorch
                    for (int i = 0; i < back.length; i++) {
                        back[i] *= below.derivativeFromOutput(in[i]);
                    }
                    delta = back;
                }
            }
        }
        Recipe.Optimizer opt = recipe.optimizer();
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            for (int o = 0; o < layer.outputs(); o++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    double g = gradW[l][o][i] / rows.length + opt.weightDecay() * layer.weights()[o][i];
                    velocityW[l][o][i] = opt.momentum() * velocityW[l][o][i] + g;
                    layer.weights()[o][i] -= opt.learningRate() * velocityW[l][o][i];
                }
                double g = gradB[l][o] / rows.length + opt.weightDecay() * layer.bias()[o]; // as PyTorch, decay applies to biases too
                velocityB[l][o] = opt.momentum() * velocityB[l][o] + g;
                layer.bias()[o] -= opt.learningRate() * velocityB[l][o];
            }
        }
        return loss / rows.length;
    }

    @Override
    public int predict(double[] features) {
        double[] y = forward(features)[network.layers().size()];
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            if (y[j] > y[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The input and every layer's output (after its activation). */
    private double[][] forward(double[] x) {
        int n = network.layers().size();
        double[][] a = new double[n + 1][];
        a[0] = x;
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            double[] z = new double[layer.outputs()];
            for (int o = 0; o < z.length; o++) {
                double s = layer.bias()[o];
                for (int i = 0; i < layer.inputs(); i++) {
                    s += layer.weights()[o][i] * a[l][i];
                }
                z[o] = layer.activation().apply(s);
            }
            a[l + 1] = z;
        }
        return a;
    }

    private static double logSumExp(double[] y) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : y) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }
}
