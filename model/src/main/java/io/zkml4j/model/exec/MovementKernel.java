package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * The operators that only move values, each output position reading one input position: Expand
 * (numpy broadcasting to a constant shape), Tile (constant repeats), Split (constant sizes, or
 * num_outputs equal parts, the last smaller) and GatherElements (constant indices along an axis). Their parameters are constant inputs (attributes
 * before opset 13 for Split), which the output shapes need.
 */
final class MovementKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        return switch (node.opType()) {
            case "Expand" -> {
                Kernels.requireInputs(node, in, 2, 2);
                yield new int[][] {Broadcasting.shape(in[0], ints(parameter(node, constants, 1, "shape"), "Expand shape"))};
            }
            case "Tile" -> {
                Kernels.requireInputs(node, in, 2, 2);
                int[] repeats = ints(parameter(node, constants, 1, "repeats"), "Tile repeats");
                if (repeats.length != in[0].length) {
                    throw new IllegalArgumentException("Tile has " + repeats.length + " repeats for rank " + in[0].length);
                }
                int[] out = new int[repeats.length];
                for (int a = 0; a < out.length; a++) {
                    out[a] = Math.multiplyExact(in[0][a], repeats[a]);
                }
                yield new int[][] {out};
            }
            case "Split" -> {
                Kernels.requireInputs(node, in, 1, 2);
                int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), in[0].length, "Split axis");
                int[] sizes = splitSizes(node, constants.length > 1 ? constants[1] : null, in[0][axis]);
                int[][] out = new int[sizes.length][];
                for (int k = 0; k < sizes.length; k++) {
                    out[k] = in[0].clone();
                    out[k][axis] = sizes[k];
                }
                yield out;
            }
            case "GatherElements" -> {
                Kernels.requireInputs(node, in, 2, 2);
                if (in[1].length != in[0].length) {
                    throw new IllegalArgumentException("GatherElements indices have rank " + in[1].length + ", the data " + in[0].length);
                }
                yield new int[][] {in[1].clone()};
            }
            default -> throw new IllegalArgumentException("not a movement operator: " + node.opType());
        };
    }

    private static Tensor parameter(Node node, Tensor[] constants, int index, String what) {
        if (constants.length <= index || constants[index] == null) {
            throw new IllegalArgumentException(node.opType() + " needs its " + what + " as a constant");
        }
        return constants[index];
    }

    private static int[] ints(Tensor t, String what) {
        long[] v = Shapes.toLongs(t, what);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " " + v[i] + " is out of range");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The sizes of Split's outputs: its split input or attribute, else num_outputs (or the node's outputs) equal parts. */
    private static int[] splitSizes(Node node, Tensor split, int dim) {
        int[] sizes;
        if (split != null) {
            sizes = ints(split, "Split sizes");
        } else if (node.attribute("split") != null) {
            long[] s = node.intsAttr("split", null);
            sizes = new int[s.length];
            for (int k = 0; k < s.length; k++) {
                if (s[k] < 0 || s[k] > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("Split size " + s[k] + " is out of range");
                }
                sizes[k] = (int) s[k];
            }
        } else {
            long requested = node.intAttr("num_outputs", node.outputs().size());
            if (requested < 1 || requested > Math.max(1, dim)) {
                throw new IllegalArgumentException("Split into " + requested + " parts of an axis of " + dim);
            }
            int parts = (int) requested;
            int each = (dim + parts - 1) / parts;
            sizes = new int[parts];
            for (int k = 0; k < parts; k++) {
                sizes[k] = Math.max(0, Math.min(each, dim - k * each));
            }
        }
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (total != dim) {
            throw new IllegalArgumentException("Split sizes add up to " + total + ", the axis has " + dim);
        }
        return sizes;
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        int[][] outs = outputShapes(node, Kernels.shapesOf(in), in);
        float[] x = in[0].data();
        return switch (node.opType()) {
            case "Expand" -> new Tensor[] {Broadcasting.apply(in[0], new Tensor(outs[0], new float[Shapes.size(outs[0])]), (a, b) -> a)};
            case "Tile" -> {
                int[] out = outs[0];
                float[] y = new float[Shapes.size(out)];
                int[] strides = Shapes.strides(xs);
                int[] coordinate = new int[out.length];
                for (int i = 0; i < y.length; i++) {
                    int at = 0;
                    for (int a = 0; a < out.length; a++) {
                        at += (coordinate[a] % xs[a]) * strides[a];
                    }
                    y[i] = x[at];
                    Shapes.advance(coordinate, out);
                }
                yield new Tensor[] {new Tensor(out, y)};
            }
            case "GatherElements" -> {
                int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), xs.length, "GatherElements axis");
                int[] out = outs[0];
                long[] indices = Shapes.toLongs(in[1], "GatherElements indices");
                int[] strides = Shapes.strides(xs);
                float[] y = new float[indices.length];
                int[] coordinate = new int[out.length];
                for (int i = 0; i < y.length; i++) {
                    long index = indices[i];
                    if (index < -xs[axis] || index >= xs[axis]) {
                        throw new IllegalArgumentException("GatherElements index " + index + " is out of range for axis " + axis + " of "
                                + xs[axis]);
                    }
                    int at = 0;
                    for (int a = 0; a < out.length; a++) {
                        if (a != axis && coordinate[a] >= xs[a]) {
                            throw new IllegalArgumentException("GatherElements indices are larger than the data off the axis");
                        }
                        at += (a == axis ? (int) (index < 0 ? index + xs[axis] : index) : coordinate[a]) * strides[a];
                    }
                    y[i] = x[at];
                    Shapes.advance(coordinate, out);
                }
                yield new Tensor[] {new Tensor(out, y)};
            }
            default -> { // Split
                int axis = Shapes.normalizeAxis(node.intAttr("axis", 0), xs.length, "Split axis");
                int outer = Shapes.product(xs, 0, axis);
                int inner = Shapes.product(xs, axis + 1, xs.length);
                Tensor[] result = new Tensor[outs.length];
                int offset = 0;
                for (int k = 0; k < outs.length; k++) {
                    int size = outs[k][axis];
                    float[] y = new float[Shapes.size(outs[k])];
                    for (int o = 0; o < outer; o++) {
                        System.arraycopy(x, (o * xs[axis] + offset) * inner, y, o * size * inner, size * inner);
                    }
                    result[k] = new Tensor(outs[k], y);
                    offset += size;
                }
                yield result;
            }
        };
    }
}
