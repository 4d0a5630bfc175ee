package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The float kernel of every operator the executor runs, by ONNX op type. */
public final class Kernels {
    private static final Map<String, OpKernel> KERNELS = withUnaryFunctions(
            Map.entry("Add", new ArithmeticKernel((a, b) -> a + b)),
            Map.entry("Sub", new ArithmeticKernel((a, b) -> a - b)),
            Map.entry("Mul", new ArithmeticKernel((a, b) -> a * b)),
            Map.entry("Div", new ArithmeticKernel((a, b) -> a / b)),
            // Comparisons and logic fold constant masks (true is 1, false 0); imported graphs never compute them.
            Map.entry("Equal", new ArithmeticKernel((a, b) -> a == b ? 1 : 0)),
            Map.entry("Greater", new ArithmeticKernel((a, b) -> a > b ? 1 : 0)),
            Map.entry("Less", new ArithmeticKernel((a, b) -> a < b ? 1 : 0)),
            Map.entry("GreaterOrEqual", new ArithmeticKernel((a, b) -> a >= b ? 1 : 0)),
            Map.entry("LessOrEqual", new ArithmeticKernel((a, b) -> a <= b ? 1 : 0)),
            Map.entry("And", new ArithmeticKernel((a, b) -> a != 0 && b != 0 ? 1 : 0)),
            Map.entry("Or", new ArithmeticKernel((a, b) -> a != 0 || b != 0 ? 1 : 0)),
            Map.entry("Xor", new ArithmeticKernel((a, b) -> (a != 0) != (b != 0) ? 1 : 0)),
            Map.entry("Pow", new ArithmeticKernel(StrictMath::pow)),
            Map.entry("ReduceSum", new ReduceKernel()),
            Map.entry("ReduceMean", new ReduceKernel()),
            Map.entry("ReduceMax", new ReduceKernel()),
            Map.entry("Relu", new ActivationKernel()),
            Map.entry("LeakyRelu", new ActivationKernel()),
            Map.entry("Sigmoid", new ActivationKernel()),
            Map.entry("Tanh", new ActivationKernel()),
            Map.entry("Gemm", new GemmKernel()),
            Map.entry("MatMul", new MatMulKernel()),
            Map.entry("Conv", new ConvKernel()),
            Map.entry("MaxPool", new PoolKernel(true)),
            Map.entry("AveragePool", new PoolKernel(false)),
            Map.entry("GlobalAveragePool", new GlobalAveragePoolKernel()),
            Map.entry("BatchNormalization", new BatchNormalizationKernel()),
            Map.entry("Flatten", new FlattenKernel()),
            Map.entry("Reshape", new ReshapeKernel()),
            Map.entry("Transpose", new TransposeKernel()),
            Map.entry("Concat", new ConcatKernel()),
            Map.entry("Clip", new ClipKernel()),
            Map.entry("Softmax", new SoftmaxKernel()),
            Map.entry("Identity", new IdentityKernel()),
            // Used by the importer to fold shape computations; imported graphs never contain them.
            Map.entry("Squeeze", new SqueezeKernel(true)),
            Map.entry("Unsqueeze", new SqueezeKernel(false)),
            Map.entry("Gather", new GatherKernel()),
            Map.entry("Slice", new SliceKernel()),
            Map.entry("Pad", new PadKernel()),
            Map.entry("Expand", new MovementKernel()),
            Map.entry("Tile", new MovementKernel()),
            Map.entry("Split", new MovementKernel()),
            Map.entry("GatherElements", new MovementKernel()),
            Map.entry("Cast", new CastKernel()),
            Map.entry("Shape", new ShapeKernel()));

    private Kernels() {}

    @SafeVarargs
    private static Map<String, OpKernel> withUnaryFunctions(Map.Entry<String, OpKernel>... entries) {
        Map<String, OpKernel> all = new java.util.HashMap<>(Map.ofEntries(entries));
        for (UnaryFunction f : UnaryFunction.values()) {
            if (UnaryFunction.isUnary(f.opType())) {
                all.put(f.opType(), new UnaryFunctionKernel());
            }
        }
        return Map.copyOf(all);
    }

    /** The kernel for an op type. */
    public static OpKernel of(String opType) {
        OpKernel k = KERNELS.get(opType);
        if (k == null) {
            throw new IllegalArgumentException("the float executor has no kernel for " + opType + "; it runs: " + opTypes());
        }
        return k;
    }

    public static boolean has(String opType) {
        return KERNELS.containsKey(opType);
    }

    public static Set<String> opTypes() {
        return new TreeSet<>(KERNELS.keySet());
    }

    /** The shapes of these tensors (null stays null). */
    static int[][] shapesOf(Tensor[] tensors) {
        int[][] shapes = new int[tensors.length][];
        for (int k = 0; k < tensors.length; k++) {
            shapes[k] = tensors[k] == null ? null : tensors[k].shape();
        }
        return shapes;
    }

    /** Checks the number of inputs and that the first {@code required} are present. */
    static void requireInputs(Node node, int[][] inputs, int required, int max) {
        if (inputs.length < required || inputs.length > max) {
            throw new IllegalArgumentException(node.opType() + " takes " + (required == max ? "" + required : required + " to " + max)
                    + " input(s), got " + inputs.length);
        }
        for (int k = 0; k < required; k++) {
            if (inputs[k] == null) {
                throw new IllegalArgumentException(node.opType() + " input " + k + " is required");
            }
        }
    }
}
