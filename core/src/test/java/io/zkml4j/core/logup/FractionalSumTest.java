package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class FractionalSumTest {
    static final String DS = "fraction-test/v1";

    /** Random trees (sizes 2^vars) whose fractions sum to zero: the last leaf's numerator is solved for. */
    static List<long[][]> zeroSumTrees(int[] vars, SplittableRandom r) {
        List<long[][]> trees = new ArrayList<>();
        Ext2 sum = Ext2.ZERO;
        for (int v : vars) {
            long[] p = Rand.extTable(1 << v, r), q = Rand.extTable(1 << v, r);
            trees.add(new long[][] {p, q});
            for (int i = 0; i < 1 << v; i++) {
                sum = sum.add(Ext2.at(p, i).mul(Ext2.at(q, i).inverse()));
            }
        }
        long[][] last = trees.get(trees.size() - 1);
        Ext2 p0 = Ext2.at(last[0], 0), q0 = Ext2.at(last[1], 0);
        // new p0 = p0 − sum·q0 removes the total
        p0.sub(sum.mul(q0)).store(last[0], 0);
        return trees;
    }

    static byte[] prove(List<long[][]> trees) {
        FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, DS);
        FractionalSum.prove(trees.stream().map(t -> t[0]).toList(), trees.stream().map(t -> t[1]).toList(), p, "fs");
        return p.proof();
    }

    static void verify(List<long[][]> trees, int[] vars, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(Sha256.INSTANCE, DS, proof);
        List<FractionalSum.LeafClaim> leaves = FractionalSum.verify(vars, v, "fs");
        v.finish();
        for (int t = 0; t < vars.length; t++) {
            FractionalSum.LeafClaim c = leaves.get(t);
            InvalidProofException.check(Multilinear.evaluateExt(trees.get(t)[0], c.point()).equals(c.numerator()), "numerator %d", t);
            InvalidProofException.check(Multilinear.evaluateExt(trees.get(t)[1], c.point()).equals(c.denominator()), "denominator %d", t);
        }
    }

    @Test
    void treesOfDifferentDepthsAreProvedTogether() throws Exception {
        int[] vars = {3, 0, 6, 6, 1};
        List<long[][]> trees = zeroSumTrees(vars, new SplittableRandom(1));
        byte[] proof = prove(trees);
        ProofMutator.assertEveryElementMatters(proof, 1, bytes -> verify(trees, vars, bytes));
    }

    @Test
    void singleTree() throws Exception {
        for (int n : new int[] {0, 1, 2, 9}) {
            int[] vars = {n};
            List<long[][]> trees = zeroSumTrees(vars, new SplittableRandom(n));
            verify(trees, vars, prove(trees));
        }
    }

    @Test
    void nonZeroSumIsRejected() {
        int[] vars = {4, 2};
        List<long[][]> trees = zeroSumTrees(vars, new SplittableRandom(2));
        trees.get(0)[0][6] ^= 1; // change one numerator
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(trees, vars, prove(trees)));
        assertTrue(e.getMessage().contains("do not sum to zero"), e.getMessage());
    }

    @Test
    void zeroDenominatorIsRejected() {
        int[] vars = {3};
        List<long[][]> trees = zeroSumTrees(vars, new SplittableRandom(3));
        long[] q = trees.get(0)[1];
        Arrays.fill(q, 4, 6, 0); // denominator 2 is zero
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(trees, vars, prove(trees)));
        assertTrue(e.getMessage().contains("denominator is zero"), e.getMessage());
    }

    @Test
    void allOnesNumeratorsMatchExplicitOnes() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        long[] q = Rand.extTable(1 << 5, r);
        long[] ones = io.zkml4j.core.poly.ExtVectors.fromBase(filled(1 << 5));
        FractionTree implicit = new FractionTree(null, q);
        FractionTree explicit = new FractionTree(ones, q);
        assertEquals(explicit.rootNumerator(), implicit.rootNumerator());
        assertEquals(explicit.rootDenominator(), implicit.rootDenominator());
    }

    static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }
}
