package io.zkml4j.core.field;

/**
 * An element a + b·Y of the quartic extension F = E[Y]/(Y² − φ) over the quadratic extension
 * E = F_p[φ]/(φ² − 7) of {@link Ext2}, |F| = p⁴ ≈ 2^256. As a field over F_p it is F_p[Y]/(Y⁴ − 7):
 * φ = Y². Y² − φ is irreducible over E because φ is not a square in E: its norm φ·φ^p = −7 is not a
 * square mod p (−1 is one, as p ≡ 1 mod 4, and 7 is not).
 *
 * <p>Why this field: folding challenges in the list-decoding regime pay the proximity-gap error of
 * Ben-Sasson, Carmon, Ishai, Kopparty and Saraf (eprint 2020/654, Theorem 1.5) and its subcode
 * versions for Basefold (Haböck, "Basefold in the list decoding regime", eprint 2024/1571,
 * Theorems 3 and 4), about (m + ½)^7·|D|² / (3ρ^{3/2}·|F|) per fold: for a code of 2^18 at rate 1/8
 * that is 2^51.6/|F|, too much for E's 2^128. The field must also contain E, where every claim's
 * point lives (eq(z, λ) for a claim point z in E and challenges λ): a cubic extension of F_p would
 * not, which is why this is the tower over E rather than F_p[X]/(X³ − 7).
 *
 * <p>Immutable and written for clarity (protocol logic, verifiers), like {@link Ext2}. An element
 * of E is the element with b = 0, stored with the same two coefficients.
 */
public final class Ext4 {
    public static final Ext4 ZERO = new Ext4(Ext2.ZERO, Ext2.ZERO);
    public static final Ext4 ONE = new Ext4(Ext2.ONE, Ext2.ZERO);
    /** Y itself: Y² = φ, Y⁴ = 7. */
    public static final Ext4 Y = new Ext4(Ext2.ZERO, Ext2.ONE);

    /** Y^p = ι·Y with ι = 7^((p−1)/4) = φ^((p−1)/2), a square root of −1 in F_p. */
    private static final long IOTA = Goldilocks.pow(7, Long.divideUnsigned(Goldilocks.P - 1, 4));

    public final Ext2 a;
    public final Ext2 b;

    private Ext4(Ext2 a, Ext2 b) {
        this.a = a;
        this.b = b;
    }

    public static Ext4 of(Ext2 a, Ext2 b) {
        return new Ext4(a, b);
    }

    /** (c0 + c1·φ) + (c2 + c3·φ)·Y from any 64-bit patterns (canonicalised). */
    public static Ext4 of(long c0, long c1, long c2, long c3) {
        return new Ext4(Ext2.of(c0, c1), Ext2.of(c2, c3));
    }

    public static Ext4 fromExt2(Ext2 a) {
        return new Ext4(a, Ext2.ZERO);
    }

    public static Ext4 fromBase(long c0) {
        return new Ext4(Ext2.fromBase(c0), Ext2.ZERO);
    }

    /** Element i of a vector of four longs per element (a.c0, a.c1, b.c0, b.c1): as two extension elements, a then b. */
    public static Ext4 at(long[] vector, int i) {
        return new Ext4(Ext2.at(vector, 2 * i), Ext2.at(vector, 2 * i + 1));
    }

    /** Writes this element at index i of a vector of four longs per element. */
    public void store(long[] vector, int i) {
        a.store(vector, 2 * i);
        b.store(vector, 2 * i + 1);
    }

    /** The elements as a vector of four longs each, which is also the sequence a, b of each as Ext2 elements. */
    public static long[] vector(Ext4... elements) {
        long[] out = new long[4 * elements.length];
        for (int i = 0; i < elements.length; i++) {
            elements[i].store(out, i);
        }
        return out;
    }

    public boolean isZero() {
        return a.isZero() && b.isZero();
    }

    /** Whether this lies in E (b = 0). */
    public boolean isExt2() {
        return b.isZero();
    }

    public Ext4 add(Ext4 o) {
        return new Ext4(a.add(o.a), b.add(o.b));
    }

    public Ext4 sub(Ext4 o) {
        return new Ext4(a.sub(o.a), b.sub(o.b));
    }

    public Ext4 neg() {
        return ZERO.sub(this);
    }

    /** (a + bY)(c + dY) = (ac + φ·bd) + (ad + bc)·Y, with Karatsuba's three products in E. */
    public Ext4 mul(Ext4 o) {
        Ext2 ac = a.mul(o.a);
        Ext2 bd = b.mul(o.b);
        Ext2 cross = a.add(b).mul(o.a.add(o.b)).sub(ac).sub(bd);
        return new Ext4(ac.add(timesPhi(bd)), cross);
    }

    public Ext4 mul(Ext2 e) {
        return new Ext4(a.mul(e), b.mul(e));
    }

    public Ext4 mul(long base) {
        return new Ext4(a.mul(base), b.mul(base));
    }

    public Ext4 square() {
        return mul(this);
    }

    /** The Frobenius map x ↦ x^p: φ ↦ −φ (E's conjugate) and Y ↦ ι·Y. */
    public Ext4 frobenius() {
        return new Ext4(a.conjugate(), b.conjugate().mul(IOTA));
    }

    /** The norm to E, (a + bY)(a − bY) = a² − φ·b²: zero only for zero, because Y² − φ is irreducible. */
    public Ext2 normToExt2() {
        return a.square().sub(timesPhi(b.square()));
    }

    /** 1/(a + bY) = (a − bY) / (a² − φ·b²). Throws for zero. */
    public Ext4 inverse() {
        if (isZero()) {
            throw new ArithmeticException("zero has no inverse");
        }
        Ext2 n = normToExt2().inverse();
        return new Ext4(a.mul(n), b.neg().mul(n));
    }

    /** x^e for e read as an unsigned 64-bit integer. */
    public Ext4 pow(long e) {
        Ext4 result = ONE, base = this;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result.mul(base);
            }
            base = base.square();
            e >>>= 1;
        }
        return result;
    }

    /** x·φ for x = x0 + x1·φ: 7·x1 + x0·φ. */
    private static Ext2 timesPhi(Ext2 x) {
        return Ext2.of(Goldilocks.mul(Ext2.W, x.c1), x.c0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ext4 e && e.a.equals(a) && e.b.equals(b);
    }

    @Override
    public int hashCode() {
        return a.hashCode() * 31 + b.hashCode();
    }

    @Override
    public String toString() {
        return "(" + a + ") + (" + b + ")·Y";
    }
}
