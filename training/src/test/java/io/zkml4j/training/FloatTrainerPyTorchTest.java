package io.zkml4j.training;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.io.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The float trainer against torch.optim.SGD (float64) on a 4-5-3 network (a ReLU, sigmoid, tanh or
 * leaky ReLU hidden layer), four steps of batches of four, for cross-entropy with momentum and
 * weight decay and for MSE with and without them: the
 * reference values are pytorch_sgd.json, made by pytorch_sgd.py beside it (Debian python3-torch).
 */
class FloatTrainerPyTorchTest {
    @Test
    void everyStepMatchesPyTorchsSgd() throws Exception {
        Map<?, ?> ref;
        try (InputStream in = FloatTrainerPyTorchTest.class.getResourceAsStream("pytorch_sgd.json")) {
            ref = (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "pytorch_sgd.json");
        }
        double[][] x = matrix(ref.get("x"));
        List<?> labelList = (List<?>) ref.get("labels");
        int[] labels = new int[labelList.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) (double) (Double) labelList.get(i);
        }
        LabelledDataset data = new LabelledDataset(List.of("a", "b", "c", "d"), x, labels);
        List<int[]> batches = new ArrayList<>();
        for (Object b : (List<?>) ref.get("batches")) {
            batches.add(((List<?>) b).stream().mapToInt(v -> (int) (double) (Double) v).toArray());
        }
        for (Object c : (List<?>) ref.get("cases")) {
            Map<?, ?> tc = (Map<?, ?>) c;
            LayerActivation hidden = switch ((String) tc.get("activation")) {
                case "relu" -> LayerActivation.RELU;
                case "sigmoid" -> LayerActivation.SIGMOID;
                case "tanh" -> LayerActivation.TANH;
                case "leaky_relu" -> LayerActivation.leakyRelu(0.1);
                default -> throw new AssertionError("activation " + tc.get("activation"));
            };
            DenseNetwork init = new DenseNetwork(List.of(new DenseNetwork.Layer(matrix(ref.get("w1")), vector(ref.get("b1")), hidden),
                    new DenseNetwork.Layer(matrix(ref.get("w2")), vector(ref.get("b2")), LayerActivation.NONE)));
            Recipe.Loss loss = tc.get("loss").equals("mse") ? Recipe.Loss.MSE : Recipe.Loss.CROSS_ENTROPY;
            Recipe recipe = new Recipe(Path.of("init.onnx"), loss, new Recipe.Optimizer((Double) tc.get("learning_rate"), (Double) tc.get("momentum"),
                    (Double) tc.get("weight_decay")), 4, 1, 0);
            FloatTrainer f = new FloatTrainer(init, recipe, data);
            double[] losses = vector(tc.get("losses"));
            for (int s = 0; s < batches.size(); s++) {
                assertEquals(losses[s], f.step(batches.get(s)), 1e-12, tc.get("activation") + ", " + tc.get("loss") + " step " + s + " loss");
            }
            String what = tc.get("activation") + ", " + tc.get("loss") + " lr " + tc.get("learning_rate") + " momentum " + tc.get("momentum");
            assertClose(matrix(tc.get("w1")), f.network().layers().get(0).weights(), what + " w1");
            assertClose(new double[][] {vector(tc.get("b1"))}, new double[][] {f.network().layers().get(0).bias()}, what + " b1");
            assertClose(matrix(tc.get("w2")), f.network().layers().get(1).weights(), what + " w2");
            assertClose(new double[][] {vector(tc.get("b2"))}, new double[][] {f.network().layers().get(1).bias()}, what + " b2");
        }
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], actual[r][c], 1e-12, what + " [" + r + "][" + c + "]");
            }
        }
    }

    private static double[][] matrix(Object o) {
        List<?> rows = (List<?>) o;
        double[][] m = new double[rows.size()][];
        for (int r = 0; r < m.length; r++) {
            m[r] = vector(rows.get(r));
        }
        return m;
    }

    private static double[] vector(Object o) {
        return ((List<?>) o).stream().mapToDouble(v -> (Double) v).toArray();
    }
}
