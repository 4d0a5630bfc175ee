package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

class SumcheckTest {
    static final String DS = "sumcheck-test/v1";
    static final List<ProductSumInstance.Term> TERMS = List.of(
            new ProductSumInstance.Term(Ext2.of(3, 1), 0, 1, 2),
            new ProductSumInstance.Term(Ext2.of(5, 0), 1),
            new ProductSumInstance.Term(Ext2.of(7, 2), 0, 2));

    static long[][] tables(int count, int n, boolean base, SplittableRandom r) {
        long[][] t = new long[count][];
        for (int i = 0; i < count; i++) {
            t[i] = base ? Rand.base(1 << n, r) : Rand.extTable(1 << n, r);
        }
        return t;
    }

    static Ext2 eval(long[] table, boolean base, Ext2[] point) {
        return base ? Multilinear.evaluateBase(table, point) : Multilinear.evaluateExt(table, point);
    }

    static Ext2[] evalAll(long[][] tables, boolean base, Ext2[] point) {
        Ext2[] out = new Ext2[tables.length];
        for (int k = 0; k < tables.length; k++) {
            out[k] = eval(tables[k], base, point);
        }
        return out;
    }

    /** Proves with Fiat–Shamir, then verifies including the final oracle check. */
    static void roundTrip(Function<long[][], SumcheckProverInstance> make, long[][] tables, boolean base, Ext2 claim,
                          int degree, Function<Ext2[], Ext2> oracle) throws Exception {
        int n = make.apply(tables).numVars();
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(make.apply(tables), claim, p, "sc");
        byte[] proof = p.proof();
        ProofMutator.assertEveryElementMatters(proof, 1, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            Sumcheck.Verification res = Sumcheck.verify(claim, n, degree, v, "sc");
            v.finish();
            res.check(oracle.apply(res.point()));
        });
        // A false claim is rejected.
        assertThrows(InvalidProofException.class, () -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
            Sumcheck.Verification res = Sumcheck.verify(claim.add(Ext2.ONE), n, degree, v, "sc");
            res.check(oracle.apply(res.point()));
        });
    }

    @ParameterizedTest
    @CsvSource({"0,true", "1,true", "2,false", "5,true", "5,false", "9,true"})
    void productSum(int n, boolean base) throws Exception {
        SplittableRandom r = new SplittableRandom(n * 2L + (base ? 1 : 0));
        long[][] t = tables(3, n, base, r);
        ProductSumInstance inst = new ProductSumInstance(t, base, TERMS);
        roundTrip(tb -> new ProductSumInstance(tb, base, TERMS), t, base, inst.sum(), 3,
                point -> ProductSumInstance.evaluateTerms(TERMS, evalAll(t, base, point)));
    }

    @ParameterizedTest
    @CsvSource({"0,true", "1,false", "3,true", "6,false", "11,true"})
    void innerProduct(int n, boolean base) throws Exception {
        SplittableRandom r = new SplittableRandom(100 + n);
        long[][] t = tables(2, n, base, r);
        Ext2 claim = new ProductSumInstance(t, base, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1))).sum();
        roundTrip(tb -> new InnerProductInstance(tb[0], tb[1], base), t, base, claim, 2,
                point -> eval(t[0], base, point).mul(eval(t[1], base, point)));
    }

    /** Terms with coefficient ±1 share one accumulator in {@link EqProductInstance}; mixed with others, the sums must not change. */
    static final List<ProductSumInstance.Term> MIXED_TERMS = List.of(
            new ProductSumInstance.Term(Ext2.ONE, 0, 1, 2),
            new ProductSumInstance.Term(Ext2.ONE.neg(), 1),
            new ProductSumInstance.Term(Ext2.of(3, 1), 0, 2),
            new ProductSumInstance.Term(Ext2.ONE.neg(), 0, 2),
            new ProductSumInstance.Term(Ext2.ONE, 2));

    @ParameterizedTest
    @CsvSource({"0,true,false", "1,true,false", "4,false,false", "8,true,false", "5,true,true", "6,false,true"})
    void eqWeightedProducts(int n, boolean base, boolean mixed) throws Exception {
        List<ProductSumInstance.Term> terms = mixed ? MIXED_TERMS : TERMS;
        SplittableRandom r = new SplittableRandom(200 + n);
        long[][] t = tables(3, n, base, r);
        Ext2[] z = Rand.point(n, r);
        // Σ eq(z, x)·P(x) equals the product sum with eq(z, ·) as an extra factor.
        long[] eq = Multilinear.eqTable(z);
        long[][] withEq = new long[4][];
        for (int k = 0; k < 3; k++) {
            withEq[k] = base ? io.zkml4j.core.poly.ExtVectors.fromBase(t[k]) : t[k];
        }
        withEq[3] = eq;
        List<ProductSumInstance.Term> eqTerms = terms.stream()
                .map(term -> {
                    int[] ks = java.util.Arrays.copyOf(term.tables(), term.tables().length + 1);
                    ks[ks.length - 1] = 3;
                    return new ProductSumInstance.Term(term.coefficient(), ks);
                }).toList();
        Ext2 claim = new ProductSumInstance(withEq, false, eqTerms).sum();
        roundTrip(tb -> new EqProductInstance(z, tb, base, terms), t, base, claim, 4,
                point -> Multilinear.eq(z, point).mul(ProductSumInstance.evaluateTerms(terms, evalAll(t, base, point))));
        // And the Σ eq·f·g shortcut.
        long[][] fg = {t[0], t[1]};
        Ext2 claimFg = new ProductSumInstance(new long[][] {withEq[0], withEq[1], eq}, false,
                List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1, 2))).sum();
        roundTrip(tb -> EqProductInstance.ofProduct(z, tb[0], tb[1], base), fg, base, claimFg, 3,
                point -> Multilinear.eq(z, point).mul(eval(t[0], base, point)).mul(eval(t[1], base, point)));
    }

    @Test
    void batchedInstancesWithDifferentSizes() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        int[] sizes = {3, 7, 0, 5};
        long[][][] t = new long[sizes.length][][];
        Ext2[] claims = new Ext2[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            t[i] = tables(3, sizes[i], i % 2 == 0, r);
            claims[i] = new ProductSumInstance(t[i], i % 2 == 0, TERMS).sum();
        }
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        List<SumcheckProverInstance> instances = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            instances.add(i == 1 ? new InnerProductInstance(t[i][0], t[i][1], false) : new ProductSumInstance(t[i], i % 2 == 0, TERMS));
        }
        Ext2[] batchClaims = claims.clone();
        batchClaims[1] = new ProductSumInstance(new long[][] {t[1][0], t[1][1]}, false,
                List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1))).sum();
        Sumcheck.proveBatched(instances, List.of(batchClaims), p, "batch");
        ProofMutator.assertEveryElementMatters(p.proof(), 1, bytes -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, bytes);
            Sumcheck.Verification res = Sumcheck.verifyBatched(List.of(batchClaims), sizes, 3, v, "batch");
            v.finish();
            Ext2[] finals = new Ext2[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                Ext2[] pt = res.point(i);
                boolean base = i % 2 == 0;
                finals[i] = i == 1 ? eval(t[1][0], false, pt).mul(eval(t[1][1], false, pt))
                        : ProductSumInstance.evaluateTerms(TERMS, evalAll(t[i], base, pt));
            }
            res.check(finals);
        });
        // Swapping two claims (a proof for another statement) is rejected.
        Ext2[] swapped = batchClaims.clone();
        swapped[0] = batchClaims[3];
        swapped[3] = batchClaims[0];
        assertThrows(InvalidProofException.class, () -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof());
            Sumcheck.Verification res = Sumcheck.verifyBatched(List.of(swapped), sizes, 3, v, "batch");
            Ext2[] finals = new Ext2[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                Ext2[] pt = res.point(i);
                finals[i] = i == 1 ? eval(t[1][0], false, pt).mul(eval(t[1][1], false, pt))
                        : ProductSumInstance.evaluateTerms(TERMS, evalAll(t[i], i % 2 == 0, pt));
            }
            res.check(finals);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void wrongFinalValueIsRejected(int n) throws Exception {
        SplittableRandom r = new SplittableRandom(300 + n);
        long[][] t = tables(2, n, true, r);
        Ext2 claim = new ProductSumInstance(t, true, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1))).sum();
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(new InnerProductInstance(t[0], t[1], true), claim, p, "sc");
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof());
        Sumcheck.Verification res = Sumcheck.verify(claim, n, 2, v, "sc");
        Ext2 truth = eval(t[0], true, res.point()).mul(eval(t[1], true, res.point()));
        res.check(truth);
        assertThrows(InvalidProofException.class, () -> res.check(truth.add(Ext2.ONE)));
    }

    @Test
    void wrongDegreeOrSizeIsRejected() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        long[][] t = tables(2, 4, true, r);
        Ext2 claim = new ProductSumInstance(t, true, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1))).sum();
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        Sumcheck.prove(new InnerProductInstance(t[0], t[1], true), claim, p, "sc");
        assertThrows(InvalidProofException.class, () -> Sumcheck.verify(claim, 4, 3, new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof()), "sc"));
        assertThrows(InvalidProofException.class, () -> {
            FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, p.proof());
            Sumcheck.verify(claim, 3, 2, v, "sc");
            v.finish();
        });
    }
}
