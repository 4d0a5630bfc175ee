package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of the rewritten round 0 of {@link MaskedInstance} (values stepped by additions, ±1
 * coefficients added, eq once per point) against the definition, evaluated directly in Ext2:
 * s(X) = Σ_i eq(z, (X, i))·Σ_t c_t·Π_k f'_k(X, i) with f'_k(X, i) = (1 − X)·lo + X·hi + X(1 − X)·R_k(i).
 * Inputs: tables and masks with non-canonical words (p, p + k, 2^64 − 1), the lookup zero-check's
 * shape h·A·B − A − B (A, B masked, one of them possibly unmasked), coefficients ±1, 0 and a
 * general extension element, a factor repeated in one term, and tables no term uses. Also: the
 * polynomial through the d0 + 1 values the prover sends has the degree the instance states (the
 * definition at X = d0 + 1 lies on it), and a whole sumcheck with those degrees verifies and ends in
 * the masked values. The shapes of products of at most two tables (pairs, convolution,
 * baseUnmasked, fraction, unitFraction, lookup1) run through {@link MaskedRoundZero}'s expansion of
 * the masks, some with base-field tables.
 */
class MaskedRound0ReviewTest {
    private static final long[] ODD = {Goldilocks.P, Goldilocks.P + 1, Goldilocks.P + 12345, -1L, -2L};

