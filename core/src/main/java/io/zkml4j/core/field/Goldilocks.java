package io.zkml4j.core.field;

/**
 * Arithmetic in the Goldilocks field F_p, p = 2^64 - 2^32 + 1, on primitive {@code long}s.
 *
 * <p>A field element is stored in a {@code long} read as an unsigned 64-bit integer. Every
 * operation accepts any 64-bit pattern (values in [p, 2^64) stand for value - p) and returns the
 * canonical representative in [0, p). Keeping outputs canonical makes equality, hashing and
 * serialisation trivially correct; the reductions below are branch-light so this costs little.
 *
 * <p>Reduction uses 2^64 = 2^32 - 1 (mod p) and 2^96 = -1 (mod p).
 */
public final class Goldilocks {
    /** The modulus p = 2^64 - 2^32 + 1, as an unsigned long. */
    public static final long P = 0xFFFF_FFFF_0000_0001L;
    /** 2^64 mod p = 2^32 - 1. */
    public static final long EPSILON = 0xFFFF_FFFFL;
    /** A generator of the multiplicative group F_p^* (7 generates it; it is also a non-square). */
    public static final long GENERATOR = 7;
    /** p - 1 = 2^32 * (2^32 - 1): the largest power-of-two subgroup has order 2^32. */
    public static final int TWO_ADICITY = 32;

    private Goldilocks() {}

    // Carries and borrows are computed as bit masks, never as branches or ternaries: C2 compiles
    // ternaries to conditional moves or to branches depending on the profile it saw, and a profile
    // gathered on structured data (all ones, all zeros) yields branches that then mispredict on
    // random field elements. Masks cost the same everywhere. (Measured: see FieldBenchmark.)

    /** The canonical representative of x in [0, p). */
    public static long canonical(long x) {
        long t = x + EPSILON; // x − p, which carries out of 64 bits exactly when x ≥ p
        return x + (EPSILON & ((x & ~t) >> 63));
    }

    /** True when x is already in [0, p). */
    public static boolean isCanonical(long x) {
        return Long.compareUnsigned(x, P) < 0;
    }

    /** a + b for any 64-bit patterns. */
    public static long add(long a, long b) {
        return addCanonical(canonical(a), canonical(b));
    }

    /** a − b for any 64-bit patterns. */
    public static long sub(long a, long b) {
        return subCanonical(canonical(a), canonical(b));
    }

    /**
     * a + b for canonical inputs (both &lt; p): the hot-loop form. Computes a − (p − b), which borrows
     * exactly when a + b &lt; p; then p is added back.
     */
    public static long addCanonical(long a, long b) {
        long c = P - b;
        long d = a - c;
        return d + (P & borrowMask(a, c, d));
    }

    /** a − b for canonical inputs. */
    public static long subCanonical(long a, long b) {
        long d = a - b;
        return d + (P & borrowMask(a, b, d));
    }

    /** All ones when d = a − b borrowed (a &lt; b unsigned), else zero. */
    static long borrowMask(long a, long b, long d) {
        return ((~a & b) | (~(a ^ b) & d)) >> 63;
    }

    /** All ones when s = a + b carried out of 64 bits, else zero. */
    public static long carryMask(long a, long b, long s) {
        return ((a & b) | ((a | b) & ~s)) >> 63;
    }

    public static long neg(long a) {
        return subCanonical(0, canonical(a));
    }

    /** a · b for any 64-bit patterns. */
    public static long mul(long a, long b) {
        return reduce128(Math.unsignedMultiplyHigh(a, b), a * b);
    }

    /** a·b + c for any 64-bit a, b and canonical c, reduced once. */
    public static long mulAdd(long a, long b, long c) {
        long lo = a * b;
        long hi = Math.unsignedMultiplyHigh(a, b); // at most 2^64 − 2, so the carry below cannot wrap it
        long sum = lo + c;
        return reduce128(hi - carryMask(lo, c, sum), sum);
    }

    public static long square(long a) {
        return mul(a, a);
    }

    /** Multiplies by a small constant c (0 <= c < 2^32) — cheaper than a full mul. */
    public static long mulSmall(long a, long c) {
        return reduce96(Math.unsignedMultiplyHigh(a, c), a * c);
    }

