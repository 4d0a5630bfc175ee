package io.zkml4j.cli;

import io.zkml4j.model.ir.Graph;

/** Sizes of an imported graph's tensors. */
final class Tensors {
    private Tensors() {}

    /** Values per sample of the graph's single input (the batch dimension, fixed to 1, excluded). */
    static int inputSize(Graph graph) {
        if (graph.inputs().size() != 1) {
            throw new Main.UserError("the model has " + graph.inputs().size() + " inputs; zkml4j proves models with one input");
        }
        long size = 1;
        for (int d : graph.inputs().get(0).shape()) {
            size *= d;
        }
        return (int) size;
    }
}
