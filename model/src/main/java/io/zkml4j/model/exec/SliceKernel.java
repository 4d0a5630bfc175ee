package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Slice as the importer leaves it: one input, and starts, ends, axes and steps as attributes
 * (ONNX's clamping: negative positions count from the end, out-of-range ones are clamped, a
 * negative step walks backwards). zkml4j uses it to fold shape computations.
 */
final class SliceKernel implements OpKernel {
    /** Per axis: the first index, the step and the count of the slice. */
    private record Range(int start, int step, int count) {}

    private static Range[] ranges(Node node, int[] shape) {
        long[] starts = node.intsAttr("starts", new long[0]);
        long[] ends = node.intsAttr("ends", new long[0]);
        long[] axes = node.intsAttr("axes", null);
        long[] steps = node.intsAttr("steps", null);
        if (ends.length != starts.length || axes != null && axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw new IllegalArgumentException("Slice starts, ends, axes and steps differ in length");
        }
        Range[] r = new Range[shape.length];
        for (int a = 0; a < shape.length; a++) {
            r[a] = new Range(0, 1, shape[a]);
        }
        for (int k = 0; k < starts.length; k++) {
            int axis = Shapes.normalizeAxis(axes == null ? k : axes[k], shape.length, "Slice axis");
            long step = steps == null ? 1 : steps[k];
            if (step == 0) {
                throw new IllegalArgumentException("Slice step 0 on axis " + axis);
            }
            long dim = shape[axis];
            long start = starts[k] < 0 ? starts[k] + dim : starts[k];
            long end = ends[k] < 0 ? ends[k] + dim : ends[k];
            if (step > 0) {
                start = Math.max(0, Math.min(dim, start));
                end = Math.max(0, Math.min(dim, end));
            } else {
                start = Math.max(0, Math.min(dim - 1, start));
                end = Math.max(-1, Math.min(dim - 1, end));
            }
            long count = step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
            r[axis] = new Range((int) start, (int) step, (int) count);
        }
        return r;
    }

    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        Range[] r = ranges(node, in[0]);
        int[] out = new int[r.length];
        for (int a = 0; a < r.length; a++) {
            out[a] = r[a].count();
        }
        return new int[][] {out};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        Range[] r = ranges(node, xs);
        int[] out = outputShapes(node, new int[][] {xs}, new Tensor[1])[0];
        int[] strides = Shapes.strides(xs);
        float[] y = new float[Shapes.size(out)];
        int[] coordinate = new int[out.length];
        for (int i = 0; i < y.length; i++) {
            int at = 0;
            for (int a = 0; a < out.length; a++) {
                at += (r[a].start() + coordinate[a] * r[a].step()) * strides[a];
            }
            y[i] = in[0].data()[at];
            Shapes.advance(coordinate, out);
        }
        return new Tensor[] {new Tensor(out, y)};
    }
}
