package io.zkml4j.proof.circuit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One lookup instance: at every position x of a vector space of 2^numVars entries, each operand
 * looks up its tuple (column_0(x), column_1(x), ...) in table {@code table}; column c is
 * scale_c·v_c(x) + offset_c for a tensor v_c (committed or public) in the same layout. Its
 * operands are the leaves of one fraction tree ({@link FractionTreePlan}): looked-up vectors of one
 * table and size side by side, a power of two of them.
 */
public record LookupPlan(int table, List<Operand> operands, int numVars) {
    /** Operands of one tree, at most: fewer, deeper trees reveal fewer values (each tree reveals a few per layer). */
    public static final int MAX_OPERANDS = 64;

    public LookupPlan {
        operands = List.copyOf(operands);
        if (Integer.bitCount(operands.size()) != 1 || operands.size() > MAX_OPERANDS) {
            throw new IllegalArgumentException("a lookup has a power of two of operands up to " + MAX_OPERANDS + ", not " + operands.size());
        }
    }

    /** scale·tensor + offset, as field elements. */
    public record Column(TensorPlan tensor, long scale, long offset) {}

    /** One looked-up vector of tuples, under the label it was planned with. */
    public record Operand(String label, List<Column> columns) {
        public Operand {
            columns = List.copyOf(columns);
        }

        public boolean anyCommitted() {
            return columns.stream().anyMatch(c -> !c.tensor().isPublic());
        }
    }

    /** The operands' labels, joined by "+". */
    public String label() {
        return operands.stream().map(Operand::label).collect(Collectors.joining("+"));
    }

    /** Whether this lookup looks up the vector planned as {@code operandLabel}. */
    public boolean looksUp(String operandLabel) {
        return operands.stream().anyMatch(o -> o.label().equals(operandLabel));
    }
}
