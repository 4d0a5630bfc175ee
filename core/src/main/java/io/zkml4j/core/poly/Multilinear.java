package io.zkml4j.core.poly;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.add;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.sub;

/**
 * Multilinear polynomials as tables of evaluations over {0,1}^n, in the bit order of
 * {@link io.zkml4j.core.poly package-info}: variable x_j is bit j of the index. Base-field tables
 * are {@code long[]}; extension tables are interleaved (see {@link ExtVectors}).
 */
public final class Multilinear {
    private static final int PARALLEL = 1 << 15;
    /** From this many bound values on, a table is first checked for base-field values (the check stops at the first that is not). */
    private static final int BASE_CHECK = 1 << 8;

    private Multilinear() {}

    /** eq(x, y) = Π_j (x_j·y_j + (1 − x_j)(1 − y_j)). */
    public static Ext2 eq(Ext2[] x, Ext2[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("eq of points with " + x.length + " and " + y.length + " coordinates");
        }
        Ext2 acc = Ext2.ONE;
        for (int j = 0; j < x.length; j++) {
            Ext2 xy = x[j].mul(y[j]);
            // x y + (1 - x)(1 - y) = 1 - x - y + 2xy
            acc = acc.mul(Ext2.ONE.sub(x[j]).sub(y[j]).add(xy).add(xy));
        }
        return acc;
    }

    /** The table b -> eq(point, b) over {0,1}^n, interleaved. */
    public static long[] eqTable(Ext2[] point) {
        return eqTable(point, Ext2.ONE);
    }

    /** The table b -> scale·eq(point, b). */
    public static long[] eqTable(Ext2[] point, Ext2 scale) {
        int n = point.length;
        long[] t = new long[2 << n];
        t[0] = scale.c0;
        t[1] = scale.c1;
        for (int j = 0; j < n; j++) {
            int size = 1 << j;
            long r0 = point[j].c0;
            long r1 = point[j].c1;
            final long[] table = t;
            IntStream range = IntStream.range(0, size);
            if (size >= PARALLEL) {
                range = range.parallel();
            }
            // Entry i (bit j clear) becomes t·(1 − r); entry i + 2^j (bit j set) becomes t·r.
            range.forEach(i -> {
                long a0 = table[2 * i], a1 = table[2 * i + 1];
                long h0 = Ext2.mul0(a0, a1, r0, r1);
                long h1 = Ext2.mul1(a0, a1, r0, r1);
                table[2 * (i + size)] = h0;
                table[2 * (i + size) + 1] = h1;
                table[2 * i] = sub(a0, h0);
                table[2 * i + 1] = sub(a1, h1);
            });
        }
        return t;
    }

    /** Binds x_0 := r in a base table, giving an extension table of half the size. */
    public static long[] bindBase(long[] table, Ext2 r) {
        int half = table.length >>> 1;
        long[] out = new long[2 * half];
        IntStream range = IntStream.range(0, half);
        if (half >= PARALLEL) {
            range = range.parallel();
        }
        range.forEach(i -> {
            long lo = table[2 * i];
            long d = sub(table[2 * i + 1], lo);
            out[2 * i] = add(lo, mul(r.c0, d));
            out[2 * i + 1] = mul(r.c1, d);
        });
        return out;
    }

    /** Binds x_0 := r in an extension table, giving one of half the size. */
    public static long[] bindExt(long[] table, Ext2 r) {
        return bindExt(table, r, null);
    }

    /**
     * {@link #bindExt(long[], Ext2)} plus a periodic addend: out[i] += periodic[i mod m] for m
     * interleaved extension values (a power of two), in the same pass. A masked sumcheck's
     * binding adds its mask's 16 values this way.
     */
    public static long[] bindExt(long[] table, Ext2 r, long[] periodic) {
        return bindExt(table, 0, table.length, r, periodic);
    }

    /**
     * {@link #bindExt(long[], Ext2, long[])} of the table that occupies {@code length} longs of
     * {@code array} from {@code from} (a half of a larger table, read in place instead of copied).
     */
    public static long[] bindExt(long[] array, int from, int length, Ext2 r, long[] periodic) {
        if (from < 0 || length < 0 || from > array.length - length) {
            throw new IllegalArgumentException("a table of " + length + " longs from " + from + " in an array of " + array.length);
        }
        int half = length >>> 2;
        long[] out = new long[2 * half];
        int period = periodic == null ? 0 : periodic.length / 2 - 1;
        if (periodic != null && (Integer.bitCount(periodic.length / 2) != 1 || periodic.length % 2 != 0)) {
            throw new IllegalArgumentException("a periodic addend has a power of two of extension values, not " + periodic.length / 2.0);
        }
        IntStream range = IntStream.range(0, half);
        if (half >= PARALLEL) {
            range = range.parallel();
        }
        if (half >= BASE_CHECK && ExtVectors.holdsBase(array, from, length)) { // a lifted base table: r·d is two base products
            range.forEach(i -> {
                int at = from + 4 * i;
                long lo = Goldilocks.canonical(array[at]);
                long d = sub(array[at + 2], lo);
                store(out, i, Goldilocks.mulAdd(r.c0, d, lo), mul(r.c1, d), periodic, period);
            });
            return out;
        }
        // r·d = (r0·d0 + 7r1·d1, r0·d1 + r1·d0): with 7r1 computed once, both halves are sums of two
        // products reduced once (Ext2.mul1's form), where mul0 would reduce r1·d1 before multiplying by 7
        long r0 = Goldilocks.canonical(r.c0), r1 = Goldilocks.canonical(r.c1), r7 = Goldilocks.canonical(Goldilocks.mulSmall(r1, Ext2.W));
        range.forEach(i -> {
            int at = from + 4 * i;
            long lo0 = array[at], lo1 = array[at + 1];
            long d0 = sub(array[at + 2], lo0);
            long d1 = sub(array[at + 3], lo1);
            store(out, i, add(lo0, Ext2.mul1(r0, r7, d1, d0)), add(lo1, Ext2.mul1(r0, r1, d0, d1)), periodic, period);
        });
        return out;
    }

