package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operators that are compositions of others zkml4j proves, lowered to them: Sum and Mean of any
 * number of tensors (a chain of Adds, then a scale), DepthToSpace and SpaceToDepth (a reshape, a
 * transpose and a reshape), CumSum (a product by a constant triangular matrix along its axis),
 * GlobalMaxPool (ReduceMax over the spatial axes), InstanceNormalization (LayerNormalization's
 * steps over each channel's spatial axes, then a scale and bias per channel) and Shrink (Relu(x − λ)
 * − Relu(−x − λ) with the bias moved in: two Relus of shifted copies).
 */
final class CompositeLowering {
    private final NodeLowering lowering;

    CompositeLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n) throws ModelImportException {
        switch (n.opType()) {
            case "Sum", "Mean" -> sumOrMean(sn, n);
            case "DepthToSpace", "SpaceToDepth" -> rearrange(sn, n);
            case "CumSum" -> cumulativeSum(sn, n);
            case "GlobalMaxPool" -> globalMaxPool(sn, n);
            case "InstanceNormalization" -> instanceNormalization(sn, n);
            case "Shrink" -> shrink(sn, n);
            default -> throw new IllegalStateException("no composite lowering for " + n.opType());
        }
    }

    /** Sum: a chain of Adds (numpy broadcasting, as ONNX's Sum); Mean: the sum times 1/n. */
    private void sumOrMean(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, Integer.MAX_VALUE);
        String y = n.outputs().get(0);
        boolean mean = n.opType().equals("Mean");
        int count = n.inputs().size();
        if (count == 1 && !mean) {
            lowering.emit(sn, new Node(n.name(), "Identity", List.of(n.inputs().get(0)), List.of(y), Map.of()));
            return;
        }
        String acc = n.inputs().get(0);
        for (int k = 1; k < count; k++) {
            String out = k == count - 1 && !mean ? y : lowering.fresh(y + "_partial" + k);
            lowering.emit(sn, new Node(n.name() + "/add" + k, "Add", List.of(acc, n.inputs().get(k)), List.of(out), Map.of()));
            acc = out;
        }
        if (mean) {
            String factor = lowering.defineFresh(y + "_one_over_n", Tensor.scalar(1f / count));
            lowering.emit(sn, new Node(n.name(), "Mul", List.of(acc, factor), List.of(y), Map.of()));
        }
    }

    /**
     * DepthToSpace [N, C, H, W] → [N, C/b², H·b, W·b] and SpaceToDepth back: a reshape, a transpose
     * and a reshape (DCR or CRD order for DepthToSpace, as its mode says).
     */
    private void rearrange(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, 1);
        int[] x = lowering.shape(n.inputs().get(0));
        long blocksize = n.intAttr("blocksize", 0);
        if (x.length != 4 || blocksize < 1 || blocksize > 46_340) { // b² must fit an int
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " needs an N×C×H×W input and a blocksize from 1 to 46,340, got "
                    + Shapes.toString(x) + " and " + blocksize);
        }
        int b = (int) blocksize;
        int nn = x[0], c = x[1], h = x[2], w = x[3];
        int[] split;
        long[] perm;
        int[] target;
        if (n.opType().equals("DepthToSpace")) {
            if (c % (b * b) != 0) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + c + " channels do not divide by blocksize² "
                        + b * b);
            }
            String mode = n.stringAttr("mode", "DCR").toUpperCase(Locale.ROOT);
            if (mode.equals("DCR")) {
                split = new int[] {nn, b, b, c / (b * b), h, w};
                perm = new long[] {0, 3, 4, 1, 5, 2};
            } else if (mode.equals("CRD")) {
                split = new int[] {nn, c / (b * b), b, b, h, w};
                perm = new long[] {0, 1, 4, 2, 5, 3};
            } else {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": unknown mode '" + mode + "'");
            }
            target = new int[] {nn, c / (b * b), h * b, w * b};
        } else {
            if (h % b != 0 || w % b != 0) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + h + "×" + w + " does not divide by blocksize "
                        + b);
            }
            split = new int[] {nn, c, h / b, b, w / b, b};
            perm = new long[] {0, 3, 5, 1, 2, 4};
            target = new int[] {nn, c * b * b, h / b, w / b};
        }
        String y = n.outputs().get(0);
        String blocks = lowering.fresh(y + "_blocks");
        lowering.emitReshape(sn, n.name(), n.inputs().get(0), split, blocks);
        String moved = lowering.fresh(y + "_moved");
        lowering.emit(sn, new Node(n.name(), "Transpose", List.of(blocks), List.of(moved), Map.of("perm", new Attribute.Ints(perm))));
        lowering.emitReshape(sn, n.name(), moved, target, y);
    }

    /** CumSum along a constant axis: the axis moved last, a product by the constant (exclusive, reversed) triangular matrix, moved back. */
    private void cumulativeSum(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 2);
        int[] x = lowering.shape(n.inputs().get(0));
        Tensor axisTensor = lowering.constantInput(sn, n, 1, "axis");
        if (axisTensor.size() != 1 || axisTensor.get(0) != Math.rint(axisTensor.get(0))) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": axis must be a scalar integer");
        }
        int rank = x.length;
        int axis = lowering.axis(sn, (long) axisTensor.get(0), rank, "CumSum axis");
        boolean exclusive = n.intAttr("exclusive", 0) != 0;
        boolean reverse = n.intAttr("reverse", 0) != 0;
        int len = x[axis];
        if ((long) len * len > ResizeLowering.MAX_MAP_ENTRIES) { // the map is a dense len × len matrix
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " sums along an axis of " + len
                    + "; zkml4j takes cumulative sums along axes of at most 4,096");
        }
        float[] m = new float[len * len]; // [in, out]: out[o] = Σ in[i] over the i the sum takes
        for (int o = 0; o < len; o++) {
            for (int i = 0; i < len; i++) {
                boolean taken = reverse ? (exclusive ? i > o : i >= o) : (exclusive ? i < o : i <= o);
                m[i * len + o] = taken ? 1 : 0;
            }
        }
        String y = n.outputs().get(0);
        String matrix = lowering.defineFresh(y + "_triangle", new Tensor(new int[] {len, len}, m));
        lowering.emitProductAlongAxis(sn, n.name(), n.inputs().get(0), axis, matrix, y);
    }

    private void globalMaxPool(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, 1);
        int rank = lowering.shape(n.inputs().get(0)).length;
        if (rank < 3) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " needs an N×C×... input");
        }
        lowering.emit(sn, new Node(n.name(), "ReduceMax", n.inputs(), n.outputs(), Map.of("axes", new Attribute.Ints(NodeLowering.range(2, rank)),
                "keepdims", new Attribute.Int(1))));
    }

    /** (x − mean) / √(variance + ε) over each channel's spatial axes, then scale and bias per channel (as [C, 1, ...]). */
    private void instanceNormalization(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 3, 3);
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        int[] shape = lowering.shape(x);
        if (shape.length < 3) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " needs an N×C×... input, got " + Shapes.toString(shape));
        }
        String normalised = lowering.normalise(sn, n.name(), x, y, NodeLowering.range(2, shape.length), n.floatAttr("epsilon", 1e-5f),
                lowering.fresh(y + "_mean"), lowering.fresh(y + "_inverse_deviation"));
        String scale = perChannel(sn, n, 1, "scale", shape);
        String bias = perChannel(sn, n, 2, "bias", shape);
        String scaled = lowering.fresh(y + "_scaled");
        lowering.emit(sn, new Node(n.name() + "/scale", "Mul", List.of(normalised, scale), List.of(scaled), Map.of()));
        lowering.emit(sn, new Node(n.name(), "Add", List.of(scaled, bias), List.of(y), Map.of()));
    }

    /** A constant [C] input as [C, 1, ...]: one value per channel, broadcast over the spatial axes. */
    private String perChannel(SourceNode sn, Node n, int index, String what, int[] shape) throws ModelImportException {
        Tensor t = lowering.constantInput(sn, n, index, what);
        if (t.size() != shape[1]) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + what + " has " + t.size() + " values for "
                    + shape[1] + " channels");
        }
        int[] s = new int[shape.length - 1];
        java.util.Arrays.fill(s, 1);
        s[0] = shape[1];
        return lowering.defineFresh(n.inputs().get(index) + "_per_channel", new Tensor(s, t.data().clone()));
    }

    /**
     * Shrink (x − bias where x &gt; λ, x + bias where x &lt; −λ, else 0) with bias = λ, soft shrinkage:
     * Relu(x − λ) − Relu(−x − λ). Other settings jump at ±λ (hard shrinkage) and are refused.
     */
    private void shrink(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 1, 1);
        float lambda = n.floatAttr("lambd", 0.5f);
        float bias = n.floatAttr("bias", 0f);
        if (lambda != bias) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " shrinks with lambd " + lambda + " and bias " + bias
                    + "; zkml4j supports soft shrinkage (lambd = bias) only, a difference of two Relus");
        }
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        String minusLambda = lowering.defineFresh(y + "_minus_lambda", Tensor.scalar(-lambda));
        String minusOne = lowering.defineFresh(y + "_minus_one", Tensor.scalar(-1f));
        String above = lowering.fresh(y + "_above"), upper = lowering.fresh(y + "_upper");
        String negated = lowering.fresh(y + "_negated"), below = lowering.fresh(y + "_below"), lower = lowering.fresh(y + "_lower");
        lowering.emit(sn, new Node(n.name() + "/above", "Add", List.of(x, minusLambda), List.of(above), Map.of()));
        lowering.emit(sn, new Node(n.name() + "/upper", "Relu", List.of(above), List.of(upper), Map.of()));
        lowering.emit(sn, new Node(n.name() + "/negate", "Mul", List.of(x, minusOne), List.of(negated), Map.of()));
        lowering.emit(sn, new Node(n.name() + "/below", "Add", List.of(negated, minusLambda), List.of(below), Map.of()));
        lowering.emit(sn, new Node(n.name() + "/lower", "Relu", List.of(below), List.of(lower), Map.of()));
        lowering.emit(sn, new Node(n.name(), "Sub", List.of(upper, lower), List.of(y), Map.of()));
    }
}
