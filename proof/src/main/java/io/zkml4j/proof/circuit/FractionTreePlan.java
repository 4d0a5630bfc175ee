package io.zkml4j.proof.circuit;

import io.zkml4j.core.sumcheck.MaskedInstance;

import java.util.List;

/**
 * One fraction tree of LogUp proven by GKR (Papini and Haböck, 2023): its leaves are the fractions
 * 1/(α − tuple) of a lookup's operands, or m/(α − row) of a table's rows with their multiplicities,
 * and each layer above sums pairs of children ((a·d + c·b)/(b·d)), the child bit being the highest
 * variable. Nothing of the tree is committed but its layer {@link #TOP_VARS} (the 32 fractions
 * p/q of that layer, {@link #top}): layer by layer, a zero-knowledge sumcheck reduces a claim on a
 * layer to one on its children, down to the leaves, which the verifier computes from the
 * committed columns (or the public table).
 *
 * <p>A lookup of two operands puts them side by side under the tree's highest variable (the
 * leaf halves are the operands); one operand fills the leaves alone (its halves split its
 * positions). Values revealed at each sumcheck's end are masked by fold masks of their own, each
 * used once: {@link #topMasks} for layer {@link #TOP_VARS}'s p and q, {@link #layerMasks}.get(l −
 * TOP_VARS) for the children p_L, p_R, q_L, q_R of layer l (while they are not leaves), and
 * {@link #leafMasks}.get(s) for leaf slice s: one per committed column of a lookup's operand, or
 * the multiplicities' one of a table.
 *
 * @param lookup    the lookup whose operands are the leaves, or null for a table's tree
 * @param tablePlan the table whose rows are the leaves, or null for a lookup's tree
 */
public record FractionTreePlan(String label, int table, LookupPlan lookup, TablePlan tablePlan, int numVars, ExtVectorRef top,
                               List<VectorRef> topMasks, List<List<VectorRef>> layerMasks, List<List<VectorRef>> leafMasks) {
    /** The committed layer: the smallest a mask covers. */
    public static final int TOP_VARS = MaskedInstance.MIN_MASKED_VARS;

    public FractionTreePlan {
        topMasks = List.copyOf(topMasks);
        layerMasks = layerMasks.stream().map(List::copyOf).toList();
        leafMasks = leafMasks.stream().map(List::copyOf).toList();
        if ((lookup == null) == (tablePlan == null) || numVars < TOP_VARS) {
            throw new IllegalArgumentException("a fraction tree has a lookup or a table and at least " + TOP_VARS + " variables");
        }
        if (lookup != null && lookup.operands().size() == 2 && numVars != lookup.numVars() + 1) {
            throw new IllegalArgumentException("two operands side by side make a tree of one variable more than each: " + numVars + " for "
                    + lookup.numVars());
        }
    }

    public boolean isTable() {
        return tablePlan != null;
    }

    /** Leaf slices the last sumcheck reaches: the whole leaves when the top is the leaves, else the two halves. */
    public int leafSlices() {
        return numVars == TOP_VARS ? 1 : 2;
    }

    /**
     * Leaf slice s: an operand's positions (or a table's rows) with the {@code bits} highest
     * variables fixed to {@code index} (bit i of index for the i-th of them).
     */
    public LeafSlice slice(int s) {
        if (numVars == TOP_VARS) {
            return new LeafSlice(isTable() ? null : lookup.operands().get(0), 0, 0);
        }
        if (!isTable() && lookup.operands().size() == 2) {
            return new LeafSlice(lookup.operands().get(s), 0, 0);
        }
        return new LeafSlice(isTable() ? null : lookup.operands().get(0), 1, s);
    }

    /** Part of an operand (null: of the table) with its highest {@code bits} variables fixed to {@code index}. */
    public record LeafSlice(LookupPlan.Operand operand, int bits, int index) {}
}
