package io.zkml4j.model.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kernel on small cases worked out by hand from the ONNX operator definitions. */
class KernelsTest {
    private static Tensor t(int[] shape, float... values) {
        return new Tensor(shape, values);
    }

    private static int[] s(int... dims) {
        return dims;
    }

    /** Attributes as name/value pairs: ints, floats, long[], String. */
    private static Map<String, Attribute> attrs(Object... kv) {
        Map<String, Attribute> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], switch (v) {
                case Integer n -> new Attribute.Int(n);
                case Float f -> new Attribute.Float(f);
                case long[] l -> new Attribute.Ints(l);
                case String str -> new Attribute.Str(str);
                default -> throw new IllegalArgumentException(v.toString());
            });
        }
        return m;
    }

    /** Runs one kernel, checking that its shape inference agrees with what it computes. */
    private static Tensor apply(String op, Map<String, Attribute> attrs, Tensor... inputs) {
        List<String> in = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            in.add(inputs[k] == null ? "" : "in" + k);
        }
        Node node = new Node("n", op, in, List.of("out"), attrs);
        OpKernel kernel = Kernels.of(op);
        int[][] shapes = new int[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            shapes[k] = inputs[k] == null ? null : inputs[k].shape();
        }
        int[] inferred = kernel.outputShapes(node, shapes, inputs)[0];
        Tensor out = kernel.compute(node, inputs)[0];
        assertArrayEquals(inferred, out.shape(), op + ": inferred shape differs from computed shape");
        return out;
    }

    private static Tensor apply(String op, Tensor... inputs) {
        return apply(op, Map.of(), inputs);
    }

    @Test
    void arithmeticBroadcasts() {
        Tensor a = t(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, apply("Add", a, t(s(3), 10, 20, 30)).data());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, apply("Sub", a, t(s(2, 1), 1, 4)).data());
        Tensor outer = apply("Mul", t(s(2, 1), 2, 3), t(s(1, 3), 1, 10, 100));
        assertArrayEquals(new int[] {2, 3}, outer.shape());
        assertArrayEquals(new float[] {2, 20, 200, 3, 30, 300}, outer.data());
        assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, apply("Mul", a, Tensor.scalar(-1)).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply("Add", a, t(s(2), 1, 2)));
        assertEquals("shapes [2, 3] and [2] cannot be broadcast together (dimension 1 of the result: 3 vs 2)", e.getMessage());
    }

    @Test
    void activations() {
        Tensor x = t(s(4), -2, -0.5f, 0, 3);
        assertArrayEquals(new float[] {0, 0, 0, 3}, apply("Relu", x).data());
        assertArrayEquals(new float[] {-0.02f, -0.005f, 0, 3}, apply("LeakyRelu", x).data(), 1e-7f);
        assertArrayEquals(new float[] {-1, -0.25f, 0, 3}, apply("LeakyRelu", attrs("alpha", 0.5f), x).data());
        assertArrayEquals(new float[] {0.5f}, apply("Sigmoid", Tensor.scalar(0)).data());
        assertEquals(1 / (1 + Math.exp(-3)), apply("Sigmoid", x).data()[3], 1e-7);
        assertEquals(Math.tanh(-0.5), apply("Tanh", x).data()[1], 1e-7);
    }

    @Test
    void gemm() {
        Tensor a = t(s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = t(s(3, 2), 1, 0, 0, 1, 1, 1);
        assertArrayEquals(new float[] {4, 5, 10, 11}, apply("Gemm", a, b).data());
        // Aᵀ: A given as 3×2; Bᵀ: B given as 2×3; alpha 2, beta 0.5 with a row-vector C.
        Tensor at = t(s(3, 2), 1, 4, 2, 5, 3, 6);
        Tensor bt = t(s(2, 3), 1, 0, 1, 0, 1, 1);
        Tensor y = apply("Gemm", attrs("transA", 1, "transB", 1, "alpha", 2f, "beta", 0.5f), at, bt, t(s(2), 10, 20));
        assertArrayEquals(new float[] {13, 20, 25, 32}, y.data());
        assertThrows(IllegalArgumentException.class, () -> apply("Gemm", a, b, t(s(3), 1, 2, 3)));
    }

    @Test
    void matMulFollowsNumpy() {
        Tensor a = t(s(2, 2), 1, 2, 3, 4);
        assertArrayEquals(new float[] {1, 2, 3, 4}, apply("MatMul", a, t(s(2, 2), 1, 0, 0, 1)).data());
        // A batch of two left matrices against one shared right matrix.
        Tensor batch = apply("MatMul", t(s(2, 1, 2), 1, 1, 2, 0), a);
        assertArrayEquals(new int[] {2, 1, 2}, batch.shape());
        assertArrayEquals(new float[] {4, 6, 2, 4}, batch.data());
        // 1-D operands are a row vector on the left and a column vector on the right; the added dim goes away.
        Tensor rowTimes = apply("MatMul", t(s(2), 1, 1), a);
        assertArrayEquals(new int[] {2}, rowTimes.shape());
        assertArrayEquals(new float[] {4, 6}, rowTimes.data());
        Tensor timesCol = apply("MatMul", a, t(s(2), 1, -1));
        assertArrayEquals(new float[] {-1, -1}, timesCol.data());
        assertArrayEquals(new int[] {}, apply("MatMul", t(s(2), 1, 2), t(s(2), 3, 4)).shape());
    }

    @Test
    void convolution() {
        Tensor x = t(s(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor w = t(s(1, 1, 2, 2), 1, 0, 0, 1); // x[i][j] + x[i+1][j+1]
        assertArrayEquals(new float[] {6, 8, 12, 14}, apply("Conv", x, w).data());
        // With a bias, padding 1 and stride 2: windows start at (-1,-1), (-1,1), (1,-1), (1,1), so the
        // outputs are 0+x[0][0], 0+x[0][2], 0+x[2][0], x[1][1]+x[2][2], plus 100.
        Tensor y = apply("Conv", attrs("pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2}), x, w, t(s(1), 100));
        assertArrayEquals(new float[] {101, 103, 107, 114}, y.data());
        // Dilation 2: x[i][j] + x[i+2][j+2].
        assertArrayEquals(new float[] {10}, apply("Conv", attrs("dilations", new long[] {2, 2}), x, w).data());
        // Depthwise (group 2): each channel with its own 1×1 kernel.
        Tensor two = t(s(1, 2, 1, 2), 1, 2, 3, 4);
        Tensor dw = apply("Conv", attrs("group", 2), two, t(s(2, 1, 1, 1), 10, -1));
        assertArrayEquals(new float[] {10, 20, -3, -4}, dw.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply("Conv", two, t(s(1, 1, 1, 1), 1)));
        assertEquals("Conv weight [1, 1, 1, 1] expects 1 channels per group, but the input [1, 2, 1, 2] has 2 with group 1",
                e.getMessage());
    }

    @Test
    void autoPadSameKeepsTheSizeForStrideOne() {
        Tensor x = t(s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor w = t(s(1, 1, 2, 2), 1, 1, 1, 1);
        // SAME_UPPER pads at the end: sums of the 2×2 windows starting at each pixel.
        assertArrayEquals(new float[] {10, 6, 7, 4}, apply("Conv", attrs("auto_pad", "SAME_UPPER"), x, w).data());
        // SAME_LOWER pads at the beginning: windows ending at each pixel.
        assertArrayEquals(new float[] {1, 3, 4, 10}, apply("Conv", attrs("auto_pad", "SAME_LOWER"), x, w).data());
        assertArrayEquals(new float[] {10}, apply("Conv", attrs("auto_pad", "VALID"), x, w).data());
    }

    @Test
    void pooling() {
        Tensor x = t(s(1, 1, 2, 3), 1, 5, 2, -4, 0, 3);
        assertArrayEquals(new float[] {5, 5}, apply("MaxPool", attrs("kernel_shape", new long[] {2, 2}), x).data());
        assertArrayEquals(new float[] {0.5f, 2.5f}, apply("AveragePool", attrs("kernel_shape", new long[] {2, 2}), x).data());
        // Padding 1 on the left only, stride 2: the first window covers one padded column.
        Map<String, Attribute> padded = attrs("kernel_shape", new long[] {2, 2}, "pads", new long[] {0, 1, 0, 0},
                "strides", new long[] {1, 2});
        assertArrayEquals(new float[] {-1.5f, 2.5f}, apply("AveragePool", padded, x).data()); // (1-4)/2, (5+2+0+3)/4
        padded.put("count_include_pad", new Attribute.Int(1));
        assertArrayEquals(new float[] {-0.75f, 2.5f}, apply("AveragePool", padded, x).data()); // (1-4)/4
        assertArrayEquals(new float[] {1, 5}, apply("MaxPool", padded, x).data()); // padding never wins
        assertThrows(IllegalArgumentException.class,
                () -> apply("MaxPool", attrs("kernel_shape", new long[] {2, 2}, "ceil_mode", 1), x));
        assertArrayEquals(new float[] {7f / 6, 2}, apply("GlobalAveragePool",
                t(s(1, 2, 1, 3), 1, 5, -2.5f, 2, 2, 2)).data(), 1e-6f);
    }

    @Test
    void batchNormalization() {
        Tensor x = t(s(1, 2, 1, 2), 1, 3, 10, 20);
        Tensor y = apply("BatchNormalization", attrs("epsilon", 0f), x,
                t(s(2), 2, 1), t(s(2), 0, 1), t(s(2), 2, 10), t(s(2), 4, 100));
        // channel 0: (x-2)/2*2+0; channel 1: (x-10)/10*1+1
        assertArrayEquals(new float[] {-1, 1, 1, 2}, y.data());
    }

    @Test
    void shapeOperators() {
        Tensor x = t(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new int[] {2, 3}, apply("Flatten", t(s(2, 3, 1), 1, 2, 3, 4, 5, 6)).shape());
        assertArrayEquals(new int[] {1, 6}, apply("Flatten", attrs("axis", 0), x).shape());
        assertArrayEquals(new int[] {3, 2}, apply("Reshape", x, t(s(2), -1, 2)).shape());
        assertArrayEquals(new int[] {2, 3, 1}, apply("Reshape", x, t(s(3), 0, 0, -1)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply("Reshape", x, t(s(2), 4, 2)));
        assertEquals("Reshape to [4, 2] needs 8 values, but the input [2, 3] has 6", e.getMessage());
        Tensor tr = apply("Transpose", x);
        assertArrayEquals(new int[] {3, 2}, tr.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, tr.data());
        Tensor perm = apply("Transpose", attrs("perm", new long[] {1, 2, 0}), t(s(2, 1, 2), 1, 2, 3, 4));
        assertArrayEquals(new int[] {1, 2, 2}, perm.shape());
        assertArrayEquals(new float[] {1, 3, 2, 4}, perm.data());
        Tensor cat = apply("Concat", attrs("axis", 1), x, t(s(2, 1), 7, 8));
        assertArrayEquals(new float[] {1, 2, 3, 7, 4, 5, 6, 8}, cat.data());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 9, 9, 9}, apply("Concat", attrs("axis", -2), x, t(s(1, 3), 9, 9, 9)).data());
        assertArrayEquals(new int[] {2, 1, 3}, apply("Unsqueeze", attrs("axes", new long[] {1}), x).shape());
        assertArrayEquals(new int[] {2, 3}, apply("Squeeze", t(s(1, 2, 1, 3), 1, 2, 3, 4, 5, 6)).shape());
        assertArrayEquals(new int[] {2, 1, 3}, apply("Squeeze", t(s(1, 2, 1, 3), 1, 2, 3, 4, 5, 6), t(s(1), 0)).shape());
    }

    @Test
    void clipSoftmaxAndIdentity() {
        Tensor x = t(s(4), -5, -0.5f, 0.5f, 5);
        assertArrayEquals(new float[] {-1, -0.5f, 0.5f, 1}, apply("Clip", x, Tensor.scalar(-1), Tensor.scalar(1)).data());
        assertArrayEquals(new float[] {-5, -0.5f, 0.5f, 1}, apply("Clip", x, null, Tensor.scalar(1)).data());
        assertArrayEquals(new float[] {-5, -0.5f, 0.5f, 5}, apply("Clip", x).data());
        Tensor sm = apply("Softmax", t(s(2, 2), 0, (float) Math.log(3), 1000, 1000));
        assertArrayEquals(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, sm.data(), 1e-6f); // large values do not overflow
        Tensor col = apply("Softmax", attrs("axis", 0), t(s(2, 2), 0, 5, 0, 5));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, col.data(), 1e-6f);
        Tensor copy = apply("Identity", x);
        assertArrayEquals(x.data(), copy.data());
        copy.data()[0] = 42;
        assertEquals(-5, x.get(0), "Identity returns a copy");
    }

    @Test
    void foldingKernels() {
        Tensor data = t(s(3, 2), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new float[] {5, 6, 1, 2}, apply("Gather", data, t(s(2), -1, 0)).data());
        Tensor cols = apply("Gather", attrs("axis", 1), data, Tensor.scalar(1));
        assertArrayEquals(new int[] {3}, cols.shape());
        assertArrayEquals(new float[] {2, 4, 6}, cols.data());
        assertThrows(IllegalArgumentException.class, () -> apply("Gather", data, t(s(1), 3)));
        assertArrayEquals(new float[] {1, -2, 0, 255}, apply("Cast", attrs("to", 7), t(s(4), 1.9f, -2.7f, 0.2f, 255)).data());
        assertArrayEquals(new float[] {1, 0, 1}, apply("Cast", attrs("to", 9), t(s(3), 2, 0, -0.1f)).data());
        assertArrayEquals(new float[] {255, 1}, apply("Cast", attrs("to", 2), t(s(2), -1, 257)).data());
        assertArrayEquals(new float[] {2, 3, 4}, apply("Shape", Tensor.zeros(2, 3, 4)).data());
        assertArrayEquals(new float[] {3}, apply("Shape", attrs("start", 1, "end", -1), Tensor.zeros(2, 3, 4)).data());
    }
}
