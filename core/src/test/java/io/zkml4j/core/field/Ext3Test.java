package io.zkml4j.core.field;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cubic extension F_p[X]/(X³ − 7): a field, its product against polynomial arithmetic over the integers, its Frobenius and norm. */
class Ext3Test {
    static final BigInteger P = new BigInteger(Long.toUnsignedString(Goldilocks.P));

    static Ext3 random(SplittableRandom r) {
        return Ext3.of(Long.remainderUnsigned(r.nextLong(), Goldilocks.P), Long.remainderUnsigned(r.nextLong(), Goldilocks.P),
                Long.remainderUnsigned(r.nextLong(), Goldilocks.P));
    }

    static BigInteger big(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** (a·b mod (X³ − 7)) mod p with integers: the schoolbook product, X³ and X⁴ replaced by 7 and 7X. */
    static long[] reference(Ext3 a, Ext3 b) {
        BigInteger[] x = {big(a.c0), big(a.c1), big(a.c2)};
        BigInteger[] y = {big(b.c0), big(b.c1), big(b.c2)};
        BigInteger[] d = new BigInteger[5];
        java.util.Arrays.fill(d, BigInteger.ZERO);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                d[i + j] = d[i + j].add(x[i].multiply(y[j]));
            }
        }
        BigInteger seven = BigInteger.valueOf(7);
        return new long[] {d[0].add(seven.multiply(d[3])).mod(P).longValue(), d[1].add(seven.multiply(d[4])).mod(P).longValue(),
            d[2].mod(P).longValue()};
    }

    @Test
    void sevenIsNotACubeSoTheExtensionIsAField() {
        assertNotEquals(1, Goldilocks.pow(7, Long.divideUnsigned(Goldilocks.P - 1, 3)));
        assertEquals(Ext3.fromBase(7), Ext3.X.mul(Ext3.X).mul(Ext3.X));
    }

    @Test
    void productsAgreeWithPolynomialArithmetic() {
        SplittableRandom r = new SplittableRandom(3);
        long[] extremes = {0, 1, 2, 7, Goldilocks.P - 1, Goldilocks.P - 2, 0xffffffffL, 0x100000000L};
        for (long u : extremes) {
            for (long v : extremes) {
                Ext3 a = Ext3.of(u, v, Goldilocks.P - 1), b = Ext3.of(v, Goldilocks.P - 1, u);
                Ext3 ab = a.mul(b);
                assertEquals(Ext3.of(reference(a, b)[0], reference(a, b)[1], reference(a, b)[2]), ab, a + " · " + b);
            }
        }
        for (int i = 0; i < 500; i++) {
            Ext3 a = random(r), b = random(r);
            long[] want = reference(a, b);
            assertEquals(Ext3.of(want[0], want[1], want[2]), a.mul(b));
            assertEquals(a.mul(b), b.mul(a));
        }
    }

    @Test
    void theFieldAxiomsHold() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            Ext3 a = random(r), b = random(r), c = random(r);
            assertEquals(a.mul(b).mul(c), a.mul(b.mul(c)));
            assertEquals(a.mul(b.add(c)), a.mul(b).add(a.mul(c)));
            assertEquals(Ext3.ZERO, a.sub(a));
            assertEquals(a, a.neg().neg());
            assertEquals(a.mul(5), a.mul(Ext3.fromBase(5)));
            if (!a.isZero()) {
                assertEquals(Ext3.ONE, a.mul(a.inverse()));
            }
        }
        assertEquals(Ext3.ONE, Ext3.X.mul(Ext3.X.inverse()));
        assertEquals(Ext3.ONE, Ext3.fromBase(7).mul(Ext3.fromBase(7).inverse()));
        assertThrows(ArithmeticException.class, Ext3.ZERO::inverse);
    }

    @Test
    void theFrobeniusIsTheP_thPowerAndTheNormLiesInTheBaseField() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            Ext3 a = random(r), b = random(r);
            assertEquals(a.pow(Goldilocks.P), a.frobenius());
            assertEquals(a.mul(b).frobenius(), a.frobenius().mul(b.frobenius()));
            assertEquals(a, a.frobenius().frobenius().frobenius());
            long n = a.norm();
            assertEquals(Ext3.fromBase(n), a.mul(a.frobenius()).mul(a.frobenius().frobenius()));
            assertTrue(a.isZero() || n != 0);
        }
        // a^(p³ − 1) = 1: the multiplicative group has p³ − 1 elements, so a^(p³) = a
        Ext3 a = random(r);
        Ext3 cubed = a.pow(Goldilocks.P).pow(Goldilocks.P).pow(Goldilocks.P);
        assertEquals(a, cubed);
    }
}
