package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The folding argument on its own, with a first word the test holds: honest words at every shape,
 * words that are far from the code or of too high a degree, and dishonest provers that deviate in
 * one place (a false value with a consistent sumcheck, one fold shifted at any round, a committed
 * layer changed in one leaf), each rejected where it should be.
 */
class FoldedEvaluationTest {
    static final String PROTOCOL = "folded-evaluation-test/v1";

    /**
     * {numVars, logBlowup, logArity, firstFolds}: one round, rounds below, at and past the arity, β
     * from 1 to 3, first leaves of pairs and of up to 16 values (all the rounds, or fewer).
     */
    static final int[][] SHAPES = {{1, 1, 1, 1}, {1, 3, 4, 1}, {2, 1, 2, 1}, {2, 2, 3, 2}, {3, 2, 2, 1}, {4, 3, 4, 1}, {4, 1, 2, 4},
        {5, 1, 3, 1}, {5, 2, 2, 3}, {6, 2, 2, 1}, {7, 3, 4, 1}, {7, 1, 3, 4}, {9, 2, 3, 1}};

    static FoldedEvaluation.Shape shape(int[] s, int queries, HashFunction hash) {
        return shape(s, queries, hash, true);
    }

    static FoldedEvaluation.Shape shape(int[] s, int queries, HashFunction hash, boolean quartic) {
        return new FoldedEvaluation.Shape(s[0], s[0] + s[1], s[3], s[2], queries, 0, hash, quartic);
    }

    static byte[] prove(FoldedEvaluation.Shape shape, long[] coefficients, Ext2[] z, FoldedEvaluation.Deviation d) {
        FiatShamirProver p = new FiatShamirProver(shape.hash(), PROTOCOL);
        FoldedEvaluation.prove(shape, coefficients, z, p, "fold", d);
        return p.proof();
    }

    /** Verifies with the first word given in the clear (the test's stand-in for a commitment). */
    static void verify(FoldedEvaluation.Shape shape, long[] firstWord, Ext2[] z, Ext2 value, byte[] proof) throws InvalidProofException {
        FiatShamirVerifier v = new FiatShamirVerifier(shape.hash(), PROTOCOL, proof);
        int width = 1 << shape.firstFolds();
        FoldedEvaluation.verify(shape, z, value, v, "fold", leaves -> {
            Ext2[][] out = new Ext2[leaves.length][width];
            for (int k = 0; k < leaves.length; k++) {
                for (int s = 0; s < width; s++) {
                    out[k][s] = Ext2.at(firstWord, width * leaves[k] + s);
                }
            }
            return out;
        });
        v.finish();
    }

    static String describe(int[] s) {
        return "m = " + s[0] + ", β = " + s[1] + ", k = " + s[2] + ", f = " + s[3];
    }

