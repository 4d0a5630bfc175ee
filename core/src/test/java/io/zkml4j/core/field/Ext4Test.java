package io.zkml4j.core.field;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The quartic extension E[Y]/(Y² − φ): a field containing E = {@link Ext2}, its product against
 * F_p[Y]/(Y⁴ − 7) with integers, its Frobenius and its norm to E.
 */
class Ext4Test {
    static final BigInteger P = new BigInteger(Long.toUnsignedString(Goldilocks.P));

    static long element(SplittableRandom r) {
        return Long.remainderUnsigned(r.nextLong(), Goldilocks.P);
    }

    static Ext4 random(SplittableRandom r) {
        return Ext4.of(element(r), element(r), element(r), element(r));
    }

    static BigInteger big(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Coefficients of Y^0..Y^3: a = c0 + c1·φ = c0 + c1·Y², b·Y = c2·Y + c3·Y³. */
    static BigInteger[] powerBasis(Ext4 x) {
        return new BigInteger[] {big(x.a.c0), big(x.b.c0), big(x.a.c1), big(x.b.c1)};
    }

    /** (x·y mod (Y⁴ − 7)) mod p with integers, back in the tower's coordinates. */
    static Ext4 reference(Ext4 x, Ext4 y) {
        BigInteger[] u = powerBasis(x), v = powerBasis(y);
        BigInteger[] d = new BigInteger[7];
        java.util.Arrays.fill(d, BigInteger.ZERO);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                d[i + j] = d[i + j].add(u[i].multiply(v[j]));
            }
        }
        BigInteger seven = BigInteger.valueOf(7);
        long[] c = new long[4];
        for (int k = 0; k < 4; k++) {
            BigInteger folded = k + 4 < 7 ? d[k].add(seven.multiply(d[k + 4])) : d[k];
            c[k] = folded.mod(P).longValue();
        }
        return Ext4.of(c[0], c[2], c[1], c[3]);
    }

    @Test
    void yFourIsSevenAndSevenIsNotASquareSoTheExtensionIsAField() {
        assertEquals(Goldilocks.P - 1, Goldilocks.pow(7, Long.divideUnsigned(Goldilocks.P - 1, 2)), "7 is not a square mod p");
        assertEquals(1, Long.remainderUnsigned(Goldilocks.P, 4), "p ≡ 1 mod 4: −1 is a square, so −7 = N(φ) is not");
        assertEquals(Ext4.fromExt2(Ext2.of(0, 1)), Ext4.Y.square(), "Y² = φ");
        assertEquals(Ext4.fromBase(7), Ext4.Y.square().square(), "Y⁴ = 7");
    }

    @Test
    void productsAgreeWithPolynomialArithmetic() {
        SplittableRandom r = new SplittableRandom(3);
        long[] extremes = {0, 1, 2, 7, Goldilocks.P - 1, Goldilocks.P - 2, 0xffffffffL, 0x100000000L};
        for (long u : extremes) {
            for (long v : extremes) {
                Ext4 x = Ext4.of(u, v, Goldilocks.P - 1, u), y = Ext4.of(v, Goldilocks.P - 1, u, v);
                assertEquals(reference(x, y), x.mul(y), x + " · " + y);
            }
        }
        for (int i = 0; i < 500; i++) {
            Ext4 x = random(r), y = random(r);
            assertEquals(reference(x, y), x.mul(y));
            assertEquals(x.mul(y), y.mul(x));
        }
    }

    @Test
    void theFieldAxiomsHoldAndE_IsASubfield() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            Ext4 x = random(r), y = random(r), z = random(r);
            assertEquals(x.mul(y).mul(z), x.mul(y.mul(z)));
            assertEquals(x.mul(y.add(z)), x.mul(y).add(x.mul(z)));
            assertEquals(Ext4.ZERO, x.sub(x));
            assertEquals(x, x.neg().neg());
            assertEquals(x.mul(5), x.mul(Ext4.fromBase(5)));
            Ext2 e = Ext2.of(element(r), element(r)), f = Ext2.of(element(r), element(r));
            assertEquals(x.mul(e), x.mul(Ext4.fromExt2(e)));
            assertEquals(Ext4.fromExt2(e.mul(f)), Ext4.fromExt2(e).mul(Ext4.fromExt2(f)));
            assertEquals(Ext4.fromExt2(e.add(f)), Ext4.fromExt2(e).add(Ext4.fromExt2(f)));
            if (!x.isZero()) {
                assertEquals(Ext4.ONE, x.mul(x.inverse()));
            }
        }
        assertEquals(Ext4.ONE, Ext4.Y.mul(Ext4.Y.inverse()));
        assertThrows(ArithmeticException.class, Ext4.ZERO::inverse);
    }

    @Test
    void theFrobeniusIsTheP_thPowerOfOrderFour() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            Ext4 x = random(r), y = random(r);
            assertEquals(x.pow(Goldilocks.P), x.frobenius());
            assertEquals(x.mul(y).frobenius(), x.frobenius().mul(y.frobenius()));
            Ext4 twice = x.frobenius().frobenius();
            assertNotEquals(x, twice, "x^(p²) ≠ x outside E");
            assertEquals(x, twice.frobenius().frobenius(), "x^(p⁴) = x");
            assertEquals(Ext4.fromExt2(x.normToExt2()), x.mul(twice), "the norm to E is x·x^(p²)");
        }
        Ext2 e = Ext2.of(element(r), element(r));
        assertEquals(Ext4.fromExt2(e), Ext4.fromExt2(e).frobenius().frobenius(), "E is fixed by the p²-power map");
    }
}
