package io.zkml4j.model.onnx;

import io.zkml4j.model.ir.Node;

/**
 * A node on its way through the importer, with the way messages name it in the user's file
 * ("node 'conv1'" or "graph.node[3] (producing 'y')") and its op type.
 */
record SourceNode(Node node, String where) {
    /** "node 'conv1' (Conv)": how errors about this node begin. */
    String describe() {
        return where + " (" + node.opType() + ")";
    }
}
