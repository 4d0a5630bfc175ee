package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.basefold.FoldedEvaluation;
import io.zkml4j.core.poly.Multilinear;

/** Dishonest fold provers the soundness tests of the folding engine and of the openings built on it share. */
public final class DishonestFolds {
    private DishonestFolds() {}

    /**
     * A fold prover whose sumcheck starts from {@code expected} (a false value) and stays consistent
     * with it (each round shifted by d·(1 − X), d the gap to its running claim), and whose final
     * constant is what its last claim demands, claim / eq(point, r). Only the folds, which are the
     * honest word's, can catch it.
     */
    public static FoldedEvaluation.Deviation consistentSumcheckFrom(Ext2[] point, Ext2 expected) {
        return new FoldedEvaluation.Deviation() {
            @Override
            public Ext2 value(Ext2 honest) {
                return expected;
            }

            @Override
            public void round(int i, Ext2 claim, Ext2[] values) {
                Ext2 d = claim.sub(values[0].add(values[1]));
                values[0] = values[0].add(d);
                values[2] = values[2].sub(d);
            }

            @Override
            public Ext2 last(Ext2 honest, Ext2 claim, Ext2[] challenges) {
                return claim.mul(Multilinear.eq(point, challenges).inverse());
            }
        };
    }
}
