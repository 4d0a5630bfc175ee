package io.zkml4j.model.onnx;

import io.zkml4j.model.exec.Shapes;
import io.zkml4j.model.ir.Attribute;
import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Resize (and the older Upsample) as one constant linear map per resized axis, which is what it is:
 * each output position along an axis is a fixed combination of input positions along it. Nearest
 * neighbour picks one input position: a Gather at constant indices (a proved copy). Linear and
 * cubic interpolation weigh two or four: the axis moved last, a MatMul by the constant matrix of
 * weights, and moved back. The weights follow ONNX's definition: the coordinate transformation
 * (half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric,
 * tf_crop_and_resize), the nearest mode, cubic_coeff_a, exclude_outside and extrapolation_value,
 * neighbours beyond the border taken from the border. Antialiasing is refused.
 */
final class ResizeLowering {
    private enum Mode { NEAREST, LINEAR, CUBIC }

    /** Largest in × out map of one axis (its constant weight matrix): 16M entries. */
    static final long MAX_MAP_ENTRIES = 1L << 24;

    private final NodeLowering lowering;

    ResizeLowering(NodeLowering lowering) {
        this.lowering = lowering;
    }

    void lower(SourceNode sn, Node n, int opset) throws ModelImportException {
        boolean upsample = n.opType().equals("Upsample");
        lowering.arity(sn, n, 1, upsample ? 2 : 4);
        int[] x = lowering.shape(n.inputs().get(0));
        int rank = x.length;
        String modeName = n.stringAttr("mode", "nearest").toLowerCase(java.util.Locale.ROOT);
        Mode mode = switch (modeName) {
            case "nearest" -> Mode.NEAREST;
            case "linear", "bilinear", "trilinear" -> Mode.LINEAR;
            case "cubic" -> Mode.CUBIC;
            default -> throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": unknown mode '" + modeName + "'");
        };
        if (n.intAttr("antialias", 0) != 0) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " sets antialias=1, which zkml4j does not support");
        }
        if (!n.stringAttr("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " keeps the aspect ratio ("
                    + n.stringAttr("keep_aspect_ratio_policy", "") + "), which zkml4j does not support");
        }
        // Opset 10 and Upsample: (X, scales) with asymmetric coordinates; from 11: (X, roi, scales, sizes).
        boolean legacy = upsample || opset < 11;
        String coordinates = legacy ? "asymmetric" : n.stringAttr("coordinate_transformation_mode", "half_pixel");
        if (!List.of("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize",
                "tf_half_pixel_for_nn").contains(coordinates)) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": unknown coordinate_transformation_mode '"
                    + coordinates + "'");
        }
        String nearestMode = legacy ? "floor" : n.stringAttr("nearest_mode", "round_prefer_floor");
        if (!List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil").contains(nearestMode)) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": unknown nearest_mode '" + nearestMode + "'");
        }
        double a = n.floatAttr("cubic_coeff_a", -0.75f);
        if (!Double.isFinite(a)) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": cubic_coeff_a " + a + " is not finite");
        }
        boolean excludeOutside = n.intAttr("exclude_outside", 0) != 0;
        double extrapolation = n.floatAttr("extrapolation_value", 0f);

        long[] axesAttr = n.intsAttr("axes", null);
        int[] axes = new int[axesAttr == null ? rank : axesAttr.length];
        for (int k = 0; k < axes.length; k++) {
            axes[k] = axesAttr == null ? k : lowering.axis(sn, axesAttr[k], rank, "Resize axis");
            for (int j = 0; j < k; j++) {
                if (axes[j] == axes[k]) {
                    throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": axis " + axes[k] + " is resized twice");
                }
            }
        }
        Tensor roi = !legacy && n.inputs().size() > 1 && !n.inputs().get(1).isEmpty() ? lowering.constantInput(sn, n, 1, "roi") : null;
        int scalesAt = legacy ? 1 : 2;
        Tensor scales = n.inputs().size() > scalesAt && !n.inputs().get(scalesAt).isEmpty()
                ? lowering.constantInput(sn, n, scalesAt, "scales") : null;
        Tensor sizes = !legacy && n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? lowering.constantInput(sn, n, 3, "sizes") : null;
        scales = scales != null && scales.size() == 0 ? null : scales; // an empty tensor stands for "not given"
        sizes = sizes != null && sizes.size() == 0 ? null : sizes;
        roi = roi != null && roi.size() == 0 ? null : roi;
        if (roi != null && roi.size() != 2 * axes.length) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": roi has " + roi.size() + " values for "
                    + axes.length + " axes");
        }
        for (int i = 0; roi != null && i < roi.size(); i++) {
            if (!Float.isFinite(roi.get(i))) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": roi value " + roi.get(i) + " is not finite");
            }
        }
        if (legacy && scales == null && n.attribute("scales") instanceof Attribute.Floats fs) { // Upsample-7: an attribute
            scales = new Tensor(new int[] {fs.values().length}, fs.values());
        }
        if ((scales == null) == (sizes == null)) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + " needs exactly one of scales and sizes");
        }
        int given = (scales != null ? scales : sizes).size();
        if (given != axes.length) {
            throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": " + given + " scales or sizes for " + axes.length
                    + " axes");
        }
        String value = n.inputs().get(0);
        int[] shape = x.clone();
        for (int k = 0; k < axes.length; k++) {
            int axis = axes[k];
            int in = x[axis];
            if (in < 1) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": axis " + axis + " of the input "
                        + Shapes.toString(x) + " is empty; there is nothing to resize");
            }
            double scale;
            int out;
            if (sizes != null) {
                out = Math.round(sizes.get(k));
                scale = (double) out / in;
            } else {
                scale = scales.get(k);
                if (!(scale > 0) || Double.isInfinite(scale)) {
                    throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": scale " + scale + " is not positive");
                }
                out = (int) Math.floor(in * scale);
            }
            if (out < 1 || out > (1 << 24)) {
                throw new ModelFormatException(lowering.source + ": " + sn.describe() + ": axis " + axis + " resized to " + out + " positions");
            }
            if ((long) in * out > MAX_MAP_ENTRIES) { // the per-axis map is a dense in × out matrix
                throw new UnsupportedModelException(lowering.source + ": " + sn.describe() + " resizes an axis of " + in + " to " + out
                        + " positions; zkml4j resizes axes whose sizes multiply to at most " + MAX_MAP_ENTRIES);
            }
            double roiStart = roi == null ? 0 : roi.get(k);
            double roiEnd = roi == null ? 1 : roi.get(k + axes.length);
            double[][] weights = weights(mode, coordinates, nearestMode, a, excludeOutside, in, out, scale, roiStart, roiEnd);
            // Positions outside tf_crop_and_resize's region of interest hold extrapolation_value: rows of no weight plus that
            // constant (a later axis's weights sum to 1 and keep it).
            double fill = coordinates.equals("tf_crop_and_resize") && hasEmptyRow(weights) ? extrapolation : 0;
            if (isIdentity(weights)) {
                continue;
            }
            shape[axis] = out;
            String target = lowering.fresh(n.outputs().get(0) + "_axis" + axis);
            int[] pick = oneHot(weights);
            value = pick != null ? gather(sn, n, value, axis, pick, target) : multiply(sn, n, value, axis, weights, fill, target);
        }
        lowering.emitReshape(sn, n.name(), value, shape, n.outputs().get(0)); // a view: the node's output under its own name
        if (!Arrays.equals(lowering.shape(n.outputs().get(0)), shape)) {
            throw new IllegalStateException("Resize lowered to " + Shapes.toString(lowering.shape(n.outputs().get(0))) + ", not "
                    + Shapes.toString(shape));
        }
    }

    /** weights[o][i]: output position o along the axis as a combination of input positions i. */
    static double[][] weights(Mode mode, String coordinates, String nearestMode, double a, boolean excludeOutside, int in, int out,
                              double scale, double roiStart, double roiEnd) {
        double[][] w = new double[out][in];
        for (int o = 0; o < out; o++) {
            double xo = original(coordinates, o, in, out, scale, roiStart, roiEnd);
            if (coordinates.equals("tf_crop_and_resize") && (xo < 0 || xo > in - 1)) {
                continue; // extrapolated: the row stays zero (extrapolation_value 0)
            }
            int base = (int) Math.floor(xo);
            double ratio = xo - base;
            switch (mode) {
                case NEAREST -> {
                    boolean up = switch (nearestMode) {
                        case "round_prefer_ceil" -> ratio >= 0.5;
                        case "floor" -> false;
                        case "ceil" -> ratio > 0;
                        default -> ratio > 0.5; // round_prefer_floor
                    };
                    w[o][clamp(base + (up ? 1 : 0), in)] = 1;
                }
                case LINEAR -> {
                    w[o][clamp(base, in)] += 1 - ratio;
                    w[o][clamp(base + 1, in)] += ratio;
                }
                case CUBIC -> {
                    double[] c = cubic(ratio, a);
                    double inside = 0;
                    for (int t = 0; t < 4; t++) {
                        int i = base - 1 + t;
                        inside += i >= 0 && i < in ? c[t] : 0;
                    }
                    for (int t = 0; t < 4; t++) {
                        int i = base - 1 + t;
                        if (excludeOutside && (i < 0 || i >= in)) {
                            continue;
                        }
                        w[o][clamp(i, in)] += excludeOutside ? c[t] / inside : c[t];
                    }
                }
            }
        }
        return w;
    }

    /** The input coordinate an output position maps to (ONNX's coordinate_transformation_mode). */
    private static double original(String mode, int o, int in, int out, double scale, double roiStart, double roiEnd) {
        return switch (mode) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = out / (scale * in);
                double center = in / 2.0;
                yield center * (1 - adjustment) + (o + 0.5) / scale - 0.5;
            }
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : o * (in - 1.0) / (out - 1.0);
            case "asymmetric" -> o / scale;
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            case "tf_crop_and_resize" -> out > 1 ? roiStart * (in - 1) + o * (roiEnd - roiStart) * (in - 1) / (out - 1)
                    : 0.5 * (roiStart + roiEnd) * (in - 1);
            default -> throw new IllegalArgumentException("unknown coordinate_transformation_mode '" + mode + "'");
        };
    }

    /** Keys' cubic convolution weights of the four neighbours floor(x) − 1 .. floor(x) + 2 at fractional offset r. */
    private static double[] cubic(double r, double a) {
        double[] d = {1 + r, r, 1 - r, 2 - r};
        double[] c = new double[4];
        for (int t = 0; t < 4; t++) {
            double s = Math.abs(d[t]);
            c[t] = s <= 1 ? ((a + 2) * s - (a + 3)) * s * s + 1 : s < 2 ? ((a * s - 5 * a) * s + 8 * a) * s - 4 * a : 0;
        }
        return c;
    }

    private static int clamp(int i, int in) {
        return Math.max(0, Math.min(in - 1, i));
    }

    private static boolean isIdentity(double[][] w) {
        if (w.length != w[0].length) {
            return false;
        }
        for (int o = 0; o < w.length; o++) {
            for (int i = 0; i < w[o].length; i++) {
                if (w[o][i] != (o == i ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean hasEmptyRow(double[][] w) {
        return Arrays.stream(w).anyMatch(row -> Arrays.stream(row).allMatch(v -> v == 0));
    }

    /** The input position of each output position when every row picks exactly one, else null. */
    private static int[] oneHot(double[][] w) {
        int[] pick = new int[w.length];
        for (int o = 0; o < w.length; o++) {
            pick[o] = -1;
            for (int i = 0; i < w[o].length; i++) {
                if (w[o][i] == 1 && pick[o] < 0) {
                    pick[o] = i;
                } else if (w[o][i] != 0) {
                    return null;
                }
            }
            if (pick[o] < 0) {
                return null;
            }
        }
        return pick;
    }

    private String gather(SourceNode sn, Node n, String value, int axis, int[] pick, String target) throws ModelImportException {
        float[] idx = new float[pick.length];
        for (int o = 0; o < idx.length; o++) {
            idx[o] = pick[o];
        }
        String indices = lowering.defineIntegerConstant(n.outputs().get(0) + "_indices", new Tensor(new int[] {idx.length}, idx));
        lowering.emit(sn, new Node(n.name(), "Gather", List.of(value, indices), List.of(target), Map.of("axis", new Attribute.Int(axis))));
        return target;
    }

    /** The constant matrix of weights (transposed: [in, out]) along the axis, plus the fill at positions no input weighs. */
    private String multiply(SourceNode sn, Node n, String value, int axis, double[][] w, double fill, String target)
            throws ModelImportException {
        int out = w.length, in = w[0].length;
        float[] m = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                m[i * out + o] = (float) w[o][i];
            }
        }
        String matrix = lowering.defineFresh(n.outputs().get(0) + "_weights", new Tensor(new int[] {in, out}, m));
        if (fill == 0) {
            return lowering.emitProductAlongAxis(sn, n.name(), value, axis, matrix, target);
        }
        String product = lowering.emitProductAlongAxis(sn, n.name(), value, axis, matrix, lowering.fresh(target + "_product"));
        int rank = lowering.shape(value).length;
        int[] fillShape = new int[rank];
        java.util.Arrays.fill(fillShape, 1);
        fillShape[axis] = out;
        float[] filled = new float[out];
        for (int o = 0; o < out; o++) {
            filled[o] = Arrays.stream(w[o]).allMatch(v -> v == 0) ? (float) fill : 0f;
        }
        String constant = lowering.defineFresh(target + "_fill", new Tensor(fillShape, filled));
        lowering.emit(sn, new Node(n.name(), "Add", List.of(product, constant), List.of(target), Map.of()));
        return target;
    }
}
