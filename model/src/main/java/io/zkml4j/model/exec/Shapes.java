package io.zkml4j.model.exec;

import java.util.Arrays;

/** Small helpers on shapes (int arrays, row-major), shared by the kernels. */
public final class Shapes {
    private Shapes() {}

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The number of values a tensor of this shape holds; throws when it would not fit a Java array. */
    public static int size(int[] shape) {
        long s = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + toString(shape));
            }
            s *= d;
            if (s > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + toString(shape) + " holds more values than a tensor can");
            }
        }
        return (int) s;
    }

    /** The product of dims [from, to). */
    public static int product(int[] shape, int from, int to) {
        long s = 1;
        for (int k = from; k < to; k++) {
            s *= shape[k];
        }
        return Math.toIntExact(s);
    }

    /** Moves a coordinate to the next position of a shape in row-major order (the last axis fastest, wrapping to zeros). */
    public static void advance(int[] coordinate, int[] shape) {
        for (int a = shape.length - 1; a >= 0; a--) {
            if (++coordinate[a] < shape[a]) {
                return;
            }
            coordinate[a] = 0;
        }
    }

    /** Row-major strides: strides[k] = product of dims after k. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            strides[k] = s;
            s *= shape[k];
        }
        return strides;
    }

    /**
     * An axis in [-rank, rank) as a non-negative index (ONNX counts negative axes from the end).
     *
     * @param what names the attribute in the error, e.g. "Softmax axis"
     */
    public static int normalizeAxis(long axis, int rank, String what) {
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(what + " " + axis + " is out of range for rank " + rank
                    + " (allowed: " + (-rank) + " to " + (rank - 1) + ")");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** A tensor value as a list of integers (shape and axis inputs), checking each is a whole number. */
    public static long[] toLongs(io.zkml4j.model.ir.Tensor t, String what) {
        float[] d = t.data();
        long[] out = new long[d.length];
        for (int k = 0; k < d.length; k++) {
            if (d[k] != Math.rint(d[k]) || Float.isInfinite(d[k])) {
                throw new IllegalArgumentException(what + " holds " + d[k] + ", which is not an integer");
            }
            out[k] = (long) d[k];
        }
        return out;
    }

    /** Requires a given rank, for operators defined on fixed ranks. */
    public static void requireRank(int[] shape, int rank, String what) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got shape " + toString(shape));
        }
    }
}
