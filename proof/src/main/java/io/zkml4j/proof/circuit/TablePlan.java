package io.zkml4j.proof.circuit;

import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.model.quant.Activation;

/**
 * A public lookup table with its committed multiplicities and inverses m/(α − row). Tables are
 * the 16-bit range [0, 2^16), or an activation's pairs (t, f(t)) for t in [−2^15, 2^15).
 */
public record TablePlan(String label, Activation activation, LookupTable table, VectorRef multiplicities, ExtVectorRef inverse) {
    public boolean isRange() {
        return activation == null;
    }

    public int numVars() {
        return table.numVars();
    }

    /** The table for an activation: row j holds (j − 2^15, f(j − 2^15)). */
    public static LookupTable activationTable(Activation f) {
        int rows = 1 << Activation.BITS;
        long[] in = new long[rows];
        long[] out = new long[rows];
        for (int j = 0; j < rows; j++) {
            long t = j + Activation.MIN;
            in[j] = io.zkml4j.core.field.Goldilocks.fromSigned(t);
            out[j] = io.zkml4j.core.field.Goldilocks.fromSigned(f.apply(t));
        }
        return LookupTable.of(in, out);
    }
}
