package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;
import io.zkml4j.model.ir.Tensor;

/**
 * One ONNX operator: how its output shapes follow from its input shapes, and what it computes on
 * floats. The importer uses the first for static shape inference and constant folding, the
 * executor the second, so both always agree on an operator's meaning.
 *
 * <p>Omitted optional inputs are {@code null} in the arrays. Kernels implement the latest ONNX
 * semantics of their operator; the importer rewrites older opset forms before they get here.
 */
public interface OpKernel {
    /**
     * The shapes of the node's outputs.
     *
     * @param constants the value of each input that is a constant, else null (Reshape reads its
     *                  target shape there)
     * @throws IllegalArgumentException naming the problem when the inputs or attributes do not fit the operator
     */
    int[][] outputShapes(Node node, int[][] inputShapes, Tensor[] constants);

    /** Computes the node's outputs from its input values. */
    Tensor[] compute(Node node, Tensor[] inputs);
}
