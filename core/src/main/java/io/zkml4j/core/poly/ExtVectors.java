package io.zkml4j.core.poly;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import static io.zkml4j.core.field.Goldilocks.add;
import static io.zkml4j.core.field.Goldilocks.mul;

/**
 * Extension-field vectors stored interleaved in a {@code long[]}: element i is
 * (v[2i], v[2i+1]) = c0 + c1·φ. Allocation-free loops for the hot paths.
 */
public final class ExtVectors {
    private ExtVectors() {}

    public static int length(long[] v) {
        return v.length >>> 1;
    }

    public static long[] fromBase(long[] base) {
        long[] out = new long[2 * base.length];
        for (int i = 0; i < base.length; i++) {
            out[2 * i] = Goldilocks.canonical(base[i]);
        }
        return out;
    }

    public static long[] of(Ext2... elements) {
        long[] out = new long[2 * elements.length];
        for (int i = 0; i < elements.length; i++) {
            elements[i].store(out, i);
        }
        return out;
    }

    public static Ext2[] toArray(long[] v) {
        Ext2[] out = new Ext2[length(v)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Ext2.at(v, i);
        }
        return out;
    }

    /** Σ_i a_i·b_i for two extension vectors. */
    public static Ext2 innerProduct(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch " + a.length / 2 + " vs " + b.length / 2);
        }
        long s0 = 0;
        long s1 = 0;
        for (int i = 0; i < a.length; i += 2) {
            long a0 = a[i], a1 = a[i + 1], b0 = b[i], b1 = b[i + 1];
            s0 = add(s0, Ext2.mul0(a0, a1, b0, b1));
            s1 = add(s1, Ext2.mul1(a0, a1, b0, b1));
        }
        return Ext2.of(s0, s1);
    }

    /** Σ_i a_i·b_i for an extension vector a and a base vector b (b may be shorter: zero-padded). */
    public static Ext2 innerProductBase(long[] a, long[] b) {
        return innerProductBase(a, 0, b, 0, Math.min(length(a), b.length));
    }

    /** Σ_{i<n} a_{aFrom+i}·b_{bFrom+i} for n extension values of a (interleaved) and n base values of b, read in place. */
    public static Ext2 innerProductBase(long[] a, int aFrom, long[] b, int bFrom, int n) {
        long s0 = 0;
        long s1 = 0;
        for (int i = 0, x = 2 * aFrom; i < n; i++, x += 2) {
            long v = b[bFrom + i];
            s0 = add(s0, mul(a[x], v));
            s1 = add(s1, mul(a[x + 1], v));
        }
        return Ext2.of(s0, s1);
    }

    /** acc += c·v for an extension scalar c and a base vector v (acc may be longer). */
    public static void addScaledBase(long[] acc, Ext2 c, long[] v) {
        for (int i = 0; i < v.length; i++) {
            acc[2 * i] = add(acc[2 * i], mul(c.c0, v[i]));
            acc[2 * i + 1] = add(acc[2 * i + 1], mul(c.c1, v[i]));
        }
    }

    /** acc += c·v for extension scalar and vector. */
    public static void addScaled(long[] acc, Ext2 c, long[] v) {
        for (int i = 0; i < v.length; i += 2) {
            long v0 = v[i], v1 = v[i + 1];
            acc[i] = add(acc[i], Ext2.mul0(c.c0, c.c1, v0, v1));
            acc[i + 1] = add(acc[i + 1], Ext2.mul1(c.c0, c.c1, v0, v1));
        }
    }

    /** Splits into the c0 and c1 component vectors. */
    /** Whether the interleaved table of {@code length} longs at {@code from} holds base-field values only: every φ part exactly zero. */
    public static boolean holdsBase(long[] v, int from, int length) {
        for (int i = from + 1; i < from + length; i += 2) {
            if (v[i] != 0) {
                return false;
            }
        }
        return true;
    }

    public static long[][] components(long[] v) {
        int n = length(v);
        long[] c0 = new long[n];
        long[] c1 = new long[n];
        for (int i = 0; i < n; i++) {
            c0[i] = v[2 * i];
            c1[i] = v[2 * i + 1];
        }
        return new long[][] {c0, c1};
    }
}
