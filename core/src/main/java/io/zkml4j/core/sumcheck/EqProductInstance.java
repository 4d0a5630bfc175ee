package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.util.Parallel;

import java.util.Arrays;
import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * Σ_x eq(z, x) · P(x) where P = Σ_t c_t Π_{k∈t} f_k is a product sum (for example Σ eq·f·g, or
 * a LogUp-GKR layer). The eq factor is never materialised as a table that gets bound: in round j,
 * s(X) = eq(z_<j, r_<j) · eq(z_j, X) · t(X) with t(X) = Σ_y eq(z_>j, y) P(r_<j, X, y), so the work is
 * on a degree-d polynomial t, and the eq weights over the later variables shrink by pair sums.
 */
public final class EqProductInstance implements SumcheckProverInstance {
    private final Ext2[] z;
    private final List<ProductSumInstance.Term> terms;
    private final int numVars;
    private final int termDegree;
    private final TermSlots slots;
    private long[][] tables;
    private boolean base;
    private long[] eqRest;
    private Ext2 eqPrefix;
    private int round;

    public EqProductInstance(Ext2[] z, long[][] tables, boolean base, List<ProductSumInstance.Term> terms) {
        this(z, tables, base, terms, Ext2.ONE);
    }

    /** Σ_x scale·eq(z, x)·P(x): {@code scale} carries eq factors of variables already bound elsewhere. */
    public EqProductInstance(Ext2[] z, long[][] tables, boolean base, List<ProductSumInstance.Term> terms, Ext2 scale) {
        int len = base ? tables[0].length : tables[0].length / 2;
        this.numVars = Multilinear.numVars(len);
        if (z.length != numVars) {
            throw new IllegalArgumentException("eq point has " + z.length + " coordinates, tables have " + numVars + " variables");
        }
        for (long[] t : tables) {
            if ((base ? t.length : t.length / 2) != len) {
                throw new IllegalArgumentException("all tables must have the same length");
            }
        }
        int d = 1;
        for (ProductSumInstance.Term t : terms) {
            d = Math.max(d, t.tables().length);
        }
        this.termDegree = d;
        this.z = z.clone();
        this.terms = List.copyOf(terms);
        this.slots = new TermSlots(this.terms);
        this.tables = Tables.canonical(tables);
        this.base = base;
        this.eqRest = numVars == 0 ? new long[] {1, 0} : Multilinear.eqTable(Arrays.copyOfRange(z, 1, numVars));
        this.eqPrefix = scale;
    }

