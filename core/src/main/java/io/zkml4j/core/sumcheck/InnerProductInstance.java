package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.util.Parallel;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * Fast path for Σ_x f(x)·g(x). Each round needs only s(0) = Σ f₀g₀ and the leading coefficient
 * Σ (f₁−f₀)(g₁−g₀): two products per pair instead of three; s(1) comes from the claim.
 */
public final class InnerProductInstance implements SumcheckProverInstance {
    private final int numVars;
    private long[] f;
    private long[] g;
    private boolean base;

    /** Tables of equal power-of-two length, base-field ({@code base}) or interleaved extension. */
    public InnerProductInstance(long[] f, long[] g, boolean base) {
        int len = base ? f.length : f.length / 2;
        if ((base ? g.length : g.length / 2) != len) {
            throw new IllegalArgumentException("f and g must have the same length");
        }
        this.numVars = Multilinear.numVars(len);
        this.f = Tables.canonical(f);
        this.g = Tables.canonical(g);
        this.base = base;
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return 2;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        Ext2 s0;
        Ext2 lead;
        if (base) {
            int pairs = f.length >>> 1;
            int chunks = Parallel.chunks(pairs);
            long[] acc = Parallel.sumChunks(pairs, 2, c -> {
                long a0 = 0, a2 = 0;
                for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                    long f0 = f[2 * i], g0 = g[2 * i];
                    a0 = addCanonical(a0, mul(f0, g0));
                    a2 = addCanonical(a2, mul(subCanonical(f[2 * i + 1], f0), subCanonical(g[2 * i + 1], g0)));
                }
                return new long[] {a0, a2};
            });
            s0 = Ext2.fromBase(acc[0]);
            lead = Ext2.fromBase(acc[1]);
        } else {
            int pairs = f.length >>> 2;
            int chunks = Parallel.chunks(pairs);
            long[] acc = Parallel.sumChunks(pairs, 4, c -> {
                long a0 = 0, a1 = 0, b0 = 0, b1 = 0;
                for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                    int o = 4 * i;
                    long f0 = f[o], f1 = f[o + 1], g0 = g[o], g1 = g[o + 1];
                    a0 = addCanonical(a0, Ext2.mul0(f0, f1, g0, g1));
                    a1 = addCanonical(a1, Ext2.mul1(f0, f1, g0, g1));
                    long df0 = subCanonical(f[o + 2], f0), df1 = subCanonical(f[o + 3], f1);
                    long dg0 = subCanonical(g[o + 2], g0), dg1 = subCanonical(g[o + 3], g1);
                    b0 = addCanonical(b0, Ext2.mul0(df0, df1, dg0, dg1));
                    b1 = addCanonical(b1, Ext2.mul1(df0, df1, dg0, dg1));
                }
                return new long[] {a0, a1, b0, b1};
            });
            s0 = Ext2.of(acc[0], acc[1]);
            lead = Ext2.of(acc[2], acc[3]);
        }
        // s(X) = a X^2 + b X + c with c = s(0), a = lead, s(1) = claim - s(0).
        Ext2 s1 = claim.sub(s0);
        Ext2 b = s1.sub(lead).sub(s0);
        Ext2 s2 = lead.mul(4).add(b.mul(2)).add(s0);
        return new Ext2[] {s0, s1, s2};
    }

    @Override
    public void bind(Ext2 r) {
        if (base) {
            f = Multilinear.bindBase(f, r);
            g = Multilinear.bindBase(g, r);
            base = false;
        } else {
            f = Multilinear.bindExt(f, r);
            g = Multilinear.bindExt(g, r);
        }
    }

    /** The current f, bound so far (base or interleaved extension as {@link #base}), read in place. */
    long[] tableF() {
        return f;
    }

    /** The current g, as {@link #tableF()}. */
    long[] tableG() {
        return g;
    }

    /** f(r) and g(r) once every variable is bound. */
    public Ext2[] finalValues() {
        return base ? new Ext2[] {Ext2.fromBase(f[0]), Ext2.fromBase(g[0])} : new Ext2[] {Ext2.at(f, 0), Ext2.at(g, 0)};
    }
}