    private static long[] words(int n, SplittableRandom r) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(4) == 0 ? ODD[r.nextInt(ODD.length)] : Rand.field(r);
        }
        return t;
    }

    private static Ext2 at(long[] interleaved, int i) {
        return Ext2.of(interleaved[2 * i], interleaved[2 * i + 1]);
    }

    /** f'_k at (X, pair i): (1 − X)·t[2i] + X·t[2i + 1] + X(1 − X)·R(i mod 16). */
    private static Ext2 value(long[] table, long[] mask, int i, Ext2 x) {
        Ext2 lo = at(table, 2 * i), hi = at(table, 2 * i + 1);
        Ext2 v = Ext2.ONE.sub(x).mul(lo).add(x.mul(hi));
        if (mask != null) {
            v = v.add(x.mul(Ext2.ONE.sub(x)).mul(at(mask, i & (MaskedInstance.MASK_SIZE - 1))));
        }
        return v;
    }

    private static Ext2 reference(long[][] tables, long[][] masks, List<ProductSumInstance.Term> terms, Ext2[] eq, Ext2 x) {
        int pairs = tables[0].length / 4;
        int n = Multilinear.numVars(tables[0].length / 2);
        Ext2 total = Ext2.ZERO;
        for (int i = 0; i < pairs; i++) {
            Ext2 w = Ext2.ONE;
            if (eq != null) {
                w = Ext2.ONE.sub(eq[0]).mul(Ext2.ONE.sub(x)).add(eq[0].mul(x));
                for (int j = 1; j < n; j++) {
                    boolean bit = ((i >>> (j - 1)) & 1) == 1;
                    w = w.mul(bit ? eq[j] : Ext2.ONE.sub(eq[j]));
                }
            }
            Ext2 s = Ext2.ZERO;
            for (ProductSumInstance.Term t : terms) {
                Ext2 p = t.coefficient();
                for (int k : t.tables()) {
                    p = p.mul(value(tables[k], masks[k], i, x));
                }
                s = s.add(p);
            }
            total = total.add(w.mul(s));
        }
        return total;
    }

    @ParameterizedTest(name = "n={0} eq={1} shape={2}")
    @CsvSource({"5,true,lookup2", "5,false,lookup2", "7,true,lookup2", "6,true,lookup1", "6,true,halfMasked", "7,true,general",
            "7,false,general", "8,true,lookup2", "6,true,pairs", "6,false,pairs", "9,false,pairs", "5,true,convolution",
            "7,false,convolution", "6,true,fraction", "6,true,unitFraction", "5,false,unitFraction", "6,true,baseUnmasked",
            "6,false,baseUnmasked"})
    void roundZeroIsTheDefinition(int n, boolean withEq, String shape) throws Exception {
        SplittableRandom r = new SplittableRandom(n * 31L + shape.hashCode() + (withEq ? 1 : 0));
        int size = 1 << n;
        // tables: 0 h, 1 A, 2 B, 3 ones, 4 unused (masked), 5 C
        long[][] tables = new long[6][];
        for (int k = 0; k < tables.length; k++) {
            tables[k] = words(2 * size, r);
        }
        long[] ones = new long[2 * size];
        for (int i = 0; i < size; i++) {
            ones[2 * i] = 1;
        }
        tables[3] = ones;
        long[][] masks = new long[6][];
        for (int k : new int[] {0, 1, 2, 4, 5}) {
            masks[k] = words(2 * MaskedInstance.MASK_SIZE, r);
        }
        if (shape.equals("halfMasked")) {
            masks[2] = null; // an operand whose columns are all public
        }
        if (Set.of("pairs", "convolution", "baseUnmasked").contains(shape)) { // base-field tables (lifted witness columns)
            for (int k : new int[] {1, 2}) {
                for (int i = 0; i < size; i++) {
                    tables[k][2 * i + 1] = i % 3 == 0 ? Goldilocks.P : 0; // p is a non-canonical zero
                }
            }
        }
        if (Set.of("convolution", "baseUnmasked").contains(shape)) {
            masks[0] = null;
        }
        if (shape.equals("baseUnmasked")) {
            masks[1] = null;
        }
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        Ext2 minusOne = Ext2.ONE.neg();
        switch (shape) {
            case "lookup1" -> {
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 0, 1));
                terms.add(new ProductSumInstance.Term(minusOne, 3));
            }
            case "lookup2", "halfMasked" -> {
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 0, 1, 2));
                terms.add(new ProductSumInstance.Term(minusOne, 2));
                terms.add(new ProductSumInstance.Term(minusOne, 1));
            }
            case "pairs" -> { // MaskedRoundZero: products of two tables, base or extension, masked or not, and single tables
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 0, 1));
                terms.add(new ProductSumInstance.Term(Ext2.of(5, 9), 1, 2));
                terms.add(new ProductSumInstance.Term(minusOne, 5));
                terms.add(new ProductSumInstance.Term(Ext2.of(3, 4), 2, 2));
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 3, 1));
                terms.add(new ProductSumInstance.Term(Ext2.fromBase(7), 2));
            }
            case "convolution", "baseUnmasked" -> { // an unmasked extension table times a masked (or unmasked) base one, and back
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 0, 1));
                terms.add(new ProductSumInstance.Term(Ext2.of(2, 1), 2, 0));
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 1, 2));
            }
            case "fraction" -> { // a fraction layer: p_L q_R + p_R q_L + μ q_L q_R
                Ext2 mu = Rand.ext(r);
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 0, 2));
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 5, 1));
                terms.add(new ProductSumInstance.Term(mu, 1, 2));
            }
            case "unitFraction" -> { // all-one numerators: q_R + q_L + μ q_L q_R
                Ext2 mu = Rand.ext(r);
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 1));
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 2));
                terms.add(new ProductSumInstance.Term(mu, 1, 2));
            }
            default -> {
                terms.add(new ProductSumInstance.Term(Ext2.of(5, 9), 0, 1, 1, 5)); // a repeated factor, a general coefficient
                terms.add(new ProductSumInstance.Term(Ext2.ZERO, 2, 5));
                terms.add(new ProductSumInstance.Term(minusOne, 3));
                terms.add(new ProductSumInstance.Term(Ext2.ONE, 5));
                terms.add(new ProductSumInstance.Term(Ext2.fromBase(Goldilocks.P - 2), 0, 2));
            }
        }
        Ext2[] eq = withEq ? Rand.point(n, r) : null;
        long[][] tablesCopy = new long[tables.length][];
        long[][] masksCopy = new long[masks.length][];
        for (int k = 0; k < tables.length; k++) {
            tablesCopy[k] = tables[k].clone();
            masksCopy[k] = masks[k] == null ? null : masks[k].clone();
        }
        MaskedInstance inst = new MaskedInstance(tables, masks, terms, eq);
        int d0 = inst.degree(0);
        Ext2 claim = reference(tablesCopy, masksCopy, terms, eq, Ext2.ZERO).add(reference(tablesCopy, masksCopy, terms, eq, Ext2.ONE));
        Ext2[] sent = inst.roundValues(claim);
        assertEquals(d0 + 1, sent.length);
        for (int x = 0; x <= d0; x++) {
            assertEquals(reference(tablesCopy, masksCopy, terms, eq, Ext2.fromBase(x)), sent[x], "s(" + x + ")");
        }
        for (Ext2 x : new Ext2[] {Ext2.fromBase(d0 + 1), Rand.ext(r)}) {
            assertEquals(reference(tablesCopy, masksCopy, terms, eq, x), io.zkml4j.core.poly.Univariate.evaluate(sent, x), "s has the stated degree " + d0);
        }
        for (int k = 0; k < tables.length; k++) { // inputs untouched
            org.junit.jupiter.api.Assertions.assertArrayEquals(tablesCopy[k], tables[k]);
            if (masks[k] != null) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(masksCopy[k], masks[k]);
            }
        }

        // a whole sumcheck with the instance's degrees verifies and ends in the masked values
        MaskedInstance fresh = new MaskedInstance(tablesCopy, masksCopy, terms, eq);
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, "review/round0");
        Sumcheck.prove(fresh, claim, p, "s");
        Ext2[] finals = fresh.finalTableValues();
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, "review/round0", p.proof());
        Sumcheck.Verification res = Sumcheck.verify(claim, fresh.roundDegrees(), v, "s");
        v.finish();
        Ext2[] pt = res.point();
        Ext2[] f = new Ext2[tables.length];
        for (int k = 0; k < tables.length; k++) {
            Ext2 plain = Multilinear.evaluateExt(canonical(tablesCopy[k]), pt);
            f[k] = masksCopy[k] == null ? plain : MaskedInstance.maskedValue(plain, canonical(masksCopy[k]), pt);
            assertEquals(f[k], finals[k], "final value of table " + k);
        }
        Ext2 expected = Ext2.ZERO;
        for (ProductSumInstance.Term t : terms) {
            Ext2 prod = t.coefficient();
            for (int k : t.tables()) {
                prod = prod.mul(f[k]);
            }
            expected = expected.add(prod);
        }
        res.check(withEq ? expected.mul(Multilinear.eq(eq, pt)) : expected);
    }

    private static long[] canonical(long[] t) {
        long[] c = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            c[i] = Goldilocks.canonical(t[i]);
        }
        return c;
    }
}
