package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * Cast to the element type named by the {@code to} attribute (an ONNX TensorProto.DataType
 * code). Values stay floats in zkml4j, so a cast rounds them the way the target type would:
 * integers truncate toward zero and wrap to their width, booleans become 0 or 1.
 */
final class CastKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 1, 1);
        converter(node);
        return new int[][] {in[0]};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        java.util.function.DoubleUnaryOperator convert = converter(node);
        float[] x = in[0].data();
        float[] y = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = (float) convert.applyAsDouble(x[k]);
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }

    private static java.util.function.DoubleUnaryOperator converter(Node node) {
        if (node.attribute("to") == null) {
            throw new IllegalArgumentException("Cast needs the 'to' attribute");
        }
        long to = node.intAttr("to", 0);
        // Codes from TensorProto.DataType.
        return switch ((int) to) {
            case 1, 11 -> v -> v; // FLOAT, DOUBLE: the value is already a float
            case 2 -> v -> ((long) v) & 0xFF; // UINT8
            case 3 -> v -> (byte) (long) v; // INT8
            case 5 -> v -> (short) (long) v; // INT16
            case 6 -> v -> (int) (long) v; // INT32
            case 7 -> v -> (long) v; // INT64
            case 9 -> v -> v != 0 ? 1 : 0; // BOOL
            default -> throw new IllegalArgumentException("Cast to element type " + to
                    + " is not supported (zkml4j casts to FLOAT, DOUBLE, INT8/16/32/64, UINT8 and BOOL)");
        };
    }
}
