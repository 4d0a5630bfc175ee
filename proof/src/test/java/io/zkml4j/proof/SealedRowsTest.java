package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** How wide a key's sealed weight rows are: doubled past the narrowest width only when each proof then commits less. */
class SealedRowsTest {
    /** Stored rows of the model's weight vectors at rows of 2^logRowWidth (as the commitment lays them out). */
    private static long rows(QuantizedModel m, int logRowWidth) {
        long rows = 0;
        for (Circuit.VectorSpec v : CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT).modelVectors()) {
            int vars = v.ref().numVars();
            rows += vars <= logRowWidth ? 1 : 1L << (vars - logRowWidth);
        }
        return rows;
    }

    private static int sealedWidth(QuantizedModel m, CommitOptions options) {
        return ModelCommitter.parameters(m, options).sealed().logRowWidth();
    }

    /**
     * A 784-256-10 network: at the narrowest width its 43 rows and salt take 6 sponge blocks (8 slots);
     * at twice the width, 4 blocks (4 slots). Halving the hash trace saves far more than the longer
     * row combinations cost, so the rows are doubled; with the EVM profile's succinct openings they are not.
     */
    @Test
    void aSmallModelsRowsAreDoubledWhenItsHashTraceHalves() {
        QuantizedModel m = TestModels.mlp(784, 256, 10, Activation.RELU, 1);
        int w = sealedWidth(m, CommitOptions.DEFAULT);
        assertTrue(rows(m, w - 1) <= ModelCommitter.SEALED_ROWS, "the narrowest width within the row bound is one narrower: " + rows(m, w - 1));
        assertTrue(rows(m, w) + io.zkml4j.core.sealed.SealedCommitment.SALT_ELEMENTS <= 32, "4 sponge blocks: " + rows(m, w));
        CommitOptions succinct = new CommitOptions(100, CommitOptions.DEFAULT.hash(), false, CommitOptions.Opening.BASEFOLD);
        assertEquals(w - 1, sealedWidth(m, succinct));
    }

    /**
     * A 2048-2048-10 network (4.2M weights): its narrowest rows are 2^17 wide, and nine row combinations
     * that long outweigh what halving its hash trace saves, so they stay (a first, unweighed rule doubled
     * them, and the dense 4M model's proof grew from 1.01 to 1.27 MB).
     */
    @Test
    void aLargeModelsRowsStayWhenLongerCombinationsCostMore() {
        QuantizedModel m = TestModels.mlp(2048, 2048, 10, Activation.RELU, 1);
        int w = sealedWidth(m, CommitOptions.DEFAULT);
        assertTrue(rows(m, w) <= ModelCommitter.SEALED_ROWS && rows(m, w - 1) > ModelCommitter.SEALED_ROWS,
                "the narrowest width within the row bound: " + rows(m, w) + " rows at 2^" + w);
        assertTrue(rows(m, w + 1) + io.zkml4j.core.sealed.SealedCommitment.SALT_ELEMENTS <= 32
                && rows(m, w) + io.zkml4j.core.sealed.SealedCommitment.SALT_ELEMENTS > 32, "doubling would halve the hash's slots");
    }
}
