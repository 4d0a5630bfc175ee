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
 * <p>A lookup's operands (a power of two of them, one table and size) sit side by side under the
 * tree's highest variables; a lone operand fills the leaves alone (its halves split its positions).
 * Values revealed at each sumcheck's end are masked by fold masks of their own, each used once:
 * {@link #topMasks} for layer {@link #TOP_VARS}'s p and q, {@link #layerMasks}.get(l − TOP_VARS) for
 * the children p_L, p_R, q_L, q_R of layer l (while they are not leaves), and {@link #leafMasks}.get(s)
 * for leaf slice s (its α − tuple values, or a table's multiplicities).
 *
 * @param lookup    the lookup whose operands are the leaves, or null for a table's tree
 * @param tablePlan the table whose rows are the leaves, or null for a lookup's tree
 */
public record FractionTreePlan(String label, int table, LookupPlan lookup, TablePlan tablePlan, int numVars, ExtVectorRef top,
                               List<VectorRef> topMasks, List<List<VectorRef>> layerMasks, List<VectorRef> leafMasks) {
    /** The committed layer: the smallest a mask covers. */
    public static final int TOP_VARS = MaskedInstance.MIN_MASKED_VARS;

    public FractionTreePlan {
        topMasks = List.copyOf(topMasks);
        layerMasks = layerMasks.stream().map(List::copyOf).toList();
        leafMasks = List.copyOf(leafMasks);
        if ((lookup == null) == (tablePlan == null) || numVars < TOP_VARS) {
            throw new IllegalArgumentException("a fraction tree has a lookup or a table and at least " + TOP_VARS + " variables");
        }
        if (lookup != null) {
            int k = lookup.operands().size();
            if (Integer.bitCount(k) != 1 || numVars != lookup.numVars() + Integer.numberOfTrailingZeros(k)) {
                throw new IllegalArgumentException("a lookup's tree holds a power of two of operands, each of its size: " + k + " operands of 2^"
                        + lookup.numVars() + " in a tree of 2^" + numVars);
            }
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
     * Leaf slice s: the operands under it (a lookup's; none for a table), each with its highest
     * {@code bits} position variables fixed to {@code index}. The whole leaves when the top is the
     * leaves; else the two halves: half the operands each, or a lone operand's (or a table's) two halves.
     */
    public LeafSlice slice(int s) {
        if (isTable()) {
            return numVars == TOP_VARS ? new LeafSlice(List.of(), 0, 0) : new LeafSlice(List.of(), 1, s);
        }
        List<LookupPlan.Operand> ops = lookup.operands();
        if (numVars == TOP_VARS) {
            return new LeafSlice(ops, 0, 0);
        }
        if (ops.size() >= 2) {
            int half = ops.size() / 2;
            return new LeafSlice(ops.subList(s * half, (s + 1) * half), 0, 0);
        }
        return new LeafSlice(ops, 1, s);
    }

    /**
     * Operands side by side (operand o at positions o·2^m onwards, m the variables left in each), each
     * with its highest {@code bits} variables fixed to {@code index}.
     */
    public record LeafSlice(List<LookupPlan.Operand> operands, int bits, int index) {
        public LeafSlice {
            operands = List.copyOf(operands);
        }
    }
}
