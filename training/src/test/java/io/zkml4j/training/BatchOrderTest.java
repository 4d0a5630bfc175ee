package io.zkml4j.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BatchOrderTest {
    private static final byte[] DATA = digest(1);
    private static final byte[] MODEL = digest(4);

    private static byte[] digest(int first) {
        byte[] d = new byte[32];
        d[0] = (byte) first;
        return d;
    }

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
        assertFalse(Arrays.equals(p, new BatchOrder(99, digest(2), MODEL, 100).permutation(0)));
        assertFalse(Arrays.equals(p, new BatchOrder(99, DATA, digest(5), 100).permutation(0)));
        assertFalse(Arrays.equals(p, new BatchOrder(99, DATA, MODEL, 100).permutation(1)));
    }
}
