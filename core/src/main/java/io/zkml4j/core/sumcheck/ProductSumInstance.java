package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.util.Parallel;

import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;

/**
 * The general case: Σ_x Σ_t c_t · Π_{k ∈ t} f_k(x), a sum of products of multilinear tables of any
 * degree. Tables may start in the base field; the first round then runs in base-field arithmetic
 * and binding moves them to the extension.
 */
public final class ProductSumInstance implements SumcheckProverInstance {
    /** One term: coefficient · Π tables[k] for k in {@code tables}. */
    public record Term(Ext2 coefficient, int... tables) {
        public Term {
            if (tables.length == 0) {
                throw new IllegalArgumentException("a term multiplies at least one table");
            }
        }
    }

    private final int numVars;
    private final int degree;
    private final List<Term> terms;
    private long[][] tables;
    private boolean base;

    /**
     * @param tables all of length 2^n, base-field values ({@code base = true}) or interleaved
     *               extension values; they are copied on the first bind, never modified
     */
    public ProductSumInstance(long[][] tables, boolean base, List<Term> terms) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("no tables");
        }
        int len = base ? tables[0].length : tables[0].length / 2;
        this.numVars = Multilinear.numVars(len);
        for (long[] t : tables) {
            if ((base ? t.length : t.length / 2) != len) {
                throw new IllegalArgumentException("all tables must have the same length");
            }
        }
        int d = 1;
        for (Term t : terms) {
            d = Math.max(d, t.tables().length);
            for (int k : t.tables()) {
                if (k < 0 || k >= tables.length) {
                    throw new IllegalArgumentException("term refers to table " + k + " of " + tables.length);
                }
            }
        }
        this.degree = d;
        this.terms = List.copyOf(terms);
        this.tables = Tables.canonical(tables);
        this.base = base;
    }

    /** The claimed sum, computed directly (for tests and for provers that need it). */
    public Ext2 sum() {
        Ext2 total = Ext2.ZERO;
        int n = 1 << numVars;
        for (Term t : terms) {
            Ext2 s = Ext2.ZERO;
            for (int i = 0; i < n; i++) {
                Ext2 p = Ext2.ONE;
                for (int k : t.tables()) {
                    p = base ? p.mul(tables[k][i]) : p.mul(Ext2.at(tables[k], i));
                }
                s = s.add(p);
            }
            total = total.add(s.mul(t.coefficient()));
        }
        return total;
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return degree;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        return base ? baseRound() : extRound();
    }

    /** Per term and X, Σ_pairs Π (base); then weighted by the extension coefficients. */
    private Ext2[] baseRound() {
        int pairs = (tables[0].length) >>> 1;
        int points = degree + 1;
        int nt = terms.size();
        int chunks = Parallel.chunks(pairs);
        long[] acc = Parallel.sumChunks(pairs, nt * points, c -> {
            long[] a = new long[nt * points];
            PairValues pv = new PairValues(tables.length);
            int from = Parallel.chunkStart(pairs, chunks, c), to = Parallel.chunkStart(pairs, chunks, c + 1);
            for (int i = from; i < to; i++) {
                pv.loadBase(tables, i);
                for (int x = 0; x < points; x++) {
                    for (int t = 0; t < nt; t++) {
                        a[t * points + x] = addCanonical(a[t * points + x], pv.productBase(terms.get(t).tables()));
                    }
                    pv.nextBase(tables.length);
                }
            }
            return a;
        });
        Ext2[] out = new Ext2[points];
        for (int x = 0; x < points; x++) {
            Ext2 v = Ext2.ZERO;
            for (int t = 0; t < nt; t++) {
                v = v.add(terms.get(t).coefficient().mul(acc[t * points + x]));
            }
            out[x] = v;
        }
        return out;
    }

    private Ext2[] extRound() {
        int pairs = tables[0].length >>> 2;
        int points = degree + 1;
        int nt = terms.size();
        int chunks = Parallel.chunks(pairs);
        long[] acc = Parallel.sumChunks(pairs, 2 * nt * points, c -> {
            long[] a = new long[2 * nt * points];
            long[] product = new long[2];
            PairValues pv = new PairValues(tables.length);
            int from = Parallel.chunkStart(pairs, chunks, c), to = Parallel.chunkStart(pairs, chunks, c + 1);
            for (int i = from; i < to; i++) {
                pv.loadExt(tables, i);
                for (int x = 0; x < points; x++) {
                    for (int t = 0; t < nt; t++) {
                        pv.productExt(terms.get(t).tables(), product);
                        int o = 2 * (t * points + x);
                        a[o] = addCanonical(a[o], product[0]);
                        a[o + 1] = addCanonical(a[o + 1], product[1]);
                    }
                    pv.nextExt(tables.length);
                }
            }
            return a;
        });
        Ext2[] out = new Ext2[points];
        for (int x = 0; x < points; x++) {
            Ext2 v = Ext2.ZERO;
            for (int t = 0; t < nt; t++) {
                int o = 2 * (t * points + x);
                v = v.add(terms.get(t).coefficient().mul(Ext2.of(acc[o], acc[o + 1])));
            }
            out[x] = v;
        }
        return out;
    }

    @Override
    public void bind(Ext2 r) {
        long[][] next = new long[tables.length][];
        for (int k = 0; k < tables.length; k++) {
            next[k] = base ? Multilinear.bindBase(tables[k], r) : Multilinear.bindExt(tables[k], r);
        }
        tables = next;
        base = false;
    }

    /** After all rounds: each table's value at the final point. */
    public Ext2[] finalTableValues() {
        if (tables[0].length != (base ? 1 : 2)) {
            throw new IllegalStateException("not all variables are bound yet");
        }
        Ext2[] out = new Ext2[tables.length];
        for (int k = 0; k < tables.length; k++) {
            out[k] = base ? Ext2.fromBase(tables[k][0]) : Ext2.at(tables[k], 0);
        }
        return out;
    }

    /** Evaluates the term polynomial at given table values (the verifier's final check). */
    public static Ext2 evaluateTerms(List<Term> terms, Ext2[] tableValues) {
        Ext2 acc = Ext2.ZERO;
        for (Term t : terms) {
            Ext2 p = t.coefficient();
            for (int k : t.tables()) {
                p = p.mul(tableValues[k]);
            }
            acc = acc.add(p);
        }
        return acc;
    }

}
