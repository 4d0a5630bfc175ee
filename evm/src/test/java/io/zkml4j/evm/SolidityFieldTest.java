package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Goldilocks, its extension, round-polynomial and multilinear evaluation in Solidity agree with Java's on random and extreme values. */
class SolidityFieldTest {
    static final long P = 0xffffffff00000001L;

    static BigInteger packed(Ext2 e) {
        return unsigned(e.c1).shiftLeft(64).or(unsigned(e.c0));
    }

    static Ext2 unpack(BigInteger w) {
        assertTrue(w.bitLength() <= 128, "an extension element fits in 128 bits");
        long c0 = w.longValue();
        long c1 = w.shiftRight(64).longValue();
        assertTrue(Goldilocks.isCanonical(c0) && Goldilocks.isCanonical(c1), "canonical coefficients");
        return Ext2.of(c0, c1);
    }

    static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    static Ext2 randomExt(Random rnd) {
        return Ext2.of(Long.remainderUnsigned(rnd.nextLong(), P), Long.remainderUnsigned(rnd.nextLong(), P));
    }

    @Test
    void arithmeticAgreesWithJava() throws Exception {
        Random rnd = new Random(11);
        List<Ext2> as = new ArrayList<>();
        List<Ext2> bs = new ArrayList<>();
        long[] extremes = {1, 2, 7, P - 1, P - 2, 0xffffffffL, 0x100000000L, P - 0xffffffffL};
        for (long x : extremes) {
            for (long y : extremes) {
                as.add(Ext2.of(x, y));
                bs.add(Ext2.of(y, P - 1));
            }
        }
        for (int i = 0; i < 64; i++) {
            Ext2 a = randomExt(rnd);
            as.add(a.c0 == 0 ? a.add(Ext2.ONE) : a);
            bs.add(i % 8 == 0 ? Ext2.ZERO : randomExt(rnd));
        }
        BigInteger[] a = as.stream().map(SolidityFieldTest::packed).toArray(BigInteger[]::new);
        BigInteger[] b = bs.stream().map(SolidityFieldTest::packed).toArray(BigInteger[]::new);
        LocalChain.Run run = Evm.run("KitProbe.sol", "KitProbe", List.of(Abi.call("fieldOps(uint256[],uint256[])", a, b)));
        LocalChain.Call call = run.calls().get(0);
        assertTrue(call.success(), call::revertReason);
        BigInteger[] out = Abi.decodeUintArray(call.returnData());
        assertEquals(5 * as.size(), out.length);
        for (int i = 0; i < as.size(); i++) {
            Ext2 x = as.get(i);
            Ext2 y = bs.get(i);
            String at = "pair " + i + ": " + x + ", " + y;
            assertEquals(x.add(y), unpack(out[5 * i]), at + " (sum)");
            assertEquals(x.sub(y), unpack(out[5 * i + 1]), at + " (difference)");
            assertEquals(x.mul(y), unpack(out[5 * i + 2]), at + " (product)");
            assertEquals(x.inverse(), unpack(out[5 * i + 3]), at + " (inverse)");
            assertEquals(unsigned(Goldilocks.inverse(x.c0)), out[5 * i + 4], at + " (base inverse)");
        }
    }

    static BigInteger packed(Ext4 e) {
        return packed(e.b).shiftLeft(128).or(packed(e.a));
    }

    static Ext4 unpack4(BigInteger w) {
        assertTrue(w.bitLength() <= 256, "a quartic element fits in 256 bits");
        BigInteger low = w.and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        return Ext4.of(unpack(low), unpack(w.shiftRight(128)));
    }

