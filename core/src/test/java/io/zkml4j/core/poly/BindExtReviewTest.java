package io.zkml4j.core.poly;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of {@link Multilinear#bindExt(long[], int, int, Ext2, long[])}'s two paths (lifted base
 * tables, from 2^8 bound values, and extension tables with 7·r1 precomputed) against
 * lo + r·(hi − lo) + periodic[i mod m] in Ext2: non-canonical words (p, p + 1, 2^64 − 1) in either
 * component, φ parts that are a non-canonical zero (p), offsets, periodic addends of 1..16 values,
 * r in the base field, zero, one and general.
 */
class BindExtReviewTest {
    private static final long[] ODD = {Goldilocks.P, Goldilocks.P + 1, -1L, -2L, Goldilocks.P - 1};

    @Test
    void bothPathsAreTheDefinition() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            int numVars = 1 + r.nextInt(11);
            int n = 1 << numVars, length = 2 * n;
            int from = r.nextInt(3) == 0 ? 0 : r.nextInt(17);
            long[] array = new long[from + length + r.nextInt(5)];
            int shape = r.nextInt(4); // 0, 1: base (φ parts 0), 2: base but one φ part p, 3: extension
            for (int i = 0; i < array.length; i++) {
                array[i] = r.nextInt(6) == 0 ? ODD[r.nextInt(ODD.length)] : Rand.field(r);
            }
            for (int i = 0; i < n && shape <= 2; i++) {
                array[from + 2 * i + 1] = 0;
            }
            if (shape == 2) {
                array[from + 2 * r.nextInt(n) + 1] = Goldilocks.P;
            }
            Ext2 point = switch (r.nextInt(4)) {
                case 0 -> Ext2.ZERO;
                case 1 -> Ext2.ONE;
                case 2 -> Ext2.fromBase(Rand.field(r));
                default -> Rand.ext(r);
            };
            long[] periodic = null;
            if (r.nextBoolean()) {
                periodic = new long[2 << r.nextInt(5)];
                for (int i = 0; i < periodic.length; i++) {
                    periodic[i] = r.nextInt(6) == 0 ? ODD[r.nextInt(ODD.length)] : Rand.field(r);
                }
            }
            long[] got = Multilinear.bindExt(array, from, length, point, periodic);
            assertEquals(n, got.length);
            for (int i = 0; i < n / 2; i++) {
                Ext2 lo = Ext2.of(array[from + 4 * i], array[from + 4 * i + 1]);
                Ext2 hi = Ext2.of(array[from + 4 * i + 2], array[from + 4 * i + 3]);
                Ext2 want = lo.add(point.mul(hi.sub(lo)));
                if (periodic != null) {
                    int m = i % (periodic.length / 2);
                    want = want.add(Ext2.of(periodic[2 * m], periodic[2 * m + 1]));
                }
                assertEquals(want, Ext2.of(got[2 * i], got[2 * i + 1]), "trial " + trial + ", shape " + shape + ", entry " + i);
                assertEquals(true, Goldilocks.isCanonical(got[2 * i]) && Goldilocks.isCanonical(got[2 * i + 1]), "canonical output");
            }
        }
    }
}
