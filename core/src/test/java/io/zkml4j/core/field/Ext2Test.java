package io.zkml4j.core.field;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static io.zkml4j.core.field.GoldilocksTest.MOD;
import static io.zkml4j.core.field.GoldilocksTest.big;
import static org.junit.jupiter.api.Assertions.*;

class Ext2Test {
    static Ext2 random(SplittableRandom r) {
        return Ext2.of(r.nextLong(), r.nextLong());
    }

    /** (a0 + a1 X)(b0 + b1 X) mod (X^2 - 7) with BigInteger. */
    static BigInteger[] reference(Ext2 a, Ext2 b) {
        BigInteger a0 = big(a.c0), a1 = big(a.c1), b0 = big(b.c0), b1 = big(b.c1);
        return new BigInteger[] {
                a0.multiply(b0).add(a1.multiply(b1).multiply(BigInteger.valueOf(7))).mod(MOD),
                a0.multiply(b1).add(a1.multiply(b0)).mod(MOD)};
    }

    @Test
    void multiplicationMatchesReference() {
        SplittableRandom r = new SplittableRandom(1);
        long[] edges = {0, 1, Goldilocks.P - 1, Goldilocks.P, -1L, 7};
        for (int i = 0; i < 2000; i++) {
            Ext2 a = i < 36 ? Ext2.of(edges[i % 6], edges[i / 6]) : random(r);
            Ext2 b = random(r);
            BigInteger[] ref = reference(a, b);
            Ext2 c = a.mul(b);
            assertEquals(ref[0], big(c.c0));
            assertEquals(ref[1], big(c.c1));
        }
    }

    @Test
    void multiplicationAtEdgeValuesBothSides() {
        // Products near 2^128 exercise the carries of the fused reductions.
        long[] edges = {0, 1, 2, 7, Goldilocks.P - 1, Goldilocks.P - 2, 0xFFFF_FFFFL, 0xFFFF_FFFF_0000_0000L, Long.MAX_VALUE};
        for (long a0 : edges) for (long a1 : edges) for (long b0 : edges) for (long b1 : edges) {
            Ext2 a = Ext2.of(a0, a1), b = Ext2.of(b0, b1);
            BigInteger[] ref = reference(a, b);
            Ext2 c = a.mul(b);
            assertEquals(ref[0], big(c.c0), () -> a + " * " + b);
            assertEquals(ref[1], big(c.c1), () -> a + " * " + b);
        }
    }

    @Test
    void fieldAxioms() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            Ext2 a = random(r), b = random(r), c = random(r);
            assertEquals(a.mul(b), b.mul(a));
            assertEquals(a.mul(b.add(c)), a.mul(b).add(a.mul(c)));
            assertEquals(a.mul(b).mul(c), a.mul(b.mul(c)));
            assertEquals(a, a.add(b).sub(b));
            assertEquals(Ext2.ZERO, a.add(a.neg()));
            if (!a.isZero()) {
                assertEquals(Ext2.ONE, a.mul(a.inverse()));
            }
            assertEquals(a.mul(b.c0), a.mul(Ext2.fromBase(b.c0)));
        }
        assertThrows(ArithmeticException.class, () -> Ext2.ZERO.inverse());
    }

    @Test
    void phiSquaredIsSeven() {
        Ext2 phi = Ext2.of(0, 1);
        assertEquals(Ext2.fromBase(7), phi.square());
    }

    @Test
    void frobeniusIsConjugation() {
        // x^p is the conjugate for every x in E: checks the non-residue and the conjugate together.
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            Ext2 a = random(r);
            assertEquals(a.conjugate(), a.pow(Goldilocks.P));
        }
    }

    @Test
    void groupOrderIsPSquaredMinusOne() {
        SplittableRandom r = new SplittableRandom(4);
        Ext2 a = random(r);
        // a^(p^2 - 1) = 1: raise to p, then to p again, and compare with a.
        assertEquals(a, a.pow(Goldilocks.P).pow(Goldilocks.P));
    }
}
