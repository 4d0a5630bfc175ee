package io.zkml4j.core.field;

import static io.zkml4j.core.field.Goldilocks.*;

/**
 * An element c0 + c1·φ of the quadratic extension E = F_p[φ]/(φ² − 7), where 7 is a non-square
 * in Goldilocks, so |E| = p² ≈ 2^128. All verifier challenges live here.
 *
 * <p>This immutable class is for code that reads well (protocol logic, verifiers). Hot loops
 * work on interleaved {@code long[]} vectors through {@link ExtVectors} and the static
 * component methods below, which never allocate.
 */
public final class Ext2 {
    /** The non-residue W with φ² = W. */
    public static final long W = 7;
    public static final Ext2 ZERO = new Ext2(0, 0);
    public static final Ext2 ONE = new Ext2(1, 0);

    public final long c0;
    public final long c1;

    private Ext2(long c0, long c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    /** Builds c0 + c1·φ from any 64-bit patterns (canonicalised). */
    public static Ext2 of(long c0, long c1) {
        return new Ext2(canonical(c0), canonical(c1));
    }

    public static Ext2 fromBase(long c0) {
        return new Ext2(canonical(c0), 0);
    }

    /** Reads element i of an interleaved vector. */
    public static Ext2 at(long[] vector, int i) {
        return new Ext2(vector[2 * i], vector[2 * i + 1]);
    }

    /** Writes this element at index i of an interleaved vector. */
    public void store(long[] vector, int i) {
        vector[2 * i] = c0;
        vector[2 * i + 1] = c1;
    }

    public boolean isZero() {
        return c0 == 0 && c1 == 0;
    }

    public boolean isBase() {
        return c1 == 0;
    }

    public Ext2 add(Ext2 o) {
        return new Ext2(addCanonical(c0, o.c0), addCanonical(c1, o.c1));
    }

    public Ext2 sub(Ext2 o) {
        return new Ext2(subCanonical(c0, o.c0), subCanonical(c1, o.c1));
    }

    public Ext2 neg() {
        return new Ext2(Goldilocks.neg(c0), Goldilocks.neg(c1));
    }

    public Ext2 mul(Ext2 o) {
        return new Ext2(mul0(c0, c1, o.c0, o.c1), mul1(c0, c1, o.c0, o.c1));
    }

    public Ext2 mul(long base) {
        return new Ext2(Goldilocks.mul(c0, base), Goldilocks.mul(c1, base));
    }

    public Ext2 add(long base) {
        return new Ext2(Goldilocks.add(c0, base), c1);
    }

    public Ext2 square() {
        return mul(this);
    }

    /** The conjugate c0 − c1·φ (the image under the non-trivial automorphism of E/F_p). */
    public Ext2 conjugate() {
        return new Ext2(c0, Goldilocks.neg(c1));
    }

    /** The norm c0² − 7·c1², an element of F_p that is zero only for zero. */
    public long norm() {
        return Goldilocks.sub(Goldilocks.square(c0), mulSmall(Goldilocks.square(c1), W));
    }

    public Ext2 inverse() {
        if (isZero()) {
            throw new ArithmeticException("inverse of zero in the extension field");
        }
        long invNorm = Goldilocks.inverse(norm());
        return new Ext2(Goldilocks.mul(c0, invNorm), Goldilocks.mul(Goldilocks.neg(c1), invNorm));
    }

    public Ext2 pow(long exponent) {
        Ext2 result = ONE;
        Ext2 b = this;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result.mul(b);
            }
            b = b.square();
            e >>>= 1;
        }
        return result;
    }

    // ---- allocation-free component arithmetic for hot loops: inputs must be canonical ----

    /** Real part of (a0 + a1φ)(b0 + b1φ) = a0·b0 + 7·a1·b1, summed as 128-bit and reduced once. */
    public static long mul0(long a0, long a1, long b0, long b1) {
        // a1·b1 reduced only below 2^64 (not canonicalised): 7·t still fits the spare high bits.
        long t = Goldilocks.reduce128Lazy(Math.unsignedMultiplyHigh(a1, b1), a1 * b1);
        long lo0 = a0 * b0;
        long hi0 = Math.unsignedMultiplyHigh(a0, b0);
        long lo7 = t * W;
        long hi7 = Math.unsignedMultiplyHigh(t, W);
        long lo = lo0 + lo7;
        long hi = hi0 + hi7 - Goldilocks.carryMask(lo0, lo7, lo); // a0·b0 < p² leaves room for the carry
        return Goldilocks.reduce128(hi, lo);
    }

    /**
     * φ part of (a0 + a1φ)(b0 + b1φ) = a0·b1 + a1·b0: a 129-bit sum; the low 128 bits are reduced
     * and a carry into bit 128 is worth 2^128 = −2^32 (mod p).
     */
    public static long mul1(long a0, long a1, long b0, long b1) {
        long l1 = a0 * b1;
        long h1 = Math.unsignedMultiplyHigh(a0, b1);
        long l2 = a1 * b0;
        long h2 = Math.unsignedMultiplyHigh(a1, b0);
        long lo = l1 + l2;
        long hi = h1 + h2;
        long carryHi = Goldilocks.carryMask(h1, h2, hi);
        long hi2 = hi - Goldilocks.carryMask(l1, l2, lo); // + carry out of the low words
        carryHi |= (hi & ~hi2) >> 63;                       // that increment wrapped
        long r = Goldilocks.reduce128(hi2, lo);
        return subCanonical(r, (1L << 32) & carryHi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ext2 e && e.c0 == c0 && e.c1 == c1;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(c0) * 31 + Long.hashCode(c1);
    }

    @Override
    public String toString() {
        return c1 == 0 ? Goldilocks.toString(c0) : Goldilocks.toString(c0) + " + " + Goldilocks.toString(c1) + "·φ";
    }
}