    /** out[i] = (o0, o1) plus the periodic addend's entry i mod (period + 1), if any. */
    private static void store(long[] out, int i, long o0, long o1, long[] periodic, int period) {
        if (periodic != null) {
            int m = i & period;
            o0 = add(o0, periodic[2 * m]);
            o1 = add(o1, periodic[2 * m + 1]);
        }
        out[2 * i] = o0;
        out[2 * i + 1] = o1;
    }

    /**
     * Sums adjacent pairs of an extension table: t'(y) = t(0, y) + t(1, y). For eq weights this drops
     * the lowest variable, since eq(z_0, 0) + eq(z_0, 1) = 1.
     */
    public static long[] sumAdjacentPairs(long[] table) {
        long[] out = new long[table.length / 2];
        for (int i = 0; i < out.length / 2; i++) {
            out[2 * i] = Goldilocks.addCanonical(table[4 * i], table[4 * i + 2]);
            out[2 * i + 1] = Goldilocks.addCanonical(table[4 * i + 1], table[4 * i + 3]);
        }
        return out;
    }

    /** Evaluates a base table at a point of matching dimension. */
    public static Ext2 evaluateBase(long[] table, Ext2[] point) {
        checkSize(table.length, point.length);
        if (point.length == 0) {
            return Ext2.fromBase(table[0]);
        }
        long[] t = bindBase(table, point[0]);
        for (int j = 1; j < point.length; j++) {
            t = bindExt(t, point[j]);
        }
        return Ext2.at(t, 0);
    }

    /** Evaluates an extension table at a point of matching dimension. */
    public static Ext2 evaluateExt(long[] table, Ext2[] point) {
        checkSize(table.length >>> 1, point.length);
        long[] t = table;
        for (Ext2 r : point) {
            t = bindExt(t, r);
        }
        return Ext2.at(t, 0);
    }

    /** Number of variables of a table of the given length (a power of two). */
    public static int numVars(int length) {
        if (length <= 0 || (length & (length - 1)) != 0) {
            throw new IllegalArgumentException("a multilinear table has a power-of-two length, got " + length);
        }
        return Integer.numberOfTrailingZeros(length);
    }

    private static void checkSize(int length, int vars) {
        if (length != 1 << vars) {
            throw new IllegalArgumentException("table of " + length + " values evaluated at a point with " + vars + " coordinates");
        }
    }

    /** The sum of a base table over the hypercube. */
    public static long sumBase(long[] table) {
        long s = 0;
        for (long v : table) {
            s = add(s, v);
        }
        return s;
    }

    /** The sum of an extension table over the hypercube. */
    public static Ext2 sumExt(long[] table) {
        long s0 = 0;
        long s1 = 0;
        for (int i = 0; i < table.length; i += 2) {
            s0 = add(s0, table[i]);
            s1 = add(s1, table[i + 1]);
        }
        return Ext2.of(s0, s1);
    }

    /** A point as an array of base-field coordinates lifted to the extension. */
    public static Ext2[] pointFromBase(long... coordinates) {
        Ext2[] p = new Ext2[coordinates.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Ext2.fromBase(coordinates[i]);
        }
        return p;
    }

    /** The Boolean point of an index: its low {@code count} bits, low bit first (the table's variable order). */
    public static Ext2[] bits(int value, int count) {
        Ext2[] b = new Ext2[count];
        for (int i = 0; i < count; i++) {
            b[i] = ((value >>> i) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
        }
        return b;
    }

    /** MLE of the identity-like table b -> Σ_j 2^j b_j (the range table [0, 2^n)) at a point. */
    public static Ext2 evaluateCountingTable(Ext2[] point) {
        Ext2 acc = Ext2.ZERO;
        long pow = 1;
        for (Ext2 r : point) {
            acc = acc.add(r.mul(pow));
            pow = Goldilocks.add(pow, pow);
        }
        return acc;
    }
}
