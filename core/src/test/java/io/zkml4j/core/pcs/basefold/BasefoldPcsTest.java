package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Basefold commitment: honest openings verify at every size; a wrong value, point or
 * commitment, every altered proof element, a prover that commits one table and opens another, and a
 * committed word far from the code are each rejected; the parameters reach their stated bits.
 */
class BasefoldPcsTest {
    static final String PROTOCOL = "zkml4j/test/basefold/v1";
    static final BasefoldParameters FAST = new BasefoldParameters(2, 1, 24, 0);

    static long[] table(Random rnd, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) {
            t[i] = Goldilocks.uniform(rnd);
        }
        return t;
    }

    static Ext2[] point(Random rnd, int n) {
        Ext2[] z = new Ext2[n];
        for (int i = 0; i < n; i++) {
            z[i] = Ext2.of(Goldilocks.uniform(rnd), Goldilocks.uniform(rnd));
        }
        return z;
    }

    static byte[] prove(BasefoldPcs.Committed c, Ext2[] z, HashFunction hash) {
        FiatShamirProver p = new FiatShamirProver(hash, PROTOCOL);
        BasefoldPcs.open(c, z, p, "pcs");
        return p.proof();
    }

    static void verify(BasefoldPcs.Commitment c, Ext2[] z, Ext2 value, byte[] proof, HashFunction hash) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(hash, PROTOCOL, proof);
        BasefoldPcs.verify(c, z, value, hash, v, "pcs");
        v.finish();
    }

    /** The table's values are P's coefficients; position j holds P(ω^bitrev(j)). */
    @Test
    void theCodewordIsTheTablePolynomialOnTheRootsOfUnityInBitReversedOrder() {
        Random rnd = new Random(1);
        long[] t = table(rnd, 3);
        long[] codeword = BasefoldPcs.encode(t, 2);
        long omega = Goldilocks.rootOfUnity(5);
        for (int j = 0; j < codeword.length; j++) {
            long x = Goldilocks.pow(omega, Integer.reverse(j) >>> 27);
            long p = 0;
            for (int k = t.length - 1; k >= 0; k--) {
                p = Goldilocks.add(Goldilocks.mul(p, x), Goldilocks.canonical(t[k]));
            }
            assertEquals(p, Goldilocks.canonical(codeword[j]), "position " + j);
        }
    }

    @Test
    void honestOpeningsVerifyAtEverySizeWithBothHashes() throws Exception {
        Random rnd = new Random(2);
        for (HashFunction hash : new HashFunction[] {Sha256.INSTANCE, Keccak256.INSTANCE}) {
            for (int arity = 1; arity <= 4; arity++) {
                // both regimes: quadratic challenges with SHA-256, quartic (list decoding) with Keccak
                BasefoldParameters params = new BasefoldParameters(2, arity, 24, 0, hash == Keccak256.INSTANCE);
                for (int n = 1; n <= 10; n++) {
                    long[] t = table(rnd, n);
                    Ext2[] z = point(rnd, n);
                    BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, hash);
                    byte[] proof = prove(c, z, hash);
                    String what = "n = " + n + ", arity 2^" + arity + ", " + hash.name();
                    assertDoesNotThrow(() -> verify(c.commitment(), z, c.evaluate(z), proof, hash), what);
                }
            }
        }
    }

    @Test
    void aWrongValuePointOrCommitmentIsRejected() {
        Random rnd = new Random(3);
        int n = 7;
        long[] t = table(rnd, n);
        Ext2[] z = point(rnd, n);
        BasefoldPcs.Committed c = BasefoldPcs.commit(FAST, t, Sha256.INSTANCE);
        byte[] proof = prove(c, z, Sha256.INSTANCE);
        Ext2 value = c.evaluate(z);
        assertThrows(InvalidProofException.class, () -> verify(c.commitment(), z, value.add(Ext2.ONE), proof, Sha256.INSTANCE));
        Ext2[] other = z.clone();
        other[n - 1] = other[n - 1].add(Ext2.ONE);
        assertThrows(InvalidProofException.class, () -> verify(c.commitment(), other, value, proof, Sha256.INSTANCE));
        BasefoldPcs.Committed another = BasefoldPcs.commit(FAST, table(rnd, n), Sha256.INSTANCE);
        assertThrows(InvalidProofException.class, () -> verify(another.commitment(), z, value, proof, Sha256.INSTANCE));
        // a proof made in one regime does not verify in the other (the challenges and value widths differ)
        BasefoldParameters quartic = new BasefoldParameters(FAST.logBlowup(), FAST.logArity(), FAST.queries(), FAST.grindingBits(), true);
        BasefoldPcs.Commitment asQuartic = new BasefoldPcs.Commitment(quartic, n, c.commitment().root(), value);
        assertThrows(InvalidProofException.class, () -> verify(asQuartic, z, value, proof, Sha256.INSTANCE));
    }

    @Test
    void everyProofElementMatters() {
        Random rnd = new Random(4);
        int n = 5;
        for (int arity : new int[] {1, 3}) { // with arity 2^3, a layer of 3 folds and one of 2
            long[] t = table(rnd, n);
            Ext2[] z = point(rnd, n);
            BasefoldPcs.Committed c = BasefoldPcs.commit(new BasefoldParameters(2, arity, 6, 0), t, Sha256.INSTANCE);
            byte[] proof = prove(c, z, Sha256.INSTANCE);
            ProofMutator.assertEveryElementMatters(proof, 1, p -> verify(c.commitment(), z, c.evaluate(z), p, Sha256.INSTANCE));
        }
    }

    /**
     * List decoding: the commitment pins its codeword by the value at an out-of-domain point drawn
     * from the root, and an opening goes through the line from the claimed point to that one. A
     * commitment stating another out-of-domain value is refused, as is a line that does not start
     * at the claimed value; every element of the proof matters, the line's included; the point
     * depends on the root alone.
     */
    @Test
    void aPinnedCommitmentChecksItsOutOfDomainValue() {
        Random rnd = new Random(6);
        int n = 5;
        BasefoldParameters pinned = new BasefoldParameters(2, 3, 6, 0, true);
        long[] t = table(rnd, n);
        Ext2[] z = point(rnd, n);
        BasefoldPcs.Committed c = BasefoldPcs.commit(pinned, t, Sha256.INSTANCE);
        BasefoldPcs.Commitment commitment = c.commitment();
        Ext2[] outside = BasefoldPcs.outOfDomainPoint(commitment.root(), n, Sha256.INSTANCE);
        assertEquals(c.evaluate(outside), commitment.outOfDomainValue());
        assertTrue(java.util.Arrays.equals(outside, BasefoldPcs.outOfDomainPoint(commitment.root(), n, Sha256.INSTANCE)), "a function of the root");
        byte[] proof = prove(c, z, Sha256.INSTANCE);
        Ext2 value = c.evaluate(z);
        assertDoesNotThrow(() -> verify(commitment, z, value, proof, Sha256.INSTANCE));
        BasefoldPcs.Commitment otherValue = new BasefoldPcs.Commitment(pinned, n, commitment.root(), commitment.outOfDomainValue().add(Ext2.ONE));
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(otherValue, z, value, proof, Sha256.INSTANCE));
        assertTrue(e.getMessage().contains("out-of-domain"), e.getMessage());
        ProofMutator.assertEveryElementMatters(proof, 1, p -> verify(commitment, z, value, p, Sha256.INSTANCE));
        // A claimed value other than the line's start: refused before the folds.
        FiatShamirProver lying = new FiatShamirProver(Sha256.INSTANCE, PROTOCOL);
        BasefoldPcs.open(c, z, lying, "pcs", new FoldedEvaluation.Deviation() {
            @Override
            public Ext2 value(Ext2 honest) {
                return honest.add(Ext2.ONE);
            }
        });
        e = assertThrows(InvalidProofException.class, () -> verify(commitment, z, value.add(Ext2.ONE), lying.proof(), Sha256.INSTANCE));
        assertTrue(e.getMessage().contains("does not start at the claimed value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BasefoldPcs.Commitment(pinned, n, commitment.root()), "no out-of-domain value");
        assertThrows(IllegalArgumentException.class, () -> new BasefoldPcs.Commitment(FAST, n, commitment.root(), value), "one in unique decoding");
    }

    /**
     * A prover that commits to f and then runs the opening for another table g (whose value at z it
     * claims): the sumcheck and the folds it computes are g's, the committed codeword is f's, so the
     * first layer's folds disagree with the second layer at the queried positions.
     */
    @Test
    void committingOneTableAndOpeningAnotherIsRejected() {
        Random rnd = new Random(5);
        int n = 8;
        long[] f = table(rnd, n);
        long[] g = f.clone();
        g[17] = Goldilocks.add(g[17], 1); // one entry differs
        Ext2[] z = point(rnd, n);
        BasefoldPcs.Committed honest = BasefoldPcs.commit(FAST, f, Sha256.INSTANCE);
        BasefoldPcs.Committed lying = BasefoldPcs.commitCodeword(FAST, g, BasefoldPcs.encode(f, FAST.logBlowup()), Sha256.INSTANCE);
        assertEquals(honest.commitment().root().length, lying.commitment().root().length);
        assertTrue(java.util.Arrays.equals(honest.commitment().root(), lying.commitment().root()), "the same commitment");
        byte[] proof = prove(lying, z, Sha256.INSTANCE);
        // Its folds are f's, so the constant it reaches is f(r), not the g(r) its sumcheck ends on.
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> verify(honest.commitment(), z, lying.evaluate(z), proof, Sha256.INSTANCE));
        assertTrue(e.getMessage().contains("the folded constant does not match"), e.getMessage());
    }

    /** A committed word that is not a codeword (a quarter of its positions changed) fails the queries, at every arity. */
    @Test
    void aWordFarFromTheCodeIsRejected() {
        Random rnd = new Random(6);
        int n = 8;
        for (int arity = 1; arity <= 4; arity++) {
            BasefoldParameters params = new BasefoldParameters(2, arity, 24, 0);
            long[] t = table(rnd, n);
            long[] word = BasefoldPcs.encode(t, params.logBlowup());
            for (int j = 0; j < word.length; j += 4) {
                word[j] = Goldilocks.uniform(rnd);
            }
            BasefoldPcs.Committed far = BasefoldPcs.commitCodeword(params, t, word, Sha256.INSTANCE);
            Ext2[] z = point(rnd, n);
            byte[] proof = prove(far, z, Sha256.INSTANCE);
            assertThrows(InvalidProofException.class, () -> verify(far.commitment(), z, far.evaluate(z), proof, Sha256.INSTANCE),
                    "arity 2^" + arity);
        }
    }

    /**
     * A prover that folds honestly but changes one value of one folded codeword before committing
     * to it (so every Merkle path it sends is consistent): the queries through that position catch
     * the broken fold. With 200 queries over 32 leaves every position is queried.
     */
    @Test
    void aFoldChangedInOnePlaceIsCaught() throws Exception {
        Random rnd = new Random(7);
        int n = 6;
        BasefoldParameters params = new BasefoldParameters(1, 2, 200, 0); // 2^5 leaves in layer 0
        long[] t = table(rnd, n);
        Ext2[] z = point(rnd, n);
        BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, Sha256.INSTANCE);
        for (int round : new int[] {1, 2, 3}) { // the codeword committed as layer 1 (after round 1), a virtual one, layer 2
            FiatShamirProver p = new FiatShamirProver(Sha256.INSTANCE, PROTOCOL);
            int tampered = round;
            BasefoldPcs.open(c, z, p, "pcs", new FoldedEvaluation.Deviation() {
                @Override
                public void afterFold(long[] codeword, int i, Ext4 r) {
                    if (i == tampered) {
                        codeword[4 * 5] = Goldilocks.add(codeword[4 * 5], 1);
                    }
                }
            });
            byte[] proof = p.proof();
            InvalidProofException e = assertThrows(InvalidProofException.class,
                    () -> verify(c.commitment(), z, c.evaluate(z), proof, Sha256.INSTANCE), "a changed fold after round " + round);
            assertTrue(e.getMessage().contains("folds of layer") || e.getMessage().contains("folded constant"), e.getMessage());
        }
        FiatShamirProver honest = new FiatShamirProver(Sha256.INSTANCE, PROTOCOL);
        BasefoldPcs.open(c, z, honest, "pcs", FoldedEvaluation.Deviation.HONEST);
        verify(c.commitment(), z, c.evaluate(z), honest.proof(), Sha256.INSTANCE);
    }

    @Test
    void parametersReachTheirStatedBits() {
        BasefoldParameters d = BasefoldParameters.defaults();
        assertTrue(!d.listDecoding() && d.securityBits(22) >= 100, "defaults at 2^22: " + d.securityBits(22));
        assertTrue(new BasefoldParameters(d.logBlowup(), d.logArity(), d.queries() - 1, d.grindingBits()).securityBits(22) < 100,
                "the fewest queries");
        // Rate 1/8: a query passes a word just under 7/16-far with probability just over 9/16 (0.83 bits);
        // 84 bits after 16 of grinding, plus the folding (2^-102) and sumcheck terms: 102 queries (computed by hand).
        assertEquals(102, d.queries());
        assertEquals(100.185, d.securityBits(22), 0.001);
        assertEquals(100.67, d.bindingBits(22), 0.01);
        // The folding term 2·2^(n+β)/p² caps what any number of queries reaches: 2^-100 at 2^24 values, rate 1/8.
        assertTrue(new BasefoldParameters(3, 4, 4096, 30).securityBits(24) <= 100.0);
        assertThrows(IllegalArgumentException.class, () -> BasefoldParameters.forSecurity(100, 3, 4, 16, 24));
        // List decoding, rate 1/16 (Haböck's Theorem 1 with m = 256, and the pinning): a query passes a
        // word θ-far with probability 1 − θ = (1 + 1/512)·√(1/16) = 0.25049, 1.9972 bits; 16 of grinding
        // and 43 queries give 101.88 bits of Theorem 1, the folds' terms over p⁴ negligible; the list
        // within θ holds at most 769 codewords (Johnson), so pinning one costs (C(769, 2) + 769)·26/p²
        // = 2^-105.1, and together 101.73 bits (42 queries: 99.84). Binding is the same figure: two
        // openings to different values are claims about the one pinned codeword.
        BasefoldParameters l = BasefoldParameters.listDecodingDefaults();
        assertTrue(l.listDecoding());
        assertEquals(4, l.logBlowup());
        assertEquals(43, l.queries());
        assertEquals(101.73, l.securityBits(26), 0.01);
        assertTrue(new BasefoldParameters(4, 3, 42, 16, true).securityBits(26) < 100);
        assertEquals(l.securityBits(26), l.bindingBits(26));
        assertEquals(769, ListDecodingSoundness.listSize(26, 4, 256));
        assertEquals(105.1, ListDecodingSoundness.pinningBits(26, 4, 256, BasefoldParameters.LOG_QUADRATIC_FIELD), 0.05);
    }
}
