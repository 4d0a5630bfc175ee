package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * Scratch state of a round's inner loop: every table's value along one pair (x_0 = 0 and 1),
 * stepped through X = 0, 1, 2, ... (each table is linear in X), and the products of terms at the
 * current X. One instance per thread; base-field and extension tables have separate methods.
 */
final class PairValues {
    private final long[] val;
    private final long[] diff;

    PairValues(int tables) {
        val = new long[2 * tables];
        diff = new long[2 * tables];
    }

    /** Loads pair i of base-field tables (X = 0). */
    void loadBase(long[][] tables, int i) {
        for (int k = 0; k < tables.length; k++) {
            long lo = tables[k][2 * i];
            val[k] = lo;
            diff[k] = subCanonical(tables[k][2 * i + 1], lo);
        }
    }

    /** Steps base-field values from X to X + 1. */
    void nextBase(int tables) {
        for (int k = 0; k < tables; k++) {
            val[k] = addCanonical(val[k], diff[k]);
        }
    }

    /** Π_{k ∈ ks} f_k(X) for base-field tables. */
    long productBase(int[] ks) {
        long p = val[ks[0]];
        for (int j = 1; j < ks.length; j++) {
            p = mul(p, val[ks[j]]);
        }
        return p;
    }

    /** Loads pair i of interleaved extension tables (X = 0). */
    void loadExt(long[][] tables, int i) {
        for (int k = 0; k < tables.length; k++) {
            long[] t = tables[k];
            val[2 * k] = t[4 * i];
            val[2 * k + 1] = t[4 * i + 1];
            diff[2 * k] = subCanonical(t[4 * i + 2], t[4 * i]);
            diff[2 * k + 1] = subCanonical(t[4 * i + 3], t[4 * i + 1]);
        }
    }

    /** Steps extension values from X to X + 1. */
    void nextExt(int tables) {
        for (int k = 0; k < 2 * tables; k++) {
            val[k] = addCanonical(val[k], diff[k]);
        }
    }

    /** Π_{k ∈ ks} f_k(X) for extension tables, written to out[0..1]. */
    void productExt(int[] ks, long[] out) {
        long p0 = val[2 * ks[0]], p1 = val[2 * ks[0] + 1];
        for (int j = 1; j < ks.length; j++) {
            long q0 = val[2 * ks[j]], q1 = val[2 * ks[j] + 1];
            long n0 = Ext2.mul0(p0, p1, q0, q1);
            p1 = Ext2.mul1(p0, p1, q0, q1);
            p0 = n0;
        }
        out[0] = p0;
        out[1] = p1;
    }
}
