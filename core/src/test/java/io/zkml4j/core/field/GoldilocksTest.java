package io.zkml4j.core.field;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.zkml4j.core.field.Goldilocks.P;
import static org.junit.jupiter.api.Assertions.*;

class GoldilocksTest {
    static final BigInteger MOD = new BigInteger(Long.toUnsignedString(P));

    static BigInteger big(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }

    /** Edge values, including non-canonical representatives in [p, 2^64). */
    static List<Long> samples(long seed) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, P - 1, P - 2, P, P + 1, -1L, -2L, 0xFFFF_FFFFL,
                0x1_0000_0000L, 0xFFFF_FFFF_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE, 7L));
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            v.add(r.nextLong());
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void arithmeticMatchesBigInteger(long seed) {
        List<Long> xs = samples(seed);
        for (long a : xs) {
            for (long b : xs) {
                BigInteger A = big(a), B = big(b);
                assertEquals(A.add(B).mod(MOD), big(Goldilocks.add(a, b)), () -> "add " + a + " " + b);
                assertEquals(A.subtract(B).mod(MOD), big(Goldilocks.sub(a, b)), () -> "sub " + a + " " + b);
                assertEquals(A.multiply(B).mod(MOD), big(Goldilocks.mul(a, b)), () -> "mul " + a + " " + b);
            }
            assertEquals(big(a).negate().mod(MOD), big(Goldilocks.neg(a)));
            assertEquals(big(a).mod(MOD), big(Goldilocks.canonical(a)));
            assertEquals(big(a).multiply(BigInteger.valueOf(7)).mod(MOD), big(Goldilocks.mulSmall(a, 7)));
            assertEquals(big(a).multiply(BigInteger.valueOf(0xFFFF_FFFFL)).mod(MOD), big(Goldilocks.mulSmall(a, 0xFFFF_FFFFL)));
        }
    }

    @Test
    void outputsAreCanonical() {
        for (long a : samples(9)) {
            for (long b : samples(10)) {
                assertTrue(Goldilocks.isCanonical(Goldilocks.add(a, b)));
                assertTrue(Goldilocks.isCanonical(Goldilocks.sub(a, b)));
                assertTrue(Goldilocks.isCanonical(Goldilocks.mul(a, b)));
            }
        }
    }

    @Test
    void inverseAndPow() {
        for (long a : samples(4)) {
            if (big(a).mod(MOD).signum() == 0) {
                assertThrows(ArithmeticException.class, () -> Goldilocks.inverse(a));
                continue;
            }
            long inv = Goldilocks.inverse(a);
            assertEquals(1, Goldilocks.mul(a, inv));
            assertEquals(big(a).modInverse(MOD), big(inv));
            assertEquals(big(a).modPow(BigInteger.valueOf(12345), MOD), big(Goldilocks.pow(a, 12345)));
        }
        assertEquals(1, Goldilocks.pow(0, 0));
        assertEquals(0, Goldilocks.pow(0, 5));
    }

    @Test
    void batchInverse() {
        SplittableRandom r = new SplittableRandom(5);
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextLong() | 1; // nonzero mod p (p is odd, values never ≡ 0 except 0 and p)
            if (Goldilocks.canonical(v[i]) == 0) {
                v[i] = 3;
            }
        }
        long[] inv = v.clone();
        Goldilocks.batchInverse(inv);
        for (int i = 0; i < v.length; i++) {
            assertEquals(1, Goldilocks.mul(v[i], inv[i]));
        }
        long[] withZero = {1, 2, 0, 4};
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Goldilocks.batchInverse(withZero));
        assertTrue(e.getMessage().contains("element 2"));
    }

    @Test
    void rootsOfUnityHaveExactOrder() {
        for (int k = 0; k <= Goldilocks.TWO_ADICITY; k++) {
            long w = Goldilocks.rootOfUnity(k);
            assertEquals(1, Goldilocks.pow(w, 1L << k), "order divides 2^" + k);
            if (k > 0) {
                assertNotEquals(1, Goldilocks.pow(w, 1L << (k - 1)), "order is exactly 2^" + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Goldilocks.rootOfUnity(33));
    }

    @Test
    void generatorIsANonSquare() {
        // Euler's criterion: 7^((p-1)/2) = -1, so X^2 - 7 is irreducible.
        assertEquals(P - 1, Goldilocks.pow(Goldilocks.GENERATOR, (P - 1) >>> 1));
    }

    @Test
    void signedConversions() {
        assertEquals(P - 5, Goldilocks.fromSigned(-5));
        assertEquals(-5, Goldilocks.toSigned(P - 5));
        assertEquals(5, Goldilocks.toSigned(5));
        assertEquals(BigInteger.valueOf(Long.MIN_VALUE).mod(MOD), big(Goldilocks.fromSigned(Long.MIN_VALUE)));
    }
}
