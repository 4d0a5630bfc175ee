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
 * ConvTranspose as the convolution it is the adjoint of: the input spread out by its strides
 * (stride − 1 zeros between neighbours), padded by (k − 1)·d minus the node's pads (output_padding
 * added at the end; a negative amount crops), then convolved at stride 1 with the kernel flipped
 * in space and its input and output channels swapped (per group). The spreading and padding are
 * a reshape to [N, C, H, 1, W, 1], one Pad, a reshape back and one more Pad, all proved copies; the
 * convolution is an ordinary one. 1-D operators are lifted to 2-D over a height of 1.
 */
final class TransposedConvLowering {
    private final NodeLowering lowering;

    TransposedConvLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n) throws ModelImportException {
        lowering.arity(sn, n, 2, 3);
        int[] x = lowering.shape(n.inputs().get(0));
        Tensor w = lowering.constantInput(sn, n, 1, "weights");
        Tensor bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? lowering.constantInput(sn, n, 2, "bias") : null;
        boolean lifted = x.length == 3;
        if (x.length != 4 && !lifted) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " transposes a convolution over an input of shape "
                    + Shapes.toString(x) + "; zkml4j supports 1-D and 2-D ConvTranspose only (inputs N×C×L or N×C×H×W)");
        }
        if (w.shape().length != x.length) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": ConvTranspose weight must have rank " + x.length
                    + ", got " + Shapes.toString(w.shape()));
        }
        int spatial = x.length - 2;
        int[] in = lifted ? new int[] {1, x[2]} : new int[] {x[2], x[3]};
        int[] k = lifted ? new int[] {1, w.shape()[2]} : new int[] {w.shape()[2], w.shape()[3]};
        int[] stride = pair(sn, n, "strides", spatial, 1);
        int[] dilation = pair(sn, n, "dilations", spatial, 1);
        int[] outputPadding = pair(sn, n, "output_padding", spatial, 0);
        long[] kernelShape = n.intsAttr("kernel_shape", null);
        if (kernelShape != null && !Arrays.equals(kernelShape, Arrays.stream(w.shape(), 2, w.shape().length).asLongStream().toArray())) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": kernel_shape " + Arrays.toString(kernelShape)
                    + " does not match the weight " + Shapes.toString(w.shape()));
        }
        long groupAttr = n.intAttr("group", 1);
        int cIn = x[1];
        int group = (int) Math.max(0, Math.min(groupAttr, Integer.MAX_VALUE));
        if (groupAttr < 1 || groupAttr > cIn || cIn % group != 0 || w.shape()[0] != cIn) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": weight " + Shapes.toString(w.shape()) + " and group "
                    + groupAttr + " do not fit an input of " + cIn + " channels");
        }
        int cOut = w.shape()[1] * group;
        for (int a = 0; a < 2; a++) {
            if (stride[a] < 1 || dilation[a] < 1 || k[a] < 1 || outputPadding[a] < 0 || outputPadding[a] >= Math.max(stride[a], dilation[a])) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": strides, dilations and kernel must be positive, "
                        + "and output_padding smaller than the stride or the dilation");
            }
        }
        int[] pads = pads(sn, n, spatial, in, k, stride, dilation, outputPadding);

        String value = n.inputs().get(0);
        int[] shape = x;
        if (lifted) {
            value = reshape(sn, n, value, new int[] {x[0], x[1], 1, x[2]});
            shape = lowering.shape(value);
        }
        int n0 = shape[0];
        if (stride[0] > 1 || stride[1] > 1) { // stride − 1 zeros after every value, along both axes
            String spread = reshape(sn, n, value, new int[] {n0, cIn, in[0], 1, in[1], 1});
            value = pad(sn, n, spread, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, stride[0] - 1, 0, stride[1] - 1});
            value = reshape(sn, n, value, new int[] {n0, cIn, in[0] * stride[0], in[1] * stride[1]});
        }
        // The borders: (k − 1)·d − pad at each side, the spread's trailing zeros dropped, output_padding added at the end.
        long[] border = new long[8];
        for (int a = 0; a < 2; a++) {
            long reach = (long) (k[a] - 1) * dilation[a];
            border[2 + a] = reach - pads[a];
            border[6 + a] = reach - pads[2 + a] + outputPadding[a] - (stride[a] - 1);
        }
        value = pad(sn, n, value, border);

        List<String> inputs = new ArrayList<>(List.of(value, lowering.defineFresh(n.inputs().get(1) + "_flipped", flipped(w, k, group))));
        if (bias != null) {
            inputs.add(n.inputs().get(2));
        }
        String y = lifted ? lowering.fresh(n.outputs().get(0) + "_2d") : n.outputs().get(0);
        lowering.emit(sn, new Node(n.name(), "Conv", inputs, List.of(y), Map.of(
                "kernel_shape", NodeLowering.ints(k[0], k[1]),
                "strides", NodeLowering.ints(1, 1),
                "dilations", NodeLowering.ints(dilation[0], dilation[1]),
                "pads", new Attribute.Ints(new long[4]),
                "group", new Attribute.Int(group))));
        int[] out = lowering.shape(y);
        if (out[1] != cOut) {
            throw new IllegalStateException("ConvTranspose lowered to " + out[1] + " output channels, not " + cOut);
        }
        if (lifted) {
            lowering.emitReshape(sn, n.name(), y, new int[] {out[0], out[1], out[3]}, n.outputs().get(0));
        }
    }

    /** The begin pads then the end pads of the two axes, from pads, or output_shape and auto_pad (ONNX's formulas). */
    private int[] pads(SourceNode sn, Node n, int spatial, int[] in, int[] k, int[] stride, int[] dilation, int[] outputPadding)
            throws ModelFormatException {
        String autoPad = n.stringAttr("auto_pad", "NOTSET");
        long[] outputShape = n.intsAttr("output_shape", null);
        if (outputShape != null && (outputShape.length != spatial || Arrays.stream(outputShape).anyMatch(v -> v < 1 || v > (1 << 24)))) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": output_shape must have " + spatial
                    + " values from 1 to 2^24, got " + Arrays.toString(outputShape));
        }
        if (outputShape == null && (autoPad.equals("NOTSET") || autoPad.equals("VALID"))) {
            if (autoPad.equals("VALID")) {
                return new int[4];
            }
            long[] p = n.intsAttr("pads", new long[2 * spatial]);
            if (p.length != 2 * spatial || Arrays.stream(p).anyMatch(v -> v < 0 || v > Integer.MAX_VALUE)) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": pads must be " + 2 * spatial
                        + " values ≥ 0, got " + Arrays.toString(p));
            }
            return spatial == 1 ? new int[] {0, (int) p[0], 0, (int) p[1]} : new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]};
        }
        if (!List.of("NOTSET", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": unknown auto_pad '" + autoPad + "'");
        }
        int[] pads = new int[4];
        for (int a = 0; a < 2; a++) {
            int axis = a - (2 - spatial);
            long target = axis < 0 ? 1 : outputShape != null ? outputShape[axis] : (long) in[a] * stride[a];
            long total = (long) stride[a] * (in[a] - 1) + outputPadding[a] + ((long) (k[a] - 1) * dilation[a] + 1) - target;
            if (Math.abs(total) > Integer.MAX_VALUE / 2) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": output_shape or auto_pad asks for padding of "
                        + total + " along axis " + a);
            }
            boolean upper = autoPad.equals("SAME_UPPER");
            pads[a] = (int) (upper ? total / 2 : total - total / 2);
            pads[2 + a] = (int) (upper ? total - total / 2 : total / 2);
        }
        return pads;
    }

    /** An attribute of one value per spatial axis as (height, width): height 1 for a lifted 1-D operator. */
    private int[] pair(SourceNode sn, Node n, String name, int spatial, int fallback) throws ModelFormatException {
        long[] v = n.intsAttr(name, null);
        if (v == null) {
            return new int[] {spatial == 1 && !name.equals("output_padding") ? 1 : fallback, fallback};
        }
        if (v.length != spatial || Arrays.stream(v).anyMatch(e -> e < 0 || e > (1 << 20))) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + name + " must have " + spatial
                    + " values from 0 to 2^20, got " + Arrays.toString(v));
        }
        return spatial == 1 ? new int[] {name.equals("output_padding") ? 0 : 1, (int) v[0]} : new int[] {(int) v[0], (int) v[1]};
    }

    /** W[ci, co, i, j] (per group) as W'[co, ci, kH − 1 − i, kW − 1 − j]: the kernel of the equivalent convolution. */
    private static Tensor flipped(Tensor w, int[] k, int group) {
        int cIn = w.shape()[0];
        int coPerGroup = w.shape()[1];
        int ciPerGroup = cIn / group;
        int cOut = coPerGroup * group;
        int plane = k[0] * k[1];
        float[] out = new float[cOut * ciPerGroup * plane];
        for (int ci = 0; ci < cIn; ci++) {
            int g = ci / ciPerGroup;
            for (int co = 0; co < coPerGroup; co++) {
                for (int p = 0; p < plane; p++) {
                    int i = p / k[1], j = p % k[1];
                    int src = (ci * coPerGroup + co) * plane + p;
                    int dst = ((g * coPerGroup + co) * ciPerGroup + ci % ciPerGroup) * plane + (k[0] - 1 - i) * k[1] + (k[1] - 1 - j);
                    out[dst] = w.get(src);
                }
            }
        }
        return new Tensor(new int[] {cOut, ciPerGroup, k[0], k[1]}, out);
    }

    private String reshape(SourceNode sn, Node n, String value, int[] target) throws ModelImportException {
        String out = lowering.fresh(n.outputs().get(0) + "_spread");
        lowering.emitReshape(sn, n.name(), value, target, out);
        return out;
    }

    private String pad(SourceNode sn, Node n, String value, long[] pads) throws ModelImportException {
        String out = lowering.fresh(n.outputs().get(0) + "_padded");
        lowering.emit(sn, new Node(n.name(), "Pad", List.of(value), List.of(out), Map.of("pads", new Attribute.Ints(pads),
                "mode", new Attribute.Str("constant"), "value", new Attribute.Float(0f))));
        return out;
    }
}
