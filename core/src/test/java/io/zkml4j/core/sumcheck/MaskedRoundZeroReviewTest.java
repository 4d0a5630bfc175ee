package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of {@link MaskedRoundZero} against the definition evaluated pointwise in Ext2:
 * P(x) = Σ_i w_i·Σ_t c_t·Π_{k∈t} ((1 − x)·lo_k(i) + x·hi_k(i) + x(1 − x)·R_k(i mod 16)).
 * Random shapes: 1..7 variables (so fewer pairs than mask classes), tables read from offsets in
 * larger arrays, base-field tables, tables base in all but one entry, all-zero tables, null tables no
 * term names, masked and unmasked, single-factor terms, repeated factors [k, k], a table in several
 * terms, coefficients 0, ±1 and general, with and without eq weights, degrees 1..7.
 */
class MaskedRoundZeroReviewTest {
    private static Ext2 at(long[] a, int from, int i) {
        return Ext2.of(a[from + 2 * i], a[from + 2 * i + 1]);
    }

    private static Ext2 reference(long[][] arrays, int[] from, int numVars, long[][] masks, List<MaskedRoundZero.Term> terms, long[] eqRest, int x) {
        Ext2 bigX = Ext2.fromBase(x);
        Ext2 m = bigX.mul(Ext2.ONE.sub(bigX));
        Ext2 total = Ext2.ZERO;
        for (int i = 0; i < 1 << (numVars - 1); i++) {
            Ext2 w = eqRest == null ? Ext2.ONE : Ext2.of(eqRest[2 * i], eqRest[2 * i + 1]);
            Ext2 sum = Ext2.ZERO;
            for (MaskedRoundZero.Term t : terms) {
                Ext2 p = t.coefficient();
                for (int k : t.second() < 0 ? new int[] {t.first()} : new int[] {t.first(), t.second()}) {
                    Ext2 lo = at(arrays[k], from[k], 2 * i), hi = at(arrays[k], from[k], 2 * i + 1);
                    Ext2 v = Ext2.ONE.sub(bigX).mul(lo).add(bigX.mul(hi));
                    if (masks[k] != null) {
                        v = v.add(m.mul(Ext2.at(masks[k], i & 15)));
                    }
                    p = p.mul(v);
                }
                sum = sum.add(p);
            }
            total = total.add(w.mul(sum));
        }
        return total;
    }

