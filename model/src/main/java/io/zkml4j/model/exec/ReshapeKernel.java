package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;
import java.util.Arrays;

/**
 * Reshape: the target shape comes from the second input, which must be known statically. A 0
 * copies the input's dimension at that position (unless allowzero=1, where 0 means 0), and one
 * -1 is inferred from the remaining size.
 */
final class ReshapeKernel implements OpKernel {
    @Override
    public int[][] outputShapes(Node node, int[][] in, Tensor[] constants) {
        Kernels.requireInputs(node, in, 2, 2);
        if (constants[1] == null) {
            throw new IllegalArgumentException("Reshape's target shape must be a constant");
        }
        return new int[][] {target(node, in[0], constants[1])};
    }

    @Override
    public Tensor[] compute(Node node, Tensor[] in) {
        return new Tensor[] {in[0].reshape(target(node, in[0].shape(), in[1]))};
    }

    /** The output shape with 0 and -1 resolved. */
    static int[] target(Node node, int[] input, Tensor shapeTensor) {
        if (shapeTensor.rank() != 1) {
            throw new IllegalArgumentException("Reshape's shape input must be 1-D, got " + Shapes.toString(shapeTensor.shape()));
        }
        long[] requested = Shapes.toLongs(shapeTensor, "Reshape's shape input");
        boolean allowZero = node.intAttr("allowzero", 0) != 0;
        int[] out = new int[requested.length];
        int inferred = -1;
        long known = 1;
        for (int k = 0; k < requested.length; k++) {
            long d = requested[k];
            if (d == 0 && !allowZero) {
                if (k >= input.length) {
                    throw new IllegalArgumentException("Reshape shape " + Arrays.toString(requested) + " copies dimension " + k
                            + " (a 0), but the input " + Shapes.toString(input) + " has only " + input.length);
                }
                d = input[k];
            }
            if (d == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("Reshape shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = k;
                continue;
            }
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Reshape shape " + Arrays.toString(requested) + " has invalid dimension " + d);
            }
            out[k] = (int) d;
            known *= d;
            if (known > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Reshape shape " + Arrays.toString(requested) + " is too large");
            }
        }
        int size = Shapes.size(input);
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("Reshape cannot infer the -1 in " + Arrays.toString(requested)
                        + " for an input of shape " + Shapes.toString(input) + " (" + size + " values)");
            }
            out[inferred] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("Reshape to " + Arrays.toString(requested) + " needs " + known
                    + " values, but the input " + Shapes.toString(input) + " has " + size);
        }
        return out;
    }
}
