package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.model.quant.Requant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small quantised models built directly, for protocol tests that need no ONNX file. */
public final class TestModels {
    private TestModels() {}

    static long[] randomInts(int n, int bound, SplittableRandom r) {
        return QuantizedModelBuilder.randomInts(n, bound, r);
    }

    /** input[in] -> Dense(hidden) + activation -> Dense(out) identity. */
    public static QuantizedModel mlp(int in, int hidden, int out, Activation act, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {in}, 1.0 / 1024));
        tensors.put("h", new QuantizedModel.TensorSpec(new int[] {hidden}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {out}, 1.0 / 1024));
        QLayer.Dense l1 = new QLayer.Dense("fc1", "x", "h", in, hidden, randomInts(in * hidden, 100, r), randomInts(hidden, 5000, r),
                new Requant(12, act));
        QLayer.Dense l2 = new QLayer.Dense("fc2", "h", "y", hidden, out, randomInts(hidden * out, 100, r), randomInts(out, 5000, r),
                new Requant(9, Activation.IDENTITY));
        return new QuantizedModel("test-mlp", tensors, "x", "y", List.of(l1, l2));
    }

    static QLayer.ConvGeometry conv(int inC, int inH, int inW, int outC, int k, int stride, int pad, int groups) {
        return new QLayer.ConvGeometry(inC, inH, inW, outC, k, k, stride, stride, pad, pad, pad, pad, 1, 1, groups);
    }

    /** x[2,8,8] → Conv 4×3×3 (pad 1) + ReLU → MaxPool 2×2 → Flatten → Dense 10. */
    public static QuantizedModel cnn(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, seed);
        QLayer.ConvGeometry g = conv(2, 8, 8, 4, 3, 1, 1, 1);
        b.layer(new QLayer.Conv("conv1", "x", "c1", g, b.ints(4 * 2 * 9, 100), b.ints(4, 3000), new Requant(9, Activation.RELU)), 4, 8, 8);
        b.layer(new QLayer.MaxPool("pool1", "c1", "p1", new QLayer.PoolGeometry(4, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0)), 4, 4, 4);
        b.layer(new QLayer.Reshape("flatten", "p1", "f"), 64);
        b.layer(new QLayer.Dense("fc", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("test-cnn", "y");
    }

    /** x[4,6,6] → grouped Conv (2 groups, 6 out, 3×3) + tanh → AveragePool 2×2 → Flatten → Dense 5. */
    public static QuantizedModel groupedConvAvgPool(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {4, 6, 6}, seed);
        QLayer.ConvGeometry g = conv(4, 6, 6, 6, 3, 1, 0, 2);
        b.layer(new QLayer.Conv("conv", "x", "c", g, b.ints(6 * 2 * 9, 100), b.ints(6, 3000), new Requant(8, Activation.tanh(1.0 / 1024, 14))),
                6, 4, 4);
        long[] multipliers = new long[4];
        java.util.Arrays.fill(multipliers, 1024);
        b.layer(new QLayer.AvgPool("avg", "c", "a", new QLayer.PoolGeometry(6, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0), true, multipliers,
                new Requant(12, Activation.IDENTITY)), 6, 2, 2);
        b.layer(new QLayer.Reshape("flatten", "a", "f"), 24);
        b.layer(new QLayer.Dense("fc", "f", "y", 24, 5, b.ints(120, 100), b.ints(5, 3000), new Requant(10, Activation.IDENTITY)), 5);
        return b.build("test-grouped", "y");
    }

    /**
     * x[32] → Dense 32 + ReLU → h; Affine per 4 channels → g; Add(h, g) → s; sigmoid(s) → z;
     * Mul(z, h) → m; Concat(m, h) → [64] → reshape [8,8] → Transpose → Flatten → Dense 10.
     */
    public static QuantizedModel elementwise(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {32}, seed);
        b.layer(new QLayer.Dense("fc1", "x", "h", 32, 32, b.ints(32 * 32, 100), b.ints(32, 3000), new Requant(11, Activation.RELU)), 32);
        b.layer(new QLayer.Affine("bn", "h", "g", 4, 8, b.ints(4, 300), b.ints(4, 30000), new Requant(8, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Add("add", "h", "g", "s", 3, -2, new Requant(2, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Activate("sig", "s", "z", new Requant(0, Activation.sigmoid(1.0 / 1024, 14))), 32);
        b.layer(new QLayer.Mul("mul", "z", "h", "m", 1, new Requant(14, Activation.IDENTITY)), 32);
        b.layer(new QLayer.Concat("cat", java.util.List.of("m", "h"), "c", 0), 64);
        b.layer(new QLayer.Reshape("square", "c", "c2"), 8, 8);
        b.layer(new QLayer.Transpose("transpose", "c2", "ct", new int[] {1, 0}), 8, 8);
        b.layer(new QLayer.Reshape("flatten", "ct", "f"), 64);
        b.layer(new QLayer.Dense("fc2", "f", "y", 64, 10, b.ints(640, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        return b.build("test-elementwise", "y");
    }

    /** x[2,8,8] → Conv 3×1×1 → MaxPool 3×3, stride 2, pad 1 as the output (a public output that is not requantised). */
    public static QuantizedModel poolOutput(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, seed);
        b.layer(new QLayer.Conv("conv", "x", "c", conv(2, 8, 8, 3, 1, 1, 0, 1), b.ints(6, 100), b.ints(3, 3000),
                new Requant(6, Activation.IDENTITY)), 3, 8, 8);
        b.layer(new QLayer.MaxPool("pool", "c", "y", new QLayer.PoolGeometry(3, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1)), 3, 4, 4);
        return b.build("test-pool-output", "y");
    }

    /** x[40] → Dense 32 + ReLU as the output (so the activation's output is public). */
    public static QuantizedModel reluOutput(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, seed);
        b.layer(new QLayer.Dense("fc", "x", "y", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        return b.build("test-relu-output", "y");
    }

    /**
     * x[12] → Dense 3 → h[3, 1]; Broadcast to [3, 4] → hb; Add(x as [3, 4], hb) → y: a centred
     * row, the shape attention and layer normalisation produce.
     */
    public static QuantizedModel broadcastAdd(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {12}, seed);
        b.layer(new QLayer.Dense("fc", "x", "h", 12, 3, b.ints(36, 100), b.ints(3, 3000), new Requant(9, Activation.IDENTITY)), 3, 1);
        b.layer(new QLayer.Reshape("rows", "x", "xr"), 3, 4);
        b.layer(new QLayer.Broadcast("spread", "h", "hb"), 3, 4);
        b.layer(new QLayer.Add("centre", "xr", "hb", "y", 1, -1, new Requant(0, Activation.IDENTITY)), 3, 4);
        return b.build("test-broadcast", "y");
    }

    /** x[12] → Dense 3 + ReLU → h[3, 1]; Broadcast to [2, 3, 4] as the output (public, from a committed input). */
    public static QuantizedModel broadcastOutput(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {12}, seed);
        b.layer(new QLayer.Dense("fc", "x", "h", 12, 3, b.ints(36, 100), b.ints(3, 3000), new Requant(9, Activation.RELU)), 3, 1);
        b.layer(new QLayer.Broadcast("spread", "h", "y"), 2, 3, 4);
        return b.build("test-broadcast-output", "y");
    }

    /** x[24] → Dense 12 → a[3, 4]; Dense 20 → b[4, 5]; MatMul(a, b) → y[3, 5] (public): a product of two computed matrices. */
    public static QuantizedModel matMul(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {24}, seed);
        b.layer(new QLayer.Dense("fa", "x", "a", 24, 12, b.ints(24 * 12, 100), b.ints(12, 3000), new Requant(9, Activation.IDENTITY)), 3, 4);
        b.layer(new QLayer.Dense("fb", "x", "bm", 24, 20, b.ints(24 * 20, 100), b.ints(20, 3000), new Requant(9, Activation.IDENTITY)), 4, 5);
        b.layer(new QLayer.MatMul("ab", "a", "bm", "y", 3, 4, 5, 3, new Requant(14, Activation.IDENTITY)), 3, 5);
        return b.build("test-matmul", "y");
    }

    /**
     * x[2,3,3] → Conv 1×1 → c[3,3,3] (channel blocks of 16 positions); x → Dense 27 → reshape
     * [3,3,3] (flat); c + d and d·c: operands that two layers laid out differently (a residual).
     */
    public static QuantizedModel residual(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 3, 3}, seed);
        b.layer(new QLayer.Conv("conv", "x", "c", conv(2, 3, 3, 3, 1, 1, 0, 1), b.ints(6, 100), b.ints(3, 3000),
                new Requant(6, Activation.IDENTITY)), 3, 3, 3);
        b.layer(new QLayer.Reshape("flat", "x", "xf"), 18);
        b.layer(new QLayer.Dense("fc", "xf", "d", 18, 27, b.ints(18 * 27, 100), b.ints(27, 3000), new Requant(8, Activation.IDENTITY)), 27);
        b.layer(new QLayer.Reshape("cube", "d", "dc"), 3, 3, 3);
        b.layer(new QLayer.Add("sum", "c", "dc", "s", 1, 1, new Requant(1, Activation.IDENTITY)), 3, 3, 3);
        b.layer(new QLayer.Mul("product", "dc", "s", "y", 1, new Requant(12, Activation.IDENTITY)), 3, 3, 3);
        return b.build("test-residual", "y");
    }

    /**
     * x[12] → Dense 6 + ReLU → h[2, 3]; Select as the public output: h padded to [4, 5] with 7 around
     * it (rows 0 and 3, columns 0 and 4) and its first column repeated into the last row.
     */
    public static QuantizedModel selectOutput(long seed) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {12}, seed);
        b.layer(new QLayer.Dense("fc", "x", "h", 12, 6, b.ints(72, 100), b.ints(6, 3000), new Requant(9, Activation.RELU)), 2, 3);
        int[] index = new int[20];
        java.util.Arrays.fill(index, -1);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                index[(r + 1) * 5 + c + 1] = r * 3 + c;
            }
        }
        index[15] = 0;
        index[16] = 3;
        b.layer(new QLayer.Select("pad", "h", "y", index, 7), 4, 5);
        return b.build("test-select-output", "y");
    }

    public static long[] input(int n, long seed) {
        return randomInts(n, 1000, new SplittableRandom(seed));
    }
}
