package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Tensor;
import java.util.function.DoubleBinaryOperator;

/**
 * Numpy-style (multidirectional) broadcasting, as ONNX defines it: shapes are aligned on their
 * last dimension, and each pair of dimensions must be equal or one of them 1.
 */
public final class Broadcasting {
    private Broadcasting() {}

    /** The broadcast shape of a and b. */
    public static int[] shape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int k = 0; k < rank; k++) {
            int da = k < rank - a.length ? 1 : a[k - (rank - a.length)];
            int db = k < rank - b.length ? 1 : b[k - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Shapes.toString(a) + " and " + Shapes.toString(b)
                        + " cannot be broadcast together (dimension " + k + " of the result: " + da + " vs " + db + ")");
            }
            out[k] = da == 1 ? db : da;
        }
        return out;
    }

    /** Whether {@code from} broadcasts to {@code to} without changing {@code to} (unidirectional, as Gemm's C). */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int k = 0; k < from.length; k++) {
            int d = from[from.length - 1 - k];
            if (d != 1 && d != to[to.length - 1 - k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strides to read a tensor of shape {@code from} at the positions of a tensor of shape
     * {@code to}: 0 where {@code from} has a broadcast dimension (size 1 or missing).
     */
    public static int[] stridesFor(int[] from, int[] to) {
        int[] own = Shapes.strides(from);
        int[] out = new int[to.length];
        int offset = to.length - from.length;
        for (int k = offset; k < to.length; k++) {
            out[k] = from[k - offset] == 1 ? 0 : own[k - offset];
        }
        return out;
    }

    /** Applies op elementwise to a and b, broadcast to their common shape, computing in double. */
    public static Tensor apply(Tensor a, Tensor b, DoubleBinaryOperator op) {
        int[] out = shape(a.shape(), b.shape());
        int[] sa = stridesFor(a.shape(), out);
        int[] sb = stridesFor(b.shape(), out);
        float[] da = a.data();
        float[] db = b.data();
        float[] result = new float[Shapes.size(out)];
        int[] index = new int[out.length];
        int ia = 0;
        int ib = 0;
        for (int k = 0; k < result.length; k++) {
            result[k] = (float) op.applyAsDouble(da[ia], db[ib]);
            // Advance the multi-index like an odometer, keeping both read offsets in step.
            for (int axis = out.length - 1; axis >= 0; axis--) {
                if (++index[axis] < out[axis]) {
                    ia += sa[axis];
                    ib += sb[axis];
                    break;
                }
                index[axis] = 0;
                ia -= sa[axis] * (out[axis] - 1);
                ib -= sb[axis] * (out[axis] - 1);
            }
        }
        return new Tensor(out, result);
    }
}
