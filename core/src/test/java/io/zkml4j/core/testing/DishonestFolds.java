package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.pcs.basefold.FoldedEvaluation;

/** Dishonest fold provers the soundness tests of the folding engine and of the openings built on it share. */
public final class DishonestFolds {
    private DishonestFolds() {}

    /**
     * A fold prover whose sumcheck starts from {@code expected} (a false value) and stays consistent
     * with it (both values of each round's linear message shifted by the gap d to its running claim,
     * so (1 − z)·Λ(0) + z·Λ(1) moves by d), and whose final constant is its last claim. Only the
     * folds, which are the honest word's, can catch it.
     */
    public static FoldedEvaluation.Deviation consistentSumcheckFrom(Ext2[] point, Ext2 expected) {
        return new FoldedEvaluation.Deviation() {
            @Override
            public Ext2 value(Ext2 honest) {
                return expected;
            }

            @Override
            public void round(int i, Ext4 claim, Ext4[] message) {
                Ext4 sum = message[0].add(message[1].sub(message[0]).mul(point[i]));
                Ext4 d = claim.sub(sum);
                message[0] = message[0].add(d);
                message[1] = message[1].add(d);
            }

            @Override
            public Ext4 last(Ext4 honest, Ext4 claim, Ext4[] challenges) {
                return claim;
            }
        };
    }
}
