package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Ext2;

/** Batch inversion of extension vectors (Montgomery's trick: one inversion for all). */
final class Inverses {
    private Inverses() {}

    static long[] batchInvert(long[] v) {
        int n = v.length / 2;
        long[] prefix = new long[2 * n];
        Ext2 acc = Ext2.ONE;
        for (int i = 0; i < n; i++) {
            acc.store(prefix, i);
            Ext2 x = Ext2.at(v, i);
            if (x.isZero()) {
                throw new IllegalStateException("a lookup value equals the challenge α; prove again");
            }
            acc = acc.mul(x);
        }
        Ext2 inv = acc.inverse();
        long[] out = new long[2 * n];
        for (int i = n - 1; i >= 0; i--) {
            inv.mul(Ext2.at(prefix, i)).store(out, i);
            inv = inv.mul(Ext2.at(v, i));
        }
        return out;
    }
}
