package io.zkml4j.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BatchOrderTest {
    private static final byte[] DATA = {1, 2, 3};
    private static final byte[] MODEL = {4, 5, 6};

    @Test
    void eachEpochIsAPermutationTheVerifierRecomputes() {
        BatchOrder order = new BatchOrder(99, DATA, MODEL, 455);
        int[] p = order.permutation(0);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, new BatchOrder(99, DATA.clone(), MODEL.clone(), 455).permutation(0));
        assertEquals(15, order.batches(32));
    }

    @Test
    void theOrderDependsOnSeedDatasetModelAndEpoch() {
        int[] p = new BatchOrder(99, DATA, MODEL, 100).permutation(0);
        assertFalse(Arrays.equals(p, new BatchOrder(98, DATA, MODEL, 100).permutation(0)));
        assertFalse(Arrays.equals(p, new BatchOrder(99, new byte[] {1, 2, 4}, MODEL, 100).permutation(0)));
        assertFalse(Arrays.equals(p, new BatchOrder(99, DATA, new byte[] {4, 5, 7}, 100).permutation(0)));
        assertFalse(Arrays.equals(p, new BatchOrder(99, DATA, MODEL, 100).permutation(1)));
    }
}
