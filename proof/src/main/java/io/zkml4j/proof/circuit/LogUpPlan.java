package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * The lookups proven by GKR: every fraction tree, and the committed masks of its zero-knowledge
 * sumchecks — {@link #sumchecks}.get(0) for the check of the committed top layer, then one per
 * layer l = {@link FractionTreePlan#TOP_VARS}, ..., {@link #depth} − 1 (index 1 + l − TOP_VARS),
 * shared by every tree deeper than l.
 */
public record LogUpPlan(List<FractionTreePlan> trees, List<MaskedSumcheckPlan> sumchecks) {
    public static final LogUpPlan NONE = new LogUpPlan(List.of(), List.of());

    public LogUpPlan {
        trees = List.copyOf(trees);
        sumchecks = List.copyOf(sumchecks);
    }

    /** The deepest tree's variables (0 without trees). */
    public int depth() {
        return trees.stream().mapToInt(FractionTreePlan::numVars).max().orElse(0);
    }

    /** The mask of a zero-knowledge sumcheck: its degree per round and the committed chunks of its table. */
    public record MaskedSumcheckPlan(String label, int[] degrees, List<VectorRef> chunks) {
        public MaskedSumcheckPlan {
            degrees = degrees.clone();
            chunks = List.copyOf(chunks);
        }
    }
}
