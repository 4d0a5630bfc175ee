package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.util.Parallel;

import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mulAdd;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * Round 0 of a masked sumcheck whose terms multiply one or two tables: the values at X = 0..degree of
 * P(X) = Σ_i w_i·Σ_t c_t·Π_{k∈t} f'_k(X, i), with f'_k(X, i) = f_k(X, i) + X(1 − X)·R_k(i mod 16)
 * ({@link MaskedInstance}'s masks; R_k = 0 for an unmasked table) and w_i = eq(z_rest, i) or 1.
 *
 * <p>Why not evaluate every factor at every point, as {@link MaskedInstance} does for longer
 * products: with M = X(1 − X), a product expands as f'·g' = f·g + M·(R_f·g + R_g·f) + M²·R_f·R_g,
 * and a mask depends on i only through i mod 16, so Σ_i w_i·R_f(i)·g(X, i) = Σ_m R_f(m)·G_m(X) with
 * G_m the w-weighted sum of g over the pairs i ≡ m, which is linear in X. Per pair there remain
 * f·g at X = 0, 1, 2 and the weighted class sums: three products (each two base-field products
 * when a table holds base-field values) and the weighting, where the pointwise evaluation took a
 * product and a weighting at every one of up to five points. The values are the same field
 * elements, so proofs do not change.
 */
public final class MaskedRoundZero {
    private static final int CLASSES = MaskedInstance.MASK_SIZE;
    private static final long HALF = Goldilocks.inverse(2);

    /** c·f_first·f_second, or c·f_first when {@code second} is negative. */
    public record Term(Ext2 coefficient, int first, int second) {
        public static Term of(Ext2 coefficient, int first) {
            return new Term(coefficient, first, -1);
        }

        boolean single() {
            return second < 0;
        }
    }

    private MaskedRoundZero() {}

    /** Whether {@link #values} handles these terms: each multiplies at most two tables. */
    public static boolean handles(List<ProductSumInstance.Term> terms) {
        return terms.stream().allMatch(t -> t.tables().length <= 2);
    }

    /** The same terms in this class's form. */
    public static List<Term> of(List<ProductSumInstance.Term> terms) {
        return terms.stream().map(t -> new Term(t.coefficient(), t.tables()[0], t.tables().length == 2 ? t.tables()[1] : -1)).toList();
    }

    /**
     * P(0..degree).
     *
     * @param arrays  table k is the 2^numVars interleaved extension values of {@code arrays[k]} from
     *                {@code from[k]} (in longs), canonical; a table no term names may be null
     * @param masks   per table, its mask (16 interleaved extension values, canonical) or null
     * @param eqRest  w as an interleaved extension table of 2^(numVars − 1) values, or null for w = 1
     */
    public static Ext2[] values(long[][] arrays, int[] from, int numVars, long[][] masks, List<Term> terms, long[] eqRest, int degree) {
        if (numVars < 1 || numVars > 30) {
            throw new IllegalArgumentException("round 0 needs tables of 1 to 30 variables, not " + numVars);
        }
        Layout layout = new Layout(arrays, from, numVars, masks, terms, eqRest != null);
        int pairs = 1 << (numVars - 1);
        int chunks = Parallel.chunks(pairs);
        long[] acc = Parallel.sumChunks(pairs, layout.length,
                c -> layout.accumulate(arrays, from, eqRest, Parallel.chunkStart(pairs, chunks, c), Parallel.chunkStart(pairs, chunks, c + 1)));
        Ext2[] p = new Ext2[degree + 1];
        for (int x = 0; x <= degree; x++) {
            p[x] = layout.evaluate(acc, masks, terms, x);
        }
        return p;
    }

    /** What is accumulated per pair, and where in the accumulator. */
    private static final class Layout {
        final int tables;
        final boolean[] base;
        final boolean[] weighted; // the class sums of w·f_k are needed
        final int[] sumAt;        // where they are: CLASSES × (lo, hi) × 2 longs
        final int[] weightedFactor; // per two-table term: the table multiplied by w (−1 when no factor is)
        final int[] otherFactor;
        final int quadraticAt;    // per term: f·g at X = 0, 1, 2 (6 longs)
        final int classWeightsAt; // Σ_{i ≡ m} w_i (CLASSES × 2 longs), or −1
        final int length;
        final int[] termFirst;
        final int[] termSecond;

        Layout(long[][] arrays, int[] from, int numVars, long[][] masks, List<Term> terms, boolean hasWeights) {
            tables = arrays.length;
            base = new boolean[tables];
            weighted = new boolean[tables];
            boolean classWeights = false;
            for (Term t : terms) {
                if (t.single()) {
                    weighted[t.first()] = true;
                    classWeights |= masks[t.first()] != null;
                } else {
                    weighted[t.second()] |= masks[t.first()] != null;
                    weighted[t.first()] |= masks[t.second()] != null;
                    classWeights |= masks[t.first()] != null && masks[t.second()] != null;
                }
            }
            int length = 0;
            sumAt = new int[tables];
            for (int k = 0; k < tables; k++) {
                base[k] = arrays[k] != null && ExtVectors.holdsBase(arrays[k], from[k], 2 << numVars);
                if (weighted[k]) {
                    sumAt[k] = length;
                    length += 4 * CLASSES;
                }
            }
            classWeightsAt = classWeights ? length : -1;
            length += classWeights ? 2 * CLASSES : 0;
            quadraticAt = length;
            length += 6 * terms.size();
            this.length = length;
            termFirst = new int[terms.size()];
            termSecond = new int[terms.size()];
            weightedFactor = new int[terms.size()];
            otherFactor = new int[terms.size()];
            for (int t = 0; t < terms.size(); t++) {
                Term term = terms.get(t);
                termFirst[t] = term.first();
                termSecond[t] = term.second();
                if (term.single()) {
                    continue;
                }
                // w multiplies a factor whose weighted values are computed anyway, else the first
                boolean secondWeighted = hasWeights && !weighted[term.first()] && weighted[term.second()];
                weightedFactor[t] = hasWeights ? (secondWeighted ? term.second() : term.first()) : -1;
                otherFactor[t] = secondWeighted ? term.first() : term.second();
                if (!hasWeights && base[term.first()] && !base[term.second()]) { // the base factor second: ext × base products
                    weightedFactor[t] = -1;
                    otherFactor[t] = term.first();
                }
            }
        }


        long[] accumulate(long[][] arrays, int[] from, long[] eqRest, int start, int end) {
            long[] a = new long[length];
            long[] lo = new long[2 * tables], hi = new long[2 * tables];
            long[] wlo = new long[2 * tables], whi = new long[2 * tables];
            for (int i = start; i < end; i++) {
                int m = i & (CLASSES - 1);
                for (int k = 0; k < tables; k++) {
                    long[] t = arrays[k];
                    if (t == null) {
                        continue;
                    }
                    int at = from[k] + 4 * i;
                    lo[2 * k] = t[at];
                    lo[2 * k + 1] = t[at + 1];
                    hi[2 * k] = t[at + 2];
                    hi[2 * k + 1] = t[at + 3];
                }
                long w0 = eqRest == null ? 1 : eqRest[2 * i], w1 = eqRest == null ? 0 : eqRest[2 * i + 1];
                for (int k = 0; k < tables; k++) {
                    if (!weighted[k]) {
                        continue;
                    }
                    weigh(lo, k, w0, w1, eqRest != null, base[k], wlo);
                    weigh(hi, k, w0, w1, eqRest != null, base[k], whi);
                    int s = sumAt[k] + 4 * m;
                    a[s] = addCanonical(a[s], wlo[2 * k]);
                    a[s + 1] = addCanonical(a[s + 1], wlo[2 * k + 1]);
                    a[s + 2] = addCanonical(a[s + 2], whi[2 * k]);
                    a[s + 3] = addCanonical(a[s + 3], whi[2 * k + 1]);
                }
                if (classWeightsAt >= 0) {
                    int s = classWeightsAt + 2 * m;
                    a[s] = addCanonical(a[s], w0);
                    a[s + 1] = addCanonical(a[s + 1], w1);
                }
                for (int t = 0; t < termFirst.length; t++) {
                    if (termSecond[t] < 0) {
                        continue;
                    }
                    int u = weightedFactor[t], v = otherFactor[t];
                    long ul0, ul1, uh0, uh1;
                    boolean uBase;
                    if (u < 0) { // no weights: the factor that is not v
                        int k = v == termFirst[t] ? termSecond[t] : termFirst[t];
                        ul0 = lo[2 * k];
                        ul1 = lo[2 * k + 1];
                        uh0 = hi[2 * k];
                        uh1 = hi[2 * k + 1];
                        uBase = base[k];
                    } else if (weighted[u]) {
                        ul0 = wlo[2 * u];
                        ul1 = wlo[2 * u + 1];
                        uh0 = whi[2 * u];
                        uh1 = whi[2 * u + 1];
                        uBase = false;
                    } else {
                        weigh(lo, u, w0, w1, true, base[u], wlo);
                        weigh(hi, u, w0, w1, true, base[u], whi);
                        ul0 = wlo[2 * u];
                        ul1 = wlo[2 * u + 1];
                        uh0 = whi[2 * u];
                        uh1 = whi[2 * u + 1];
                        uBase = false;
                    }
                    long vl0 = lo[2 * v], vl1 = lo[2 * v + 1], vh0 = hi[2 * v], vh1 = hi[2 * v + 1];
                    boolean vBase = base[v];
                    int q = quadraticAt + 6 * t;
                    product(a, q, ul0, ul1, vl0, vl1, uBase, vBase);
                    product(a, q + 2, uh0, uh1, vh0, vh1, uBase, vBase);
                    // X = 2: 2·hi − lo of each factor
                    long u20 = subCanonical(addCanonical(uh0, uh0), ul0), u21 = subCanonical(addCanonical(uh1, uh1), ul1);
                    long v20 = subCanonical(addCanonical(vh0, vh0), vl0), v21 = subCanonical(addCanonical(vh1, vh1), vl1);
                    product(a, q + 4, u20, u21, v20, v21, uBase, vBase);
                }
            }
            return a;
        }

        /** w·f_k (values of one side, lo or hi) into out; f_k itself without weights. */
        private static void weigh(long[] values, int k, long w0, long w1, boolean hasWeights, boolean base, long[] out) {
            long f0 = values[2 * k], f1 = values[2 * k + 1];
            if (!hasWeights) {
                out[2 * k] = f0;
                out[2 * k + 1] = f1;
            } else if (base) {
                out[2 * k] = Goldilocks.mul(w0, f0);
                out[2 * k + 1] = Goldilocks.mul(w1, f0);
            } else {
                out[2 * k] = Ext2.mul0(w0, w1, f0, f1);
                out[2 * k + 1] = Ext2.mul1(w0, w1, f0, f1);
            }
        }

        /** a[at..at + 2) += u·v, with a base-field u or v multiplied as such. */
        private static void product(long[] a, int at, long u0, long u1, long v0, long v1, boolean uBase, boolean vBase) {
            if (vBase) {
                a[at] = mulAdd(u0, v0, a[at]);
                a[at + 1] = uBase ? a[at + 1] : mulAdd(u1, v0, a[at + 1]);
            } else if (uBase) {
                a[at] = mulAdd(v0, u0, a[at]);
                a[at + 1] = mulAdd(v1, u0, a[at + 1]);
            } else {
                a[at] = addCanonical(a[at], Ext2.mul0(u0, u1, v0, v1));
                a[at + 1] = addCanonical(a[at + 1], Ext2.mul1(u0, u1, v0, v1));
            }
        }

        /** P(x) from the accumulated sums. */
        Ext2 evaluate(long[] acc, long[][] masks, List<Term> terms, int x) {
            Ext2 bigX = Ext2.fromBase(x);
            Ext2 vanishing = Ext2.fromBase(Goldilocks.fromSigned((long) x * (1 - x))); // M(x) = x(1 − x)
            Ext2 total = Ext2.ZERO;
            for (int t = 0; t < terms.size(); t++) {
                Term term = terms.get(t);
                int f = term.first(), g = term.second();
                Ext2 value;
                if (term.single()) {
                    value = classSum(acc, f, null, bigX);
                    if (masks[f] != null) {
                        value = value.add(vanishing.mul(maskedWeights(acc, masks[f], null)));
                    }
                } else {
                    int q = quadraticAt + 6 * t;
                    Ext2 q0 = Ext2.at(acc, q / 2), q1 = Ext2.at(acc, q / 2 + 1), q2 = Ext2.at(acc, q / 2 + 2);
                    // the quadratic through (0, q0), (1, q1), (2, q2)
                    Ext2 second = q2.sub(q1.add(q1)).add(q0).mul(HALF);
                    value = q0.add(bigX.mul(q1.sub(q0))).add(bigX.mul(bigX.sub(Ext2.ONE)).mul(second));
                    Ext2 cross = Ext2.ZERO;
                    if (masks[f] != null) {
                        cross = cross.add(classSum(acc, g, masks[f], bigX));
                    }
                    if (masks[g] != null) {
                        cross = cross.add(classSum(acc, f, masks[g], bigX));
                    }
                    value = value.add(vanishing.mul(cross));
                    if (masks[f] != null && masks[g] != null) {
                        value = value.add(vanishing.square().mul(maskedWeights(acc, masks[f], masks[g])));
                    }
                }
                total = total.add(term.coefficient().mul(value));
            }
            return total;
        }

        /** Σ_m R(m)·S_k,m(x) (R = 1 when null), S_k,m the class sums of w·f_k, linear in x. */
        private Ext2 classSum(long[] acc, int k, long[] mask, Ext2 x) {
            Ext2 sum = Ext2.ZERO;
            for (int m = 0; m < CLASSES; m++) {
                int s = (sumAt[k] + 4 * m) / 2;
                Ext2 lo = Ext2.at(acc, s), hi = Ext2.at(acc, s + 1);
                Ext2 at = lo.add(x.mul(hi.sub(lo)));
                sum = sum.add(mask == null ? at : Ext2.at(mask, m).mul(at));
            }
            return sum;
        }

        /** Σ_m R(m)·R'(m)·W_m (R' = 1 when null), W_m = Σ_{i ≡ m} w_i. */
        private Ext2 maskedWeights(long[] acc, long[] mask, long[] other) {
            Ext2 sum = Ext2.ZERO;
            for (int m = 0; m < CLASSES; m++) {
                Ext2 r = Ext2.at(mask, m);
                if (other != null) {
                    r = r.mul(Ext2.at(other, m));
                }
                sum = sum.add(r.mul(Ext2.at(acc, classWeightsAt / 2 + m)));
            }
            return sum;
        }
    }
}
