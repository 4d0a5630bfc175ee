package io.zkml4j.core.field;

/**
 * An element c0 + c1·X + c2·X² of the cubic extension F = F_p[X]/(X³ − 7), |F| = p³ ≈ 2^192.
 * X³ − 7 is irreducible because 7 is not a cube mod p (p ≡ 1 mod 3 and 7^((p−1)/3) ≠ 1).
 *
 * <p>Why a cubic extension: a proof that folds its codewords with challenges in the list-decoding
 * regime pays the proximity-gap error of Ben-Sasson, Carmon, Ishai, Kopparty and Saraf (eprint
 * 2020/654, Theorem 1.5), about (m + ½)^7·n² / (3ρ^{3/2}·|F|): for a code of 2^18 at rate 1/8 that
 * is 2^51.6/|F|, far too much for the quadratic extension's 2^128 but about 2^−140 here. This class
 * is that field for the succinct openings to come; nothing uses it yet.
 *
 * <p>Immutable and written for clarity (protocol logic, verifiers), like {@link Ext2}.
 */
public final class Ext3 {
    /** The non-residue W with X³ = W. */
    public static final long W = 7;
    public static final Ext3 ZERO = new Ext3(0, 0, 0);
    public static final Ext3 ONE = new Ext3(1, 0, 0);
    /** X itself. */
    public static final Ext3 X = new Ext3(0, 1, 0);

    /** X^p = γ·X with γ = W^((p−1)/3), a primitive cube root of unity; (X²)^p = γ²·X². */
    private static final long GAMMA = Goldilocks.pow(W, Long.divideUnsigned(Goldilocks.P - 1, 3));
    private static final long GAMMA_SQUARED = Goldilocks.mul(GAMMA, GAMMA);

    public final long c0;
    public final long c1;
    public final long c2;

    private Ext3(long c0, long c1, long c2) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
    }

    /** c0 + c1·X + c2·X² from any 64-bit patterns (canonicalised). */
    public static Ext3 of(long c0, long c1, long c2) {
        return new Ext3(Goldilocks.canonical(c0), Goldilocks.canonical(c1), Goldilocks.canonical(c2));
    }

    public static Ext3 fromBase(long c0) {
        return new Ext3(Goldilocks.canonical(c0), 0, 0);
    }

    public boolean isZero() {
        return c0 == 0 && c1 == 0 && c2 == 0;
    }

    public boolean isBase() {
        return c1 == 0 && c2 == 0;
    }

    public Ext3 add(Ext3 o) {
        return new Ext3(Goldilocks.addCanonical(c0, o.c0), Goldilocks.addCanonical(c1, o.c1), Goldilocks.addCanonical(c2, o.c2));
    }

    public Ext3 sub(Ext3 o) {
        return new Ext3(Goldilocks.subCanonical(c0, o.c0), Goldilocks.subCanonical(c1, o.c1), Goldilocks.subCanonical(c2, o.c2));
    }

    public Ext3 neg() {
        return ZERO.sub(this);
    }

    /** The product, X³ replaced by 7: the terms of degree 3 and 4 fold back into degrees 0 and 1. */
    public Ext3 mul(Ext3 o) {
        long d0 = Goldilocks.mul(c0, o.c0);
        long d1 = Goldilocks.add(Goldilocks.mul(c0, o.c1), Goldilocks.mul(c1, o.c0));
        long d2 = Goldilocks.add(Goldilocks.add(Goldilocks.mul(c0, o.c2), Goldilocks.mul(c1, o.c1)), Goldilocks.mul(c2, o.c0));
        long d3 = Goldilocks.add(Goldilocks.mul(c1, o.c2), Goldilocks.mul(c2, o.c1));
        long d4 = Goldilocks.mul(c2, o.c2);
        return new Ext3(Goldilocks.add(d0, Goldilocks.mul(W, d3)), Goldilocks.add(d1, Goldilocks.mul(W, d4)), d2);
    }

    public Ext3 mul(long base) {
        return new Ext3(Goldilocks.mul(c0, base), Goldilocks.mul(c1, base), Goldilocks.mul(c2, base));
    }

    public Ext3 square() {
        return mul(this);
    }

    /** The Frobenius map a ↦ a^p: each coefficient of X^i times γ^i. */
    public Ext3 frobenius() {
        return new Ext3(c0, Goldilocks.mul(c1, GAMMA), Goldilocks.mul(c2, GAMMA_SQUARED));
    }

    /** N(a) = a·a^p·a^(p²), an element of the base field (the constant coefficient of that product). */
    public long norm() {
        Ext3 conjugates = frobenius().mul(frobenius().frobenius());
        Ext3 n = mul(conjugates);
        if (!n.isBase()) {
            throw new IllegalStateException("the norm of " + this + " left the base field"); // cannot happen: N(a) is fixed by the Frobenius
        }
        return n.c0;
    }

    /** 1/a = a^p·a^(p²) / N(a). Throws for zero, whose norm is 0 (and only zero's: the extension is a field). */
    public Ext3 inverse() {
        if (isZero()) {
            throw new ArithmeticException("zero has no inverse");
        }
        Ext3 conjugates = frobenius().mul(frobenius().frobenius());
        long n = mul(conjugates).c0;
        return conjugates.mul(Goldilocks.inverse(n));
    }

    /** a^e for e read as an unsigned 64-bit integer. */
    public Ext3 pow(long e) {
        Ext3 result = ONE, base = this;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result.mul(base);
            }
            base = base.square();
            e >>>= 1;
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ext3 e && e.c0 == c0 && e.c1 == c1 && e.c2 == c2;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(c0) * 31 + Long.hashCode(c1)) * 31 + Long.hashCode(c2);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(c0) + " + " + Long.toUnsignedString(c1) + "·X + " + Long.toUnsignedString(c2) + "·X²";
    }
}
