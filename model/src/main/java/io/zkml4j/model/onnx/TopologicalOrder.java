package io.zkml4j.model.onnx;

import io.zkml4j.model.ir.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders nodes so that every value is computed before it is read (ONNX requires files to be
 * sorted already, but exporters and hand edits do not always comply). Also enforces the static
 * single assignment rule: every value is defined once, by an input, an initializer or one node.
 */
final class TopologicalOrder {
    private TopologicalOrder() {}

    /** @param defined the values available before any node runs (graph inputs and constants) */
    static List<SourceNode> sort(List<SourceNode> sourceNodes, Set<String> defined, String source)
            throws ModelFormatException {
        List<Node> nodes = sourceNodes.stream().map(SourceNode::node).toList();
        List<String> describe = sourceNodes.stream().map(SourceNode::describe).toList();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (defined.contains(out)) {
                    throw new ModelFormatException(source + ": " + describe.get(i) + " defines '" + out
                            + "', which is already a graph input or initializer");
                }
                Integer previous = producer.put(out, i);
                if (previous != null) {
                    throw new ModelFormatException(source + ": '" + out + "' is defined twice, by " + describe.get(previous)
                            + " and by " + describe.get(i));
                }
            }
        }
        // Kahn's algorithm, taking ready nodes in file order so that sorted files keep their order.
        int[] waiting = new int[nodes.size()];
        List<List<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (in.isEmpty() || defined.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new ModelFormatException(source + ": " + describe.get(i) + " reads '" + in
                            + "', which no node, graph input or initializer defines");
                }
                waiting[i]++;
                readers.get(p).add(i);
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<SourceNode> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(sourceNodes.get(i));
            for (int r : readers.get(i)) {
                if (--waiting[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (order.size() < nodes.size()) {
            Deque<String> stuck = new ArrayDeque<>();
            for (int i = 0; i < nodes.size() && stuck.size() < 5; i++) {
                if (waiting[i] > 0) {
                    stuck.add(describe.get(i));
                }
            }
            throw new ModelFormatException(source + ": the graph has a cycle: " + (nodes.size() - order.size())
                    + " node(s) wait on each other, among them " + String.join(", ", stuck));
        }
        return order;
    }
}
