package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operators that only move values to positions fixed by constants, lowered to one index map:
 * GatherND, ScatterElements (and the older Scatter) and ScatterND without reduction, and Compress.
 * Their sources are flattened (and joined, for a scatter's data and updates), the map picks each
 * output value's source position (a Gather at constant indices: a proved copy), and the result
 * takes the output's shape. The indices, the condition and the axis must be constants.
 */
final class IndexMapLowering {
    /** Most values one index map picks (the largest tensor a layer writes is bounded the same way). */
    private static final long MAX_PICKS = 1L << 24;

    private final NodeLowering lowering;

    IndexMapLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n) throws ModelImportException {
        switch (n.opType()) {
            case "GatherND" -> gatherNd(sn, n);
            case "ScatterElements", "Scatter" -> scatterElements(sn, n);
            case "ScatterND" -> scatterNd(sn, n);
            case "Compress" -> compress(sn, n);
            default -> throw new IllegalStateException("no index-map lowering for " + n.opType());
        }
    }

    private void gatherNd(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 2);
        int[] data = lowering.shape(n.inputs().get(0));
        Tensor indices = lowering.constantInput(sn, n, 1, "indices");
        long batchDims = n.intAttr("batch_dims", 0);
        int[] is = indices.shape();
        int k = is.length == 0 ? 0 : is[is.length - 1];
        boolean fits = is.length >= 1 && batchDims >= 0 && batchDims < is.length && batchDims + k <= data.length;
        for (int d = 0; fits && d < batchDims; d++) {
            fits = is[d] == data[d]; // the batch axes are shared
        }
        if (!fits) {
            throw format(sn, "indices of shape " + Arrays.toString(is) + " and batch_dims " + batchDims + " do not fit data of shape "
                    + Arrays.toString(data));
        }
        int b = (int) batchDims;
        int batch = product(data, 0, b);
        int tuples = product(is, b, is.length - 1);
        int slice = product(data, b + k, data.length);
        if ((long) batch * tuples * slice > MAX_PICKS) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " gathers " + (long) batch * tuples * slice
                    + " values; zkml4j gathers at most " + MAX_PICKS);
        }
        int[] out = new int[b + (is.length - 1 - b) + (data.length - b - k)];
        int at = 0;
        for (int d = 0; d < is.length - 1; d++) {
            out[at++] = is[d];
        }
        for (int d = b + k; d < data.length; d++) {
            out[at++] = data[d];
        }
        int[] strides = Shapes.strides(data);
        int[] pick = new int[batch * tuples * slice];
        for (int g = 0; g < batch; g++) {
            int base = 0;
            int rem = g;
            for (int d = b - 1; d >= 0; d--) {
                base += (rem % data[d]) * strides[d];
                rem /= data[d];
            }
            for (int t = 0; t < tuples; t++) {
                int offset = base;
                for (int j = 0; j < k; j++) {
                    int axis = b + j;
                    offset += index(sn, indices.get((g * tuples + t) * k + j), data[axis]) * strides[axis];
                }
                for (int s = 0; s < slice; s++) {
                    pick[(g * tuples + t) * slice + s] = offset + s;
                }
            }
        }
        emit(sn, n, List.of(n.inputs().get(0)), pick, out);
    }

    /** ScatterElements without reduction: each update overwrites one position along the axis (the last write wins). */
    private void scatterElements(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 3, 3);
        requireNoReduction(sn, n);
        int[] data = lowering.shape(n.inputs().get(0));
        Tensor indices = lowering.constantInput(sn, n, 1, "indices");
        int[] updates = lowering.shape(n.inputs().get(2));
        if (!Arrays.equals(indices.shape(), updates) || updates.length != data.length) {
            throw format(sn, "indices " + Arrays.toString(indices.shape()) + " and updates " + Arrays.toString(updates)
                    + " must have one shape, of the data's rank " + data.length);
        }
        int axis = lowering.axis(sn, n.intAttr("axis", 0), data.length, n.opType() + " axis");
        int size = bounded(sn, data);
        int[] pick = identity(size);
        int[] dataStrides = Shapes.strides(data);
        int[] coordinate = new int[updates.length];
        for (int u = 0; u < indices.size(); u++) {
            int rem = u;
            for (int d = updates.length - 1; d >= 0; d--) {
                coordinate[d] = rem % updates[d];
                rem /= updates[d];
            }
            int target = 0;
            for (int d = 0; d < data.length; d++) {
                int c = d == axis ? index(sn, indices.get(u), data[d]) : coordinate[d];
                if (c >= data[d]) {
                    throw format(sn, "update " + u + " falls outside the data");
                }
                target += c * dataStrides[d];
            }
            pick[target] = size + u;
        }
        emit(sn, n, List.of(n.inputs().get(0), n.inputs().get(2)), pick, data);
    }

    /** ScatterND without reduction: each index tuple's slice of the data replaced by its slice of the updates. */
    private void scatterNd(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 3, 3);
        requireNoReduction(sn, n);
        int[] data = lowering.shape(n.inputs().get(0));
        Tensor indices = lowering.constantInput(sn, n, 1, "indices");
        int[] is = indices.shape();
        int k = is.length == 0 ? 0 : is[is.length - 1];
        if (is.length < 1 || k > data.length) {
            throw format(sn, "indices of shape " + Arrays.toString(is) + " do not fit data of shape " + Arrays.toString(data));
        }
        int tuples = product(is, 0, is.length - 1);
        int slice = product(data, k, data.length);
        int size = bounded(sn, data);
        int[] updates = lowering.shape(n.inputs().get(2));
        int[] expected = new int[is.length - 1 + data.length - k];
        System.arraycopy(is, 0, expected, 0, is.length - 1);
        System.arraycopy(data, k, expected, is.length - 1, data.length - k);
        if (!Arrays.equals(updates, expected)) {
            throw format(sn, "updates of shape " + Arrays.toString(updates) + " for indices of shape " + Arrays.toString(is)
                    + " into data of shape " + Arrays.toString(data) + "; expected " + Arrays.toString(expected));
        }
        int[] strides = Shapes.strides(data);
        int[] pick = identity(size);
        for (int t = 0; t < tuples; t++) {
            int offset = 0;
            for (int j = 0; j < k; j++) {
                offset += index(sn, indices.get(t * k + j), data[j]) * strides[j];
            }
            for (int s = 0; s < slice; s++) {
                pick[offset + s] = size + t * slice + s;
            }
        }
        emit(sn, n, List.of(n.inputs().get(0), n.inputs().get(2)), pick, data);
    }

    /** Compress: the slices along the axis (or the flattened values) whose condition is true. */
    private void compress(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 2);
        int[] data = lowering.shape(n.inputs().get(0));
        Tensor condition = lowering.constantInput(sn, n, 1, "condition");
        bounded(sn, data);
        boolean flat = n.attribute("axis") == null;
        int axis = flat ? 0 : lowering.axis(sn, n.intAttr("axis", 0), data.length, "Compress axis");
        int[] shape = flat ? new int[] {product(data, 0, data.length)} : data;
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < condition.size(); i++) {
            if (condition.get(i) != 0 && i >= shape[axis]) { // numpy's compress, which ONNX follows, refuses it too
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + " selects position " + i + " of an axis of "
                        + shape[axis]);
            }
            if (condition.get(i) != 0) {
                kept.add(i);
            }
        }
        int outer = product(shape, 0, axis);
        int inner = product(shape, axis + 1, shape.length);
        int[] out = shape.clone();
        out[axis] = kept.size();
        int[] pick = new int[outer * kept.size() * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int i : kept) {
                for (int r = 0; r < inner; r++) {
                    pick[at++] = (o * shape[axis] + i) * inner + r;
                }
            }
        }
        if (pick.length == 0) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " keeps nothing; there is nothing to prove");
        }
        emit(sn, n, List.of(n.inputs().get(0)), pick, out);
    }

    /** The data's size, refused beyond {@link #MAX_PICKS} before any map of it is allocated. */
    private int bounded(SourceNode sn, int[] data) throws UnsupportedModelException {
        long size = 1;
        for (int d : data) {
            size *= d;
        }
        if (size > MAX_PICKS) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " moves " + size + " values; zkml4j moves at most "
                    + MAX_PICKS + " in one index map");
        }
        return (int) size;
    }

    private void requireNoReduction(SourceNode sn, Node n) throws UnsupportedModelException {
        String reduction = n.stringAttr("reduction", "none");
        if (!reduction.equals("none")) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " combines updates by '" + reduction
                    + "'; zkml4j scatters without reduction only");
        }
    }

    /**
     * The sources flattened (kept [1, size] when every one starts with the batch axis 1, so that
     * each sample stays a sample) and joined, the picked positions gathered, and the output shape.
     */
    private void emit(SourceNode sn, Node n, List<String> sources, int[] pick, int[] outShape) throws ModelImportException {
        String y = n.outputs().get(0);
        boolean leadingOne = outShape.length > 0 && outShape[0] == 1;
        for (String s : sources) {
            int[] shape = lowering.shape(s);
            leadingOne &= shape.length > 0 && shape[0] == 1;
        }
        int axis = leadingOne ? 1 : 0;
        List<String> flat = new ArrayList<>();
        for (String s : sources) {
            int size = product(lowering.shape(s), 0, lowering.shape(s).length);
            String f = lowering.fresh(y + "_flat");
            lowering.emitReshape(sn, n.name(), s, leadingOne ? new int[] {1, size} : new int[] {size}, f);
            flat.add(f);
        }
        String joined = flat.get(0);
        if (flat.size() > 1) {
            joined = lowering.fresh(y + "_joined");
            lowering.emit(sn, new Node(n.name(), "Concat", flat, List.of(joined), Map.of("axis", new Attribute.Int(axis))));
        }
        float[] idx = new float[pick.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = pick[i];
        }
        String indices = lowering.defineIntegerConstant(y + "_positions", new Tensor(new int[] {idx.length}, idx));
        String picked = lowering.fresh(y + "_picked");
        lowering.emit(sn, new Node(n.name(), "Gather", List.of(joined, indices), List.of(picked), Map.of("axis", new Attribute.Int(axis))));
        lowering.emitReshape(sn, n.name(), picked, outShape, y);
    }

    private int index(SourceNode sn, float value, int dim) throws ModelFormatException {
        long i = (long) value;
        if (i != value || i < -dim || i >= dim) {
            throw format(sn, "index " + value + " is outside an axis of " + dim);
        }
        return (int) (i < 0 ? i + dim : i);
    }

    private ModelFormatException format(SourceNode sn, String message) {
        return new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + message);
    }

    private static int[] identity(int size) {
        int[] pick = new int[size];
        Arrays.setAll(pick, i -> i);
        return pick;
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) {
            p *= shape[d];
        }
        return p;
    }
}
