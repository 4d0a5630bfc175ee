package io.zkml4j.proof.circuit;

import java.util.List;

/**
 * One lookup instance: every position x of a vector space of 2^numVars entries looks up the tuple
 * (column_0(x), column_1(x), ...) in table {@code table}; column c is scale_c·v_c(x) + offset_c for
 * a tensor v_c (committed or public) in the same layout. Its inverses 1/(α − tuple) are committed
 * after α.
 */
public record LookupPlan(String label, int table, List<Column> columns, int numVars, ExtVectorRef inverse) {
    /** scale·tensor + offset, as field elements. */
    public record Column(TensorPlan tensor, long scale, long offset) {}
}
