package io.zkml4j.core.testing;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import java.util.SplittableRandom;

/** Seeded random field data for tests. */
public final class Rand {
    private Rand() {}

    public static long field(SplittableRandom r) {
        long w;
        do {
            w = r.nextLong();
        } while (!Goldilocks.isCanonical(w));
        return w;
    }

    public static Ext2 ext(SplittableRandom r) {
        return Ext2.of(field(r), field(r));
    }

    public static long[] base(int n, SplittableRandom r) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = field(r);
        }
        return t;
    }

    public static long[] extTable(int n, SplittableRandom r) {
        return base(2 * n, r);
    }

    public static Ext2[] point(int n, SplittableRandom r) {
        Ext2[] p = new Ext2[n];
        for (int i = 0; i < n; i++) {
            p[i] = ext(r);
        }
        return p;
    }

    /** A java.util.Random view, for APIs that take one. */
    public static java.util.Random random(long seed) {
        return new java.util.Random(seed);
    }
}
