package io.zkml4j.cli;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.proof.Zkml;

/** Sizes of an imported graph's tensors, with the user error the command line reports. */
final class Tensors {
    private Tensors() {}

    /** Values per sample of the graph's single input. */
    static int inputSize(Graph graph) {
        try {
            return Zkml.inputSize(graph);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("the model: " + e.getMessage());
        }
    }
}
