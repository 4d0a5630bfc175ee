package io.zkml4j.model.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ONNX operators zkml4j imports, with the range of default-domain opset versions whose
 * definition of each operator has been checked against the importer and the float executor.
 * This is the one place to change when an operator is added.
 *
 * <p>Two roles: {@link Role#COMPUTE} operators stay in the imported graph and are proved;
 * {@link Role#STRUCTURAL} ones (what exporters emit around reshapes, and inference no-ops) are
 * folded into constants, turned into Reshape, or removed during import, and a model where they
 * would need runtime data is refused.
 */
public final class SupportedOps {
    /** The newest opset whose operator definitions were checked; newer ones are refused until checked. */
    public static final int MAX_CHECKED_OPSET = 22;

    public enum Role { COMPUTE, STRUCTURAL }

    /**
     * One supported operator.
     *
     * @param minOpset the oldest default-domain opset handled
     * @param maxOpset the newest default-domain opset handled
     * @param notes what is handled, in a few words, for documentation and messages
     */
    public record Op(String type, Role role, int minOpset, int maxOpset, String notes) {}

    private static final Map<String, Op> OPS = new LinkedHashMap<>();

    static {
        compute("Gemm", "alpha, beta, transA, transB; C optional and broadcast");
        compute("MatMul", "numpy semantics, batched and 1-D operands");
        compute("Add", "numpy broadcasting; opset < 7 broadcast/axis attributes");
        compute("Sub", "numpy broadcasting; opset < 7 broadcast/axis attributes");
        compute("Mul", "numpy broadcasting; opset < 7 broadcast/axis attributes");
        compute("Relu", "");
        compute("LeakyRelu", "alpha");
        compute("Sigmoid", "");
        compute("Tanh", "");
        compute("Div", "by a constant (a product by its reciprocal), or a constant by a computed value (a product by its Reciprocal)");
        compute("Pow", "a constant scalar exponent (a function of one value)");
        compute("ReduceSum", "constant axes, keepdims, noop_with_empty_axes");
        compute("ReduceMean", "constant axes, keepdims, noop_with_empty_axes");
        compute("ReduceMax", "constant axes, keepdims, noop_with_empty_axes");
        compute("Slice", "constant starts, ends, axes and steps; of computed data a proved copy (Select)");
        compute("Pad", "constant pads and value; constant, reflect or edge mode; a proved copy (Select)");
        compute("Expand", "a constant shape; a proved copy (Select)");
        compute("Tile", "constant repeats; a proved copy (Select)");
        compute("Split", "constant sizes or num_outputs; each output a proved copy (Select)");
        compute("GatherElements", "constant indices; a proved copy (Select)");
        compute("ReduceMin", "as −ReduceMax(−x)");
        compute("ReduceL1", "as ReduceSum(Abs(x))");
        compute("ReduceL2", "as Sqrt(ReduceSum(x·x))");
        compute("ReduceSumSquare", "as ReduceSum(x·x)");
        compute("ReduceLogSum", "as Log(ReduceSum(x))");
        compute("ReduceLogSumExp", "as max + Log(ReduceSum(Exp(x − max)))");
        compute("Max", "any number of inputs, pairwise b + Relu(a − b)");
        compute("Min", "any number of inputs, pairwise a − Relu(a − b)");
        compute("Trilu", "a constant k: a product with the constant triangular mask");
        compute("LogSoftmax", "as x − max − Log(ReduceSum(Exp(x − max)))");
        compute("PRelu", "a constant slope: Relu(x) − slope·Relu(−x)");
        compute("CastLike", "to a float type (a no-op) or, folded, an integer one");
        compute("Where", "a constant condition: x·c + y·(1 − c)");
        compute("LayerNormalization", "axis, epsilon; proved as its steps (mean, centring, inverse square root by table)");
        for (io.zkml4j.model.exec.UnaryFunction f : io.zkml4j.model.exec.UnaryFunction.values()) {
            if (!OPS.containsKey(f.opType()) && f != io.zkml4j.model.exec.UnaryFunction.INDEX_MATCHES) { // zkml4j's own, not ONNX's
                compute(f.opType(), switch (f.opType()) {
                    case "Gelu" -> "approximate none or tanh";
                    case "Elu", "Celu", "ThresholdedRelu" -> "alpha";
                    case "Selu" -> "alpha, gamma";
                    case "HardSigmoid" -> "alpha, beta";
                    default -> "";
                });
            }
        }
        compute("Conv", "2-D (1-D lifted to 2-D); strides, pads, auto_pad, dilations, group");
        compute("ConvTranspose", "2-D (1-D lifted); constant weights; strides, pads, auto_pad, output_shape, output_padding, "
                + "dilations, group (as the input spread by its strides, padded, and an ordinary convolution)");
        compute("Resize", "nearest, linear and cubic modes, every coordinate transformation, scales or sizes, axes; not antialias "
                + "(one constant linear map per resized axis: a Gather for nearest, a MatMul by the weights otherwise)");
        compute("Upsample", "nearest and linear (as Resize)");
        compute("GlobalMaxPool", "as ReduceMax over the spatial axes");
        compute("InstanceNormalization", "LayerNormalization's steps over each channel's spatial axes, constant scale and bias");
        compute("Sum", "any number of inputs (a chain of Adds)");
        compute("Mean", "any number of inputs (a chain of Adds, times 1/n)");
        compute("CumSum", "constant axis, exclusive, reverse (a product by a constant triangular matrix)");
        compute("DepthToSpace", "DCR and CRD (a reshape, a transpose, a reshape)");
        compute("SpaceToDepth", "a reshape, a transpose, a reshape");
        compute("Shrink", "soft shrinkage (bias = lambd): a difference of two Relus");
        compute("GatherND", "constant indices, batch_dims (one proved copy by an index map)");
        compute("ScatterElements", "constant indices, no reduction (one proved copy from the data and the updates)");
        compute("Scatter", "as ScatterElements");
        compute("ScatterND", "constant indices, no reduction (one proved copy from the data and the updates)");
        compute("Compress", "constant condition, with or without axis (one proved copy)");
        compute("Einsum", "one or two operands, ellipsis, diagonals, sums (transposes, reshapes, one MatMul, ReduceSum, Gather)");
        compute("NegativeLogLikelihoodLoss", "constant target and weight; ignore_index; reduction none, sum, mean");
        compute("SoftmaxCrossEntropyLoss", "as NegativeLogLikelihoodLoss of the proved LogSoftmax; the log_prob output");
        compute("MaxPool", "2-D (1-D lifted); strides, pads, auto_pad, dilations; not ceil_mode=1, storage_order, Indices");
        compute("AveragePool", "2-D (1-D lifted); strides, pads, auto_pad, dilations, count_include_pad; not ceil_mode=1");
        compute("GlobalAveragePool", "any number of spatial dimensions");
        compute("BatchNormalization", "inference mode only");
        compute("Flatten", "axis");
        compute("Reshape", "constant target shape, 0 and -1, allowzero");
        compute("Transpose", "perm");
        compute("Concat", "axis");
        compute("Clip", "bounds as attributes (opset < 11) or inputs");
        compute("Softmax", "axis semantics of opset < 13 and >= 13");
        compute("Identity", "kept only where it yields a graph output");
        compute("Constant", "folded into a constant");
        structural("Shape", "folded (shapes are static)");
        compute("Gather", "constant indices: folded over constants, of computed data a proved copy (Select); computed indices "
                + "(token ids): rows of a constant table of at most 2,048 rows, as one-hot rows times the table");

        structural("Unsqueeze", "folded, or turned into Reshape");
        structural("Squeeze", "folded, or turned into Reshape");
        structural("Cast", "folded; on runtime data only to FLOAT or DOUBLE (a no-op)");
        for (String mask : new String[] {"Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "Not"}) {
            structural(mask, "folded over constants (masks)");
        }
        structural("Dropout", "removed (inference; training mode only with ratio 0)");
    }

    private SupportedOps() {}

    private static void compute(String type, String notes) {
        OPS.put(type, new Op(type, Role.COMPUTE, 1, MAX_CHECKED_OPSET, notes));
    }

    private static void structural(String type, String notes) {
        OPS.put(type, new Op(type, Role.STRUCTURAL, 1, MAX_CHECKED_OPSET, notes));
    }

    /** The operator with this type in the default domain, or null. */
    public static Op find(String opType) {
        return OPS.get(opType);
    }

    public static List<Op> all() {
        return List.copyOf(OPS.values());
    }

    /** The list for error messages. */
    public static String describe() {
        String compute = OPS.values().stream().filter(o -> o.role() == Role.COMPUTE).map(Op::type)
                .collect(Collectors.joining(", "));
        String structural = OPS.values().stream().filter(o -> o.role() == Role.STRUCTURAL).map(Op::type)
                .collect(Collectors.joining(", "));
        return compute + "; and, where they only touch constants or static shapes, " + structural;
    }
}
