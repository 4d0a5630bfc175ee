package io.zkml4j.cli;

import io.zkml4j.model.ir.Graph;
import io.zkml4j.proof.Zkml;

/** Sizes of an imported graph's tensors, with the user error the command line reports. */
final class Tensors {
    private Tensors() {}

    /** Values per sample of the graph's single input (what the benchmarks and the accuracy commands take). */
    static int inputSize(Graph graph) {
        if (graph.inputs().size() != 1) {
            throw new Main.UserError("the model: this command takes models of one input, this one has " + graph.inputs().size());
        }
        return Zkml.inputSizes(graph)[0];
    }
}
