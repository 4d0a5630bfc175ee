package io.zkml4j.core.poly;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class MultilinearTest {
    static Ext2[] randomPoint(int n, SplittableRandom r) {
        Ext2[] p = new Ext2[n];
        for (int i = 0; i < n; i++) {
            p[i] = Ext2.of(r.nextLong(), r.nextLong());
        }
        return p;
    }

    static long[] randomBase(int n, SplittableRandom r) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = Goldilocks.canonical(r.nextLong());
        }
        return t;
    }

    /** Direct definition: f(z) = Σ_b f(b) Π_j (z_j if bit j of b else 1 − z_j). */
    static Ext2 naive(long[] table, Ext2[] z) {
        Ext2 acc = Ext2.ZERO;
        for (int b = 0; b < table.length; b++) {
            Ext2 w = Ext2.ONE;
            for (int j = 0; j < z.length; j++) {
                w = w.mul(((b >>> j) & 1) == 1 ? z[j] : Ext2.ONE.sub(z[j]));
            }
            acc = acc.add(w.mul(table[b]));
        }
        return acc;
    }

    @Test
    void bitOrderIsLeastSignificantFirst() {
        // f(x0, x1, x2) = table[x0 + 2 x1 + 4 x2]: at Boolean points the MLE reads the table there.
        long[] table = {10, 11, 12, 13, 14, 15, 16, 17};
        assertEquals(Ext2.fromBase(11), Multilinear.evaluateBase(table, Multilinear.pointFromBase(1, 0, 0)));
        assertEquals(Ext2.fromBase(12), Multilinear.evaluateBase(table, Multilinear.pointFromBase(0, 1, 0)));
        assertEquals(Ext2.fromBase(14), Multilinear.evaluateBase(table, Multilinear.pointFromBase(0, 0, 1)));
        // Binding x0 := 1 keeps the odd entries.
        long[] bound = Multilinear.bindBase(table, Ext2.ONE);
        assertArrayEquals(ExtVectors.fromBase(new long[] {11, 13, 15, 17}), bound);
        // eq table puts eq(z, b) at index b.
        Ext2[] z = Multilinear.pointFromBase(1, 0, 1);
        long[] eq = Multilinear.eqTable(z);
        for (int b = 0; b < 8; b++) {
            assertEquals(b == 5 ? Ext2.ONE : Ext2.ZERO, Ext2.at(eq, b));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 9})
    void evaluationMatchesDefinition(int n) {
        SplittableRandom r = new SplittableRandom(n);
        long[] table = randomBase(1 << n, r);
        Ext2[] z = randomPoint(n, r);
        Ext2 expected = naive(table, z);
        assertEquals(expected, Multilinear.evaluateBase(table, z));
        assertEquals(expected, Multilinear.evaluateExt(ExtVectors.fromBase(table), z));
        assertEquals(expected, ExtVectors.innerProductBase(Multilinear.eqTable(z), table));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 16})
    void eqTableMatchesEq(int n) {
        SplittableRandom r = new SplittableRandom(50 + n);
        Ext2[] z = randomPoint(n, r);
        long[] t = Multilinear.eqTable(z);
        assertEquals(Ext2.ONE, Multilinear.sumExt(t), "eq sums to one over the hypercube");
        for (int trial = 0; trial < 5; trial++) {
            int b = r.nextInt(1 << n);
            Ext2[] bits = new Ext2[n];
            for (int j = 0; j < n; j++) {
                bits[j] = Ext2.fromBase((b >>> j) & 1);
            }
            assertEquals(Multilinear.eq(z, bits), Ext2.at(t, b));
        }
        Ext2[] y = randomPoint(n, r);
        assertEquals(Multilinear.eq(z, y), Multilinear.evaluateExt(t, y), "eq(z, .) is multilinear in its second argument");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 17}) // below and above the parallel threshold
    void bindingWithAPeriodicAddendAddsItToEveryBoundValue(int numVars) {
        SplittableRandom r = new SplittableRandom(numVars);
        long[] table = ExtVectors.fromBase(randomBase(1 << numVars, r));
        for (int i = 0; i < table.length; i += 3) {
            table[i] = Goldilocks.canonical(r.nextLong()); // some extension entries
        }
        long[] periodic = ExtVectors.of(randomPoint(16, r));
        Ext2 x = Ext2.of(r.nextLong(), r.nextLong());
        long[] plain = Multilinear.bindExt(table, x);
        long[] withAddend = Multilinear.bindExt(table, x, periodic);
        for (int i = 0; i < plain.length / 2; i++) {
            assertEquals(Ext2.at(plain, i).add(Ext2.at(periodic, i % 16)), Ext2.at(withAddend, i), "entry " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> Multilinear.bindExt(table, x, new long[6]));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 9, 10, 17}) // below and above the base check, and above the parallel threshold
    void bindingALiftedBaseTableIsTheExtensionFormula(int numVars) {
        SplittableRandom r = new SplittableRandom(40 + numVars);
        long[] values = randomBase(1 << numVars, r);
        values[0] = Goldilocks.P; // non-canonical base values
        values[3] = -1L;
        values[values.length - 1] = Goldilocks.P + 5;
        long[] table = ExtVectors.fromBase(values);
        long[] periodic = ExtVectors.of(randomPoint(16, r));
        Ext2 x = Ext2.of(r.nextLong(), r.nextLong());
        x = Ext2.of(Goldilocks.canonical(x.c0), Goldilocks.canonical(x.c1));
        for (long[] addend : new long[][] {null, periodic}) {
            long[] bound = Multilinear.bindExt(table, x, addend);
            for (int i = 0; i < values.length / 2; i++) {
                Ext2 lo = Ext2.fromBase(Goldilocks.canonical(values[2 * i])), hi = Ext2.fromBase(Goldilocks.canonical(values[2 * i + 1]));
                Ext2 expected = lo.add(x.mul(hi.sub(lo)));
                if (addend != null) {
                    expected = expected.add(Ext2.at(addend, i % 16));
                }
                assertEquals(expected, Ext2.at(bound, i), "entry " + i);
            }
        }
    }

    @Test
    void countingTable() {
        SplittableRandom r = new SplittableRandom(8);
        long[] table = new long[1 << 6];
        for (int i = 0; i < table.length; i++) {
            table[i] = i;
        }
        Ext2[] z = randomPoint(6, r);
        assertEquals(Multilinear.evaluateBase(table, z), Multilinear.evaluateCountingTable(z));
    }

    @Test
    void univariateInterpolation() {
        SplittableRandom r = new SplittableRandom(9);
        // p(X) = 3 + 5X + 2X^3
        Ext2[] values = new Ext2[4];
        for (int i = 0; i < 4; i++) {
            values[i] = Ext2.fromBase(3 + 5L * i + 2L * i * i * i);
        }
        Ext2 x = Ext2.of(r.nextLong(), r.nextLong());
        Ext2 expected = Ext2.fromBase(3).add(x.mul(5)).add(x.mul(x).mul(x).mul(2));
        assertEquals(expected, Univariate.evaluate(values, x));
        assertEquals(values[2], Univariate.evaluate(values, Ext2.fromBase(2)));
        assertEquals(Ext2.fromBase(3 + 5 * 6 + 2 * 216), Univariate.extendTo(values, 6)[6]);
    }
}
