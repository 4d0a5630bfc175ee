package io.zkml4j.model.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a quantised model layer by layer, every tensor at scale 2^−10, with seeded random integer
 * weights: for tests that need a small model of chosen layers and no ONNX file (the proof module's
 * protocol tests, the EVM verifier's differential tests).
 */
public final class QuantizedModelBuilder {
    private final Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
    private final List<QLayer> layers = new ArrayList<>();
    private final SplittableRandom random;
    private final String input;

    public QuantizedModelBuilder(String input, int[] shape, long seed) {
        this.input = input;
        this.random = new SplittableRandom(seed);
        tensor(input, shape);
    }

    public QuantizedModelBuilder tensor(String name, int... shape) {
        tensors.put(name, new QuantizedModel.TensorSpec(shape, 1.0 / 1024));
        return this;
    }

    /** n integers uniform in [−bound, bound], from the builder's seeded stream. */
    public long[] ints(int n, int bound) {
        return randomInts(n, bound, random);
    }

    /** Adds a layer and declares its output tensor with this shape. */
    public QuantizedModelBuilder layer(QLayer layer, int... outputShape) {
        layers.add(layer);
        return tensor(layer.output(), outputShape);
    }

    public QuantizedModel build(String name, String output) {
        return new QuantizedModel(name, tensors, input, output, layers);
    }

    /** n integers uniform in [−bound, bound]. */
    public static long[] randomInts(int n, int bound, SplittableRandom r) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(2 * bound + 1) - bound;
        }
        return v;
    }
}
