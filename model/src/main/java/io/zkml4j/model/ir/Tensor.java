package io.zkml4j.model.ir;

import java.util.Arrays;

/**
 * A dense float tensor in row-major order (the last dimension varies fastest), as ONNX stores
 * them. Values are kept as {@code float}; integer-typed ONNX tensors (shapes, indices) are
 * converted exactly when they fit (|v| < 2^24) and otherwise rejected by the importer.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    public Tensor(int[] shape, float[] data) {
        long size = size(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[Math.toIntExact(size(shape))]);
    }

    public static Tensor scalar(float v) {
        return new Tensor(new int[0], new float[] {v});
    }

    public static long size(int[] shape) {
        long s = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            s *= d;
        }
        return s;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The backing array (not copied): executors write into fresh tensors only. */
    public float[] data() {
        return data;
    }

    public float get(int flatIndex) {
        return data[flatIndex];
    }

    public Tensor reshape(int... newShape) {
        return new Tensor(newShape, data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