    /** Σ eq(z, x)·f(x)·g(x). */
    public static EqProductInstance ofProduct(Ext2[] z, long[] f, long[] g, boolean base) {
        return new EqProductInstance(z, new long[][] {f, g}, base, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)));
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return termDegree + 1;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        int points = termDegree + 1;
        Ext2 zj = z[round];
        // claim = eqPrefix·[(1 − z_j)·t(0) + z_j·t(1)]: t(1) follows from t(0), one evaluation point fewer
        boolean derive = !zj.isZero() && !eqPrefix.isZero();
        long[] acc = base ? accumulateBase(points, derive) : accumulateExt(points, derive);
        Ext2[] t = new Ext2[points];
        for (int x = 0; x < points; x++) {
            t[x] = derive && x == 1 ? null : slots.combine(acc, points, x);
        }
        if (derive) {
            t[1] = claim.mul(eqPrefix.inverse()).sub(Ext2.ONE.sub(zj).mul(t[0])).mul(zj.inverse());
        }
        Ext2[] tExt = Univariate.extendTo(t, termDegree + 1);
        Ext2[] s = new Ext2[termDegree + 2];
        for (int x = 0; x < s.length; x++) {
            // eq(z_j, X) = (1 − z_j)(1 − X) + z_j X
            Ext2 X = Ext2.fromBase(x);
            Ext2 eqx = Ext2.ONE.sub(zj).mul(Ext2.ONE.sub(X)).add(zj.mul(X));
            s[x] = eqPrefix.mul(eqx).mul(tExt[x]);
        }
        return s;
    }

    /** Per term and X: Σ_y eqRest(y) · Π_k f_k(X, y), base tables (first round). */
    private long[] accumulateBase(int points, boolean skipOne) {
        int pairs = tables[0].length >>> 1;
        int nt = terms.size();
        int chunks = Parallel.chunks(pairs);
        int count = slots.count();
        return Parallel.sumChunks(pairs, 2 * count * points, c -> {
            long[] a = new long[2 * count * points];
            PairValues pv = new PairValues(tables.length);
            for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
                pv.loadBase(tables, i);
                for (int x = 0; x < points; x++) {
                    if (skipOne && x == 1) {
                        pv.nextBase(tables.length);
                        continue;
                    }
                    long unit = 0;
                    for (int t = 0; t < nt; t++) {
                        long p = pv.productBase(terms.get(t).tables());
                        if (slots.sign(t) == 1) {
                            unit = addCanonical(unit, p);
                        } else if (slots.sign(t) == -1) {
                            unit = subCanonical(unit, p);
                        } else {
                            int o = 2 * (slots.slot(t) * points + x);
                            a[o] = addCanonical(a[o], mul(w0, p));
                            a[o + 1] = addCanonical(a[o + 1], mul(w1, p));
                        }
                    }
                    a[2 * x] = addCanonical(a[2 * x], mul(w0, unit));
                    a[2 * x + 1] = addCanonical(a[2 * x + 1], mul(w1, unit));
                    pv.nextBase(tables.length);
                }
            }
            return a;
        });
    }

    private long[] accumulateExt(int points, boolean skipOne) {
        int pairs = tables[0].length >>> 2;
        int nt = terms.size();
        int chunks = Parallel.chunks(pairs);
        int count = slots.count();
        return Parallel.sumChunks(pairs, 2 * count * points, c -> {
            long[] a = new long[2 * count * points];
            long[] product = new long[2];
            PairValues pv = new PairValues(tables.length);
            for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
                pv.loadExt(tables, i);
                for (int x = 0; x < points; x++) {
                    if (skipOne && x == 1) {
                        pv.nextExt(tables.length);
                        continue;
                    }
                    long u0 = 0, u1 = 0;
                    for (int t = 0; t < nt; t++) {
                        pv.productExt(terms.get(t).tables(), product);
                        if (slots.sign(t) == 1) {
                            u0 = addCanonical(u0, product[0]);
                            u1 = addCanonical(u1, product[1]);
                        } else if (slots.sign(t) == -1) {
                            u0 = subCanonical(u0, product[0]);
                            u1 = subCanonical(u1, product[1]);
                        } else {
                            int o = 2 * (slots.slot(t) * points + x);
                            a[o] = addCanonical(a[o], Ext2.mul0(w0, w1, product[0], product[1]));
                            a[o + 1] = addCanonical(a[o + 1], Ext2.mul1(w0, w1, product[0], product[1]));
                        }
                    }
                    a[2 * x] = addCanonical(a[2 * x], Ext2.mul0(w0, w1, u0, u1));
                    a[2 * x + 1] = addCanonical(a[2 * x + 1], Ext2.mul1(w0, w1, u0, u1));
                    pv.nextExt(tables.length);
                }
            }
            return a;
        });
    }

    @Override
    public void bind(Ext2 r) {
        Ext2 zj = z[round];
        eqPrefix = eqPrefix.mul(Ext2.ONE.sub(zj).mul(Ext2.ONE.sub(r)).add(zj.mul(r)));
        long[][] next = new long[tables.length][];
        for (int k = 0; k < tables.length; k++) {
            next[k] = base ? Multilinear.bindBase(tables[k], r) : Multilinear.bindExt(tables[k], r);
        }
        tables = next;
        base = false;
        round++;
        if (eqRest.length > 2) {
            eqRest = Multilinear.sumAdjacentPairs(eqRest);
        }
    }

    /** Each table's value at the final point. */
    public Ext2[] finalTableValues() {
        Ext2[] out = new Ext2[tables.length];
        for (int k = 0; k < tables.length; k++) {
            out[k] = base ? Ext2.fromBase(tables[k][0]) : Ext2.at(tables[k], 0);
        }
        return out;
    }
}
