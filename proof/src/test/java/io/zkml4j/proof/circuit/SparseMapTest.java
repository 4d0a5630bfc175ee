package io.zkml4j.proof.circuit;

import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SparseMapTest {
    /** A random map with repeated targets (sums), untouched targets (constants only) and field weights. */
    private static SparseMap randomMap(SplittableRandom r, int targetSize, int sourceSize, int entries) {
        int[] target = new int[entries];
        int[] source = new int[entries];
        long[] weight = new long[entries];
        for (int e = 0; e < entries; e++) {
            target[e] = r.nextInt(targetSize - 1); // the last target has no entry
            source[e] = r.nextInt(sourceSize);
            weight[e] = Goldilocks.fromSigned(r.nextInt(-5, 6));
        }
        long[] constants = new long[targetSize];
        for (int p = 0; p < targetSize; p++) {
            constants[p] = r.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL;
        }
        return new SparseMap(targetSize, sourceSize, target, source, weight, constants);
    }

    @Test
    void applyingToEverySampleIsApplyingToEachSampleInTurn() {
        SplittableRandom r = new SplittableRandom(5);
        SparseMap map = randomMap(r, 37, 23, 200);
        int samples = 64;
        long[] values = new long[samples * map.sourceSize()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Goldilocks.fromSigned(r.nextInt(-1000, 1000));
        }
        long[] all = map.applyAll(values, samples);
        assertEquals(samples * map.targetSize(), all.length);
        for (int b = 0; b < samples; b++) {
            long[] one = map.apply(Arrays.copyOfRange(values, b * map.sourceSize(), (b + 1) * map.sourceSize()));
            long[] block = Arrays.copyOfRange(all, b * map.targetSize(), (b + 1) * map.targetSize());
            for (int p = 0; p < one.length; p++) { // the same field elements (representations may differ before reduction)
                assertEquals(Goldilocks.canonical(one[p]), Goldilocks.canonical(block[p]), "sample " + b + ", position " + p);
            }
        }
        assertArrayEquals(map.apply(Arrays.copyOfRange(values, 0, map.sourceSize())), map.applyAll(Arrays.copyOfRange(values, 0, map.sourceSize()), 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> map.applyAll(Arrays.copyOf(values, values.length - 1), samples),
                "a vector one value short of its samples");
    }
}