    @Test
    void honestProofsAreAcceptedAndWrongValuesOrPointsRejected() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : SHAPES) {
            for (HashFunction hash : new HashFunction[] {Sha256.INSTANCE, Keccak256.INSTANCE}) {
                FoldedEvaluation.Shape shape = shape(s, 12, hash, hash == Sha256.INSTANCE); // quartic and quadratic challenges
                long[] c = Rand.extTable(1 << s[0], r);
                Ext2[] z = Rand.point(s[0], r);
                Ext2 value = Multilinear.evaluateExt(c, z);
                long[] word = FoldedEvaluation.encode(c, shape.logCodeLength());
                byte[] proof = prove(shape, c, z, FoldedEvaluation.Deviation.HONEST);
                verify(shape, word, z, value, proof);
                assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value.add(Ext2.ONE), proof), describe(s));
                Ext2[] other = z.clone();
                other[0] = other[0].add(Ext2.ONE);
                assertThrows(InvalidProofException.class, () -> verify(shape, word, other, value, proof), describe(s));
            }
        }
    }

    /**
     * Each round's linear message must sum to the running claim, (1 − z_i)·Λ(0) + z_i·Λ(1) = t_i: a
     * prover that moves one of its two values at any round (the rest honest) is refused there; one
     * that changes only the final constant is refused by the last claim; and the honest prover's
     * messages leave the quadratic extension after the first round (the challenges are quartic).
     */
    @Test
    void roundMessagesOffTheRunningClaimAndAWrongConstantAreRejected() throws Exception {
        for (boolean quartic : new boolean[] {true, false}) {
            roundMessagesOffTheRunningClaimAndAWrongConstantAreRejected(quartic);
        }
    }

    private static void roundMessagesOffTheRunningClaimAndAWrongConstantAreRejected(boolean quartic) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int[] s = {6, 2, 2, 1};
        FoldedEvaluation.Shape shape = shape(s, 12, Sha256.INSTANCE, quartic);
        long[] c = Rand.extTable(1 << s[0], r);
        Ext2[] z = Rand.point(s[0], r);
        Ext2 value = Multilinear.evaluateExt(c, z);
        long[] word = FoldedEvaluation.encode(c, shape.logCodeLength());
        for (int round = 0; round < s[0]; round++) {
            for (int slot = 0; slot < 2; slot++) {
                int moved = round, which = slot;
                byte[] proof = prove(shape, c, z, new FoldedEvaluation.Deviation() {
                    @Override
                    public void round(int i, Ext4 claim, Ext4[] message) {
                        if (i == moved) {
                            message[which] = message[which].add(quartic ? Ext4.Y : Ext4.ONE);
                        }
                    }
                });
                InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value, proof));
                assertTrue(e.getMessage().contains("round " + round + "'s message does not sum to the running claim"), e.getMessage());
            }
        }
        byte[] wrongConstant = prove(shape, c, z, new FoldedEvaluation.Deviation() {
            @Override
            public Ext4 last(Ext4 honest, Ext4 claim, Ext4[] challenges) {
                return honest.add(Ext4.ONE);
            }
        });
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value, wrongConstant));
        assertTrue(e.getMessage().contains("folded constant does not match"), e.getMessage());
        Ext4[] seen = new Ext4[s[0]];
        verify(shape, word, z, value, prove(shape, c, z, new FoldedEvaluation.Deviation() {
            @Override
            public void round(int i, Ext4 claim, Ext4[] message) {
                seen[i] = message[0];
            }
        }));
        assertTrue(seen[0].isExt2() && seen[1].isExt2() != quartic && seen[s[0] - 1].isExt2() != quartic, java.util.Arrays.toString(seen));
    }

    /**
     * The fold is the codeword of the coefficients with x_j bound: at 0 and 1 the codewords of the even
     * and odd coefficients, at a challenge x of the quadratic extension the codeword of c(x, ·), and at
     * one of the quartic extension the line between the first two, entry by entry.
     */
    @Test
    void foldingBindsTheLowestVariableOfTheCoefficients() {
        SplittableRandom r = new SplittableRandom(2);
        int m = 5, logN = 8;
        long[] c = Rand.extTable(1 << m, r);
        long[] word = FoldedEvaluation.encode(c, logN);
        long[] inverseX = FoldedEvaluation.inverseXTable(logN);
        Ext2 x = Rand.ext(r);
        assertArrayEquals(quartic(FoldedEvaluation.encode(Multilinear.bindExt(c, x), logN - 1)),
                FoldedEvaluation.fold(word, 2, inverseX, Ext4.fromExt2(x)));
        long[] even = FoldedEvaluation.fold(word, 2, inverseX, Ext4.ZERO), odd = FoldedEvaluation.fold(word, 2, inverseX, Ext4.ONE);
        assertArrayEquals(quartic(FoldedEvaluation.encode(Multilinear.bindExt(c, Ext2.ONE), logN - 1)), odd);
        Ext4 y = Ext4.of(Rand.ext(r), Rand.ext(r));
        long[] folded = FoldedEvaluation.fold(word, 2, inverseX, y);
        for (int i = 0; i < folded.length / 4; i++) {
            Ext4 e = Ext4.at(even, i);
            assertEquals(e.add(y.mul(Ext4.at(odd, i).sub(e))), Ext4.at(folded, i), "position " + i);
        }
        // a word already in the quartic layout folds the same way
        assertArrayEquals(FoldedEvaluation.fold(word, 2, inverseX, y), FoldedEvaluation.fold(quartic(word), 4, inverseX, y));
    }

    /** Quadratic-extension values (two longs each) as quartic ones (four longs each, the Y part zero). */
    static long[] quartic(long[] interleaved) {
        long[] out = new long[2 * interleaved.length];
        for (int i = 0; i < interleaved.length / 2; i++) {
            out[4 * i] = interleaved[2 * i];
            out[4 * i + 1] = interleaved[2 * i + 1];
        }
        return out;
    }

    /**
     * A first word far from the code (a quarter of its pairs replaced) or the codeword of 2^(m+1)
     * coefficients (too high a degree, with the same value at z) is rejected by the queries, at
     * every shape, though the prover runs honestly on the coefficients the value is about.
     */
    @Test
    void farWordsAndWordsOfTooHighADegreeAreRejected() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] s : SHAPES) {
            if (s[0] + s[1] < 4) {
                continue; // too few pairs for a quarter to be a meaningful distance
            }
            FoldedEvaluation.Shape shape = shape(s, 40, Sha256.INSTANCE);
            long[] c = Rand.extTable(1 << s[0], r);
            Ext2[] z = Rand.point(s[0], r);
            Ext2 value = Multilinear.evaluateExt(c, z);
            byte[] proof = prove(shape, c, z, FoldedEvaluation.Deviation.HONEST);
            long[] far = FoldedEvaluation.encode(c, shape.logCodeLength());
            int pairs = far.length / 4;
            for (int q = 0; q < pairs; q += 4) {
                far[4 * q] = Rand.field(r);
            }
            assertThrows(InvalidProofException.class, () -> verify(shape, far, z, value, proof), describe(s) + ": far word");
            // Coefficients c then d: the data half is c, so (z, 0) would give the same value; here the
            // verifier's code only has 2^m coefficients, and the word is the codeword of 2^(m+1).
            long[] doubled = java.util.Arrays.copyOf(c, 4 << s[0]);
            System.arraycopy(Rand.extTable(1 << s[0], r), 0, doubled, 2 << s[0], 2 << s[0]);
            long[] high = FoldedEvaluation.encode(doubled, shape.logCodeLength());
            assertThrows(InvalidProofException.class, () -> verify(shape, high, z, value, proof), describe(s) + ": degree 2^(m+1)");
        }
    }

    /**
     * A prover claiming v + Δ runs a sumcheck consistent with it (each round shifted by d·(1 − X))
     * and sends the constant its last claim demands; the folds it commits are the honest ones, whose
     * constant is c(r), so the last layer's folds disagree at every query.
     */
    @Test
    void aFalseValueWithAConsistentSumcheckIsCaughtByTheLastLayer() {
        SplittableRandom r = new SplittableRandom(4);
        Ext2 gap = Ext2.of(5, 3);
        for (int[] s : SHAPES) {
            FoldedEvaluation.Shape shape = shape(s, 1, Sha256.INSTANCE);
            long[] c = Rand.extTable(1 << s[0], r);
            Ext2[] z = Rand.point(s[0], r);
            Ext2 value = Multilinear.evaluateExt(c, z);
            byte[] proof = prove(shape, c, z, io.zkml4j.core.testing.DishonestFolds.consistentSumcheckFrom(z, value.add(gap)));
            long[] word = FoldedEvaluation.encode(c, shape.logCodeLength());
            InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value.add(gap), proof), describe(s));
            assertTrue(e.getMessage().contains("folds of layer " + (shape.layers() - 1) + " do not match"), describe(s) + ": " + e.getMessage());
        }
    }

    /**
     * The verifier's first word is f's codeword; the prover proves g = f + Δ·e_0 (coefficient 0 moved,
     * so g(z) = f(z) + Δ·eq(z, 0)). It takes (1 − r_0)·Δ off its first fold, which makes it f's, folds
     * f's words up to round b − 1, and adds Π_{j≤b}(1 − r_j)·Δ to round b's, which makes it and every
     * later fold g's. Only the fold of round b
     * is wrong, at every position, and the layer holding it is caught, by a single query.
     */
    @Test
    void everyFoldIsCheckedWhereverTheShiftIs() {
        SplittableRandom r = new SplittableRandom(5);
        long delta = 987654321L;
        for (int[] s : SHAPES) {
            FoldedEvaluation.Shape shape = shape(s, 1, Sha256.INSTANCE);
            long[] f = Rand.extTable(1 << s[0], r);
            long[] g = f.clone();
            g[0] = Goldilocks.add(g[0], delta);
            Ext2[] z = Rand.point(s[0], r);
            Ext2 claimed = Multilinear.evaluateExt(g, z);
            long[] word = FoldedEvaluation.encode(f, shape.logCodeLength());
            for (int b = 0; b < s[0]; b++) {
                int shifted = b;
                byte[] proof = prove(shape, g, z, new FoldedEvaluation.Deviation() {
                    Ext4 product = Ext4.ONE;

                    @Override
                    public void afterFold(long[] folded, int round, Ext4 challenge) {
                        product = product.mul(Ext4.ONE.sub(challenge));
                        // Round 0 turns g's word into f's fold; later folds of f's words stay f's, until
                        // round b puts g's difference back.
                        Ext4 off = round == 0 && shifted > 0 ? product.mul(delta).neg() : round == shifted && shifted > 0 ? product.mul(delta) : null;
                        if (off != null) {
                            for (int j = 0; j < folded.length / 4; j++) {
                                Ext4.at(folded, j).add(off).store(folded, j);
                            }
                        }
                    }
                });
                int layer = b < s[3] ? 0 : 1 + (b - s[3]) / s[2];
                String what = describe(s) + ", fold of round " + b;
                InvalidProofException e = assertThrows(InvalidProofException.class, () -> verify(shape, word, z, claimed, proof), what);
                assertTrue(e.getMessage().contains("folds of layer " + layer + " do not match"), what + ": " + e.getMessage());
            }
        }
    }

    /** Malformed proofs: every element altered, truncations and appended bytes give InvalidProofException only. */
    @Test
    void everyElementMattersAndMalformedProofsAreRejected() throws Exception {
        SplittableRandom r = new SplittableRandom(6);
        for (int[] s : new int[][] {{1, 1, 1, 1}, {5, 2, 2, 1}, {7, 3, 4, 1}, {6, 1, 2, 3}}) {
            for (int grinding : new int[] {0, 3}) {
                FoldedEvaluation.Shape shape = new FoldedEvaluation.Shape(s[0], s[0] + s[1], s[3], s[2], 3, grinding, Sha256.INSTANCE);
                long[] c = Rand.extTable(1 << s[0], r);
                Ext2[] z = Rand.point(s[0], r);
                Ext2 value = Multilinear.evaluateExt(c, z);
                long[] word = FoldedEvaluation.encode(c, shape.logCodeLength());
                byte[] proof = prove(shape, c, z, FoldedEvaluation.Deviation.HONEST);
                ProofMutator.assertEveryElementMatters(proof, 1, bytes -> verify(shape, word, z, value, bytes));
                for (int cut = 0; cut < proof.length; cut += Math.max(1, proof.length / 40)) {
                    byte[] truncated = java.util.Arrays.copyOf(proof, cut);
                    assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value, truncated));
                }
                byte[] longer = java.util.Arrays.copyOf(proof, proof.length + 8);
                assertThrows(InvalidProofException.class, () -> verify(shape, word, z, value, longer));
            }
        }
    }

    @Test
    void shapesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FoldedEvaluation.Shape(0, 3, 1, 1, 1, 0, Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new FoldedEvaluation.Shape(4, 4, 1, 1, 1, 0, Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new FoldedEvaluation.Shape(4, 6, 1, 7, 1, 0, Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new FoldedEvaluation.Shape(4, 6, 5, 2, 1, 0, Sha256.INSTANCE));
        FoldedEvaluation.Shape shape = new FoldedEvaluation.Shape(3, 5, 1, 2, 1, 0, Sha256.INSTANCE);
        assertThrows(IllegalArgumentException.class, () -> FoldedEvaluation.prove(shape, new long[2 << 3], new Ext2[2],
                new FiatShamirProver(Sha256.INSTANCE, PROTOCOL), "fold", FoldedEvaluation.Deviation.HONEST));
        assertEquals(16, ExtVectors.length(new long[32]));
    }
}