    private static Ext2 coefficient(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> Ext2.ZERO;
            case 1 -> Ext2.ONE;
            case 2 -> Ext2.ONE.neg();
            case 3 -> Ext2.fromBase(Rand.field(r));
            default -> Rand.ext(r);
        };
    }

    @Test
    void expandedMasksMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(20261207);
        for (int trial = 0; trial < 1500; trial++) {
            int numVars = 1 + r.nextInt(7);
            int n = 1 << numVars;
            int tables = 1 + r.nextInt(5);
            long[][] arrays = new long[tables][];
            long[][] masks = new long[tables][];
            int[] from = new int[tables];
            List<MaskedRoundZero.Term> terms = new ArrayList<>();
            boolean[] named = new boolean[tables];
            int termCount = 1 + r.nextInt(4);
            for (int t = 0; t < termCount; t++) {
                int f = r.nextInt(tables);
                int kind = r.nextInt(4);
                int g = kind == 0 ? -1 : kind == 1 ? f : r.nextInt(tables);
                terms.add(new MaskedRoundZero.Term(coefficient(r), f, g));
                named[f] = true;
                if (g >= 0) {
                    named[g] = true;
                }
            }
            for (int k = 0; k < tables; k++) {
                if (!named[k] && r.nextBoolean()) {
                    continue; // a null table no term names
                }
                from[k] = r.nextInt(3) == 0 ? 0 : r.nextInt(40);
                long[] a = new long[from[k] + 2 * n + r.nextInt(6)];
                for (int j = 0; j < a.length; j++) {
                    a[j] = Rand.field(r); // junk around the table too
                }
                int shape = r.nextInt(5);
                for (int j = 0; j < n; j++) {
                    switch (shape) {
                        case 0, 1 -> a[from[k] + 2 * j + 1] = 0; // base field
                        case 2 -> {
                            a[from[k] + 2 * j] = 0;
                            a[from[k] + 2 * j + 1] = 0;
                        }
                        default -> { }
                    }
                }
                if (shape == 1) { // base in all but one entry
                    a[from[k] + 2 * r.nextInt(n) + 1] = Rand.field(r);
                }
                arrays[k] = a;
                if (r.nextInt(3) != 0) {
                    long[] mask = new long[32];
                    for (int j = 0; j < 32; j++) {
                        mask[j] = r.nextInt(8) == 0 ? 0 : Rand.field(r);
                    }
                    masks[k] = mask;
                }
            }
            long[] eqRest = r.nextInt(3) == 0 ? null : Multilinear.eqTable(Rand.point(numVars - 1, r));
            int degree = 1 + r.nextInt(7);
            Ext2[] got = MaskedRoundZero.values(arrays, from, numVars, masks, terms, eqRest, degree);
            assertEquals(degree + 1, got.length);
            for (int x = 0; x <= degree; x++) {
                assertEquals(reference(arrays, from, numVars, masks, terms, eqRest, x), got[x],
                        "trial " + trial + ", " + numVars + " variables, terms " + terms + ", x = " + x);
            }
        }
    }

    /** A MaskedInstance of two-table terms: round 0's values against the definition, with eq, and the sum of s(0) + s(1) equal to the claim. */
    @Test
    void maskedInstanceRoundZeroIsTheDefinition() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            int numVars = 5 + r.nextInt(3);
            int n = 1 << numVars;
            long[][] tables = new long[3][];
            long[][] masks = new long[3][];
            for (int k = 0; k < 3; k++) {
                tables[k] = Rand.extTable(n, r);
                if (k == 1) {
                    for (int j = 0; j < n; j++) {
                        tables[k][2 * j + 1] = 0;
                    }
                }
                if (r.nextBoolean()) {
                    masks[k] = Rand.extTable(16, r);
                }
            }
            List<ProductSumInstance.Term> terms = List.of(new ProductSumInstance.Term(Rand.ext(r), 0, 1),
                    new ProductSumInstance.Term(Ext2.ONE, 2), new ProductSumInstance.Term(Ext2.ONE.neg(), 1, 1));
            Ext2[] eq = r.nextBoolean() ? null : Rand.point(numVars, r);
            MaskedInstance inst = new MaskedInstance(tables, masks, terms, eq);
            // the honest claim: the sum over the cube (masks vanish there)
            Ext2 claim = Ext2.ZERO;
            for (int i = 0; i < n; i++) {
                Ext2 wi = eq == null ? Ext2.ONE : Multilinear.eq(eq, bits(i, numVars));
                Ext2 v = terms.get(0).coefficient().mul(Ext2.at(tables[0], i)).mul(Ext2.at(tables[1], i))
                        .add(Ext2.at(tables[2], i)).sub(Ext2.at(tables[1], i).square());
                claim = claim.add(wi.mul(v));
            }
            Ext2[] s = inst.roundValues(claim);
            assertEquals(claim, s[0].add(s[1]), "trial " + trial);
            List<MaskedRoundZero.Term> mterms = MaskedRoundZero.of(terms);
            long[] eqRest = eq == null ? null : Multilinear.eqTable(java.util.Arrays.copyOfRange(eq, 1, numVars));
            for (int x = 0; x < s.length; x++) {
                Ext2 p = reference(tables, new int[3], numVars, masks, mterms, eqRest, x);
                if (eq != null) {
                    Ext2 X = Ext2.fromBase(x);
                    p = p.mul(Ext2.ONE.sub(eq[0]).mul(Ext2.ONE.sub(X)).add(eq[0].mul(X)));
                }
                assertEquals(p, s[x], "trial " + trial + " x = " + x);
            }
        }
    }

    private static Ext2[] bits(int i, int n) {
        Ext2[] b = new Ext2[n];
        for (int j = 0; j < n; j++) {
            b[j] = ((i >>> j) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
        }
        return b;
    }
}