    /** Reduces the 128-bit value hi·2^64 + lo to [0, p). */
    public static long reduce128(long hi, long lo) {
        return canonical(reduce128Lazy(hi, lo));
    }

    /** Reduces hi·2^64 + lo to a 64-bit value congruent mod p, possibly in [p, 2^64). */
    public static long reduce128Lazy(long hi, long lo) {
        long hiHi = hi >>> 32;
        long hiLo = hi & EPSILON;
        // hiHi·2^96 = −hiHi; a borrow out of 64 bits is worth −2^64 = −EPSILON. As hiHi < 2^32,
        // the borrow happened exactly when lo's top bit is clear and t0's is set.
        long t0 = lo - hiHi;
        t0 -= EPSILON & ((~lo & t0) >> 63);
        // hiLo·2^64 = hiLo·EPSILON < 2^64; a carry is worth EPSILON and cannot repeat.
        long t1 = (hiLo << 32) - hiLo;
        long r = t0 + t1;
        return r + (EPSILON & carryMask(t0, t1, r));
    }

    /** Reduces hi·2^64 + lo where hi < 2^32. */
    static long reduce96(long hi, long lo) {
        long t1 = (hi << 32) - hi;
        long r = lo + t1;
        r += EPSILON & carryMask(lo, t1, r);
        return canonical(r);
    }

    public static long pow(long base, long exponent) {
        long result = 1;
        long b = canonical(base);
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, b);
            }
            b = mul(b, b);
            e >>>= 1;
        }
        return result;
    }

    /** The multiplicative inverse; throws ArithmeticException for zero. */
    public static long inverse(long a) {
        long c = canonical(a);
        if (c == 0) {
            throw new ArithmeticException("inverse of zero in the Goldilocks field");
        }
        return pow(c, P - 2);
    }

    /**
     * Replaces every element of {@code values[from, from+count)} by its inverse with one field
     * inversion (Montgomery's trick). Throws ArithmeticException naming the index of a zero.
     */
    public static void batchInverse(long[] values, int from, int count) {
        if (count == 0) {
            return;
        }
        long[] prefix = new long[count];
        long acc = 1;
        for (int i = 0; i < count; i++) {
            long v = canonical(values[from + i]);
            if (v == 0) {
                throw new ArithmeticException("batch inverse: element " + i + " is zero");
            }
            prefix[i] = acc;
            acc = mul(acc, v);
        }
        long inv = inverse(acc);
        for (int i = count - 1; i >= 0; i--) {
            long v = values[from + i];
            values[from + i] = mul(inv, prefix[i]);
            inv = mul(inv, v);
        }
    }

    public static void batchInverse(long[] values) {
        batchInverse(values, 0, values.length);
    }

    /** A primitive 2^logOrder-th root of unity, logOrder <= 32. */
    public static long rootOfUnity(int logOrder) {
        if (logOrder < 0 || logOrder > TWO_ADICITY) {
            throw new IllegalArgumentException("no root of unity of order 2^" + logOrder + " in Goldilocks (max 2^32)");
        }
        // GENERATOR^((p-1)/2^32) has order exactly 2^32; square it down.
        long root = pow(GENERATOR, (P - 1) >>> TWO_ADICITY);
        for (int i = TWO_ADICITY; i > logOrder; i--) {
            root = mul(root, root);
        }
        return root;
    }

    /** Converts a signed integer to the field (negative x maps to p - |x|). */
    public static long fromSigned(long x) {
        return x >= 0 ? canonical(x) : neg(-x); // -Long.MIN_VALUE wraps to 2^63 unsigned, as wanted
    }

    /** Reads a canonical element as a signed integer in (-p/2, p/2]. */
    public static long toSigned(long x) {
        long c = canonical(x);
        return Long.compareUnsigned(c, P >>> 1) > 0 ? -(P - c) : c;
    }

    /** A uniformly random element (rejection sampling, so exactly uniform). */
    public static long uniform(java.util.random.RandomGenerator random) {
        long w;
        do {
            w = random.nextLong();
        } while (!isCanonical(w));
        return w;
    }

    public static String toString(long x) {
        return Long.toUnsignedString(canonical(x));
    }
}
