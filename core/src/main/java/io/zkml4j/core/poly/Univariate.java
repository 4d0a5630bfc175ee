package io.zkml4j.core.poly;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

/**
 * Univariate polynomials of small degree d given by their values at X = 0, 1, ..., d, the form
 * in which sumcheck round polynomials travel.
 */
public final class Univariate {
    private Univariate() {}

    /** Evaluates the degree-d polynomial through (i, values[i]), i = 0..d, at x (Lagrange). */
    public static Ext2 evaluate(Ext2[] values, Ext2 x) {
        int d = values.length - 1;
        // For x on a node, return the value directly (also avoids dividing by zero).
        if (x.isBase() && Long.compareUnsigned(x.c0, d) <= 0) {
            return values[(int) x.c0];
        }
        // L_i(x) = Π_{j≠i} (x − j) / (i − j)
        Ext2[] diff = new Ext2[d + 1];
        for (int j = 0; j <= d; j++) {
            diff[j] = x.sub(Ext2.fromBase(j));
        }
        Ext2 result = Ext2.ZERO;
        for (int i = 0; i <= d; i++) {
            Ext2 num = Ext2.ONE;
            long den = 1;
            for (int j = 0; j <= d; j++) {
                if (j != i) {
                    num = num.mul(diff[j]);
                    den = Goldilocks.mul(den, Goldilocks.fromSigned(i - j));
                }
            }
            result = result.add(values[i].mul(num).mul(Goldilocks.inverse(den)));
        }
        return result;
    }

    /** Values at 0..d of the product of polynomials given by their values at 0..d (same d). */
    public static Ext2[] extendTo(Ext2[] values, int degree) {
        Ext2[] out = new Ext2[degree + 1];
        for (int i = 0; i <= degree; i++) {
            out[i] = i < values.length ? values[i] : evaluate(values, Ext2.fromBase(i));
        }
        return out;
    }
}