    /**
     * The quartic extension over Ext2 (the field of the list-decoding openings to come) in Solidity
     * agrees with Java's Ext4, an element of Ext2 packed as itself, the inverse of zero refused by both.
     */
    @Test
    void quarticArithmeticAgreesWithJava() throws Exception {
        Random rnd = new Random(13);
        List<Ext4> as = new ArrayList<>();
        List<Ext4> bs = new ArrayList<>();
        long[] extremes = {1, 2, 7, P - 1, P - 2, 0xffffffffL, 0x100000000L};
        for (long x : extremes) {
            for (long y : extremes) {
                as.add(Ext4.of(x, y, P - 1, x));
                bs.add(Ext4.of(y, P - 1, x, P - 1));
            }
        }
        for (int i = 0; i < 48; i++) {
            Ext4 a = Ext4.of(randomExt(rnd), i % 5 == 0 ? Ext2.ZERO : randomExt(rnd)); // every fifth in Ext2
            as.add(a.isZero() ? Ext4.ONE : a);
            bs.add(i % 8 == 0 ? Ext4.ZERO : Ext4.of(randomExt(rnd), randomExt(rnd)));
        }
        BigInteger[] a = as.stream().map(SolidityFieldTest::packed).toArray(BigInteger[]::new);
        BigInteger[] b = bs.stream().map(SolidityFieldTest::packed).toArray(BigInteger[]::new);
        LocalChain.Run run = Evm.run("KitProbe.sol", "KitProbe", List.of(Abi.call("quarticOps(uint256[],uint256[])", a, b),
                Abi.call("quarticOps(uint256[],uint256[])", new BigInteger[] {BigInteger.ZERO}, new BigInteger[] {BigInteger.ONE})));
        LocalChain.Call call = run.calls().get(0);
        assertTrue(call.success(), call::revertReason);
        BigInteger[] out = Abi.decodeUintArray(call.returnData());
        assertEquals(4 * as.size(), out.length);
        for (int i = 0; i < as.size(); i++) {
            Ext4 x = as.get(i);
            Ext4 y = bs.get(i);
            String at = "pair " + i + ": " + x + ", " + y;
            assertEquals(x.add(y), unpack4(out[4 * i]), at + " (sum)");
            assertEquals(x.sub(y), unpack4(out[4 * i + 1]), at + " (difference)");
            assertEquals(x.mul(y), unpack4(out[4 * i + 2]), at + " (product)");
            assertEquals(x.inverse(), unpack4(out[4 * i + 3]), at + " (inverse)");
        }
        assertTrue(!run.calls().get(1).success(), "the inverse of zero reverts");
        assertEquals(packed(Ext2.of(5, 9)), packed(Ext4.fromExt2(Ext2.of(5, 9))), "an element of Ext2 is packed as itself");
    }

    @Test
    void roundPolynomialsAndMultilinearsEvaluateAsInJava() throws Exception {
        Random rnd = new Random(12);
        List<byte[]> calls = new ArrayList<>();
        List<Ext2> expected = new ArrayList<>();
        for (int degree = 1; degree <= 8; degree++) {
            Ext2[] values = new Ext2[degree + 1];
            for (int i = 0; i <= degree; i++) {
                values[i] = randomExt(rnd);
            }
            for (Ext2 x : new Ext2[] {randomExt(rnd), Ext2.fromBase(degree), Ext2.fromBase(0), Ext2.fromBase(degree + 3)}) {
                calls.add(Abi.call("lagrange(uint256[],uint256)", packedAll(values), packed(x)));
                expected.add(Univariate.evaluate(values, x));
            }
        }
        for (int n = 1; n <= 6; n++) {
            long[] table = new long[1 << n];
            for (int i = 0; i < table.length; i++) {
                table[i] = Long.remainderUnsigned(rnd.nextLong(), P);
            }
            Ext2[] point = new Ext2[n];
            for (int i = 0; i < n; i++) {
                point[i] = randomExt(rnd);
            }
            calls.add(Abi.call("multilinear(uint256[],uint256[])", table, packedAll(point)));
            expected.add(Multilinear.evaluateBase(table, point));
            // A point on the hypercube reads one entry: pins the bit order (x_0 is the index's lowest bit).
            Ext2[] corner = new Ext2[n];
            for (int i = 0; i < n; i++) {
                corner[i] = i == 0 ? Ext2.ONE : Ext2.ZERO;
            }
            calls.add(Abi.call("multilinear(uint256[],uint256[])", table, packedAll(corner)));
            expected.add(Ext2.fromBase(table[1]));
        }
        LocalChain.Run run = Evm.run("KitProbe.sol", "KitProbe", calls);
        for (int i = 0; i < calls.size(); i++) {
            LocalChain.Call call = run.calls().get(i);
            assertTrue(call.success(), call::revertReason);
            assertEquals(expected.get(i), unpack(new BigInteger(1, call.returnData())), "call " + i);
        }
    }

    static BigInteger[] packedAll(Ext2[] values) {
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = packed(values[i]);
        }
        return out;
    }
}
