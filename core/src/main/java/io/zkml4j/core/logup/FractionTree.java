package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;

import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.addCanonical;

/**
 * A binary tree of fractions p/q over 2^n leaves, summed pairwise: a parent of children a/b and
 * c/d holds (a·d + c·b)/(b·d), so the root is the sum of all leaves without any division. Layer i
 * has 2^i nodes; the children of node x are x (left) and x + 2^i (right) in layer i + 1, i.e. the
 * child bit is the highest variable.
 */
public final class FractionTree {
    /** numerators[i], denominators[i]: layer i as interleaved extension tables (null numerators: all ones). */
    final long[][] numerators;
    final long[][] denominators;
    final int numVars;

    public int numVars() {
        return numVars;
    }

    /** Leaves as interleaved extension tables; null numerators mean all ones. */
    public FractionTree(long[] leafNumerators, long[] leafDenominators) {
        this.numVars = Multilinear.numVars(leafDenominators.length / 2);
        numerators = new long[numVars + 1][];
        denominators = new long[numVars + 1][];
        numerators[numVars] = leafNumerators;
        denominators[numVars] = leafDenominators;
        for (int i = numVars - 1; i >= 0; i--) {
            combine(i);
        }
    }

    private void combine(int layer) {
        int size = 1 << layer;
        long[] pChild = numerators[layer + 1];
        long[] qChild = denominators[layer + 1];
        long[] p = new long[2 * size];
        long[] q = new long[2 * size];
        IntStream range = IntStream.range(0, size);
        if (size >= 1 << 12) {
            range = range.parallel();
        }
        range.forEach(x -> {
            int l = 2 * x, r = 2 * (x + size);
            long ql0 = qChild[l], ql1 = qChild[l + 1], qr0 = qChild[r], qr1 = qChild[r + 1];
            q[2 * x] = Ext2.mul0(ql0, ql1, qr0, qr1);
            q[2 * x + 1] = Ext2.mul1(ql0, ql1, qr0, qr1);
            if (pChild == null) { // 1/ql + 1/qr = (qr + ql)/(ql·qr)
                p[2 * x] = addCanonical(ql0, qr0);
                p[2 * x + 1] = addCanonical(ql1, qr1);
            } else {
                long pl0 = pChild[l], pl1 = pChild[l + 1], pr0 = pChild[r], pr1 = pChild[r + 1];
                p[2 * x] = addCanonical(Ext2.mul0(pl0, pl1, qr0, qr1), Ext2.mul0(pr0, pr1, ql0, ql1));
                p[2 * x + 1] = addCanonical(Ext2.mul1(pl0, pl1, qr0, qr1), Ext2.mul1(pr0, pr1, ql0, ql1));
            }
        });
        numerators[layer] = p;
        denominators[layer] = q;
    }

    /** The denominators of layer i. */
    public long[] denominators(int layer) {
        return denominators[layer];
    }

    /** Whether layer i's numerators are all ones (only the leaves of a tree built with null numerators). */
    public boolean unitNumerators(int layer) {
        return numerators[layer] == null;
    }

    Ext2 rootNumerator() {
        return Ext2.at(numerators(0), 0);
    }

    Ext2 rootDenominator() {
        return Ext2.at(denominators[0], 0);
    }

    /** The numerators of layer i (materialising all-ones leaves when asked). */
    public long[] numerators(int layer) {
        long[] p = numerators[layer];
        if (p != null) {
            return p;
        }
        long[] ones = new long[2 << layer];
        for (int i = 0; i < ones.length; i += 2) {
            ones[i] = 1;
        }
        return ones;
    }
}
