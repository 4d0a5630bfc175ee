package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small quantised models built directly, for protocol tests that need no ONNX file. */
public final class TestModels {
    private TestModels() {}

    static long[] randomInts(int n, int bound, SplittableRandom r) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(2 * bound + 1) - bound;
        }
        return v;
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

    public static long[] input(int n, long seed) {
        return randomInts(n, 1000, new SplittableRandom(seed));
    }
}
