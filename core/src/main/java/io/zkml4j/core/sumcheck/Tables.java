package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Goldilocks;

/** Input hygiene for prover tables: hot loops assume canonical values, callers may not. */
final class Tables {
    private Tables() {}

    /** The tables themselves when already canonical, else canonical copies of the offending ones. */
    static long[][] canonical(long[][] tables) {
        long[][] out = tables.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] = canonical(out[k]);
        }
        return out;
    }

    static long[] canonical(long[] t) {
        for (long v : t) {
            if (!Goldilocks.isCanonical(v)) {
                long[] c = new long[t.length];
                for (int i = 0; i < t.length; i++) {
                    c[i] = Goldilocks.canonical(t[i]);
                }
                return c;
            }
        }
        return t;
    }
}
