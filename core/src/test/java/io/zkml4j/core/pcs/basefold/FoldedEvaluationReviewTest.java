package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.transcript.MalformedProofException;
import io.zkml4j.core.transcript.ProverChannel;
import io.zkml4j.core.transcript.VerifierChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of the folding engine with queries a test places: a committed value changed after the
 * prover's fold is caught by exactly the queries whose path goes through it (so the index arithmetic
 * from a layer-0 pair to each layer's leaf and slot is the prover's), at every layer and arity; the
 * first layer the caller supplies is checked at the pair it is asked for.
 */
class FoldedEvaluationReviewTest {
    /** {numVars, logBlowup, logArity}: one committed layer, several, a last layer of fewer folds, arity past the rounds. */
    static final int[][] SHAPES = {{2, 1, 1}, {4, 2, 1}, {5, 1, 2}, {6, 2, 4}, {7, 1, 3}, {3, 2, 6}};

    /** Channels whose challenges are random but whose query indices the test gives, recorded for the verifier to replay. */
    static final class Placed {
        final FiatShamirProver recorder = new FiatShamirProver(Sha256.INSTANCE, "placed");
        final Deque<Ext2> exts = new ArrayDeque<>();
        final SplittableRandom r;
        final int[] queries;

        Placed(long seed, int[] queries) {
            this.r = new SplittableRandom(seed);
            this.queries = queries;
        }

        ProverChannel prover() {
            return new ProverChannel() {
                public void sendBase(String l, long[] e) { recorder.sendBase(l, e); }
                public void sendExt(String l, long[] e) { recorder.sendExt(l, e); }
                public void sendDigest(String l, byte[] d) { recorder.sendDigest(l, d); }
                public void sendBytes(String l, byte[] b) { recorder.sendBytes(l, b); }
                public void grind(String l, int bits) { }
                public void absorbPublic(String l, byte[] d) { }
                public void absorbPublic(String l, long[] e) { }
                public Ext2 challengeExt(String l) {
                    Ext2 c = Rand.ext(r);
                    exts.add(c);
                    return c;
                }
                public int[] challengeIndices(String l, int count, int bound) {
                    assertEquals(queries.length, count);
                    return queries.clone();
                }
                public boolean isFiatShamir() { return false; }
            };
        }

        VerifierChannel verifier() throws MalformedProofException {
            FiatShamirVerifier reader = new FiatShamirVerifier(Sha256.INSTANCE, "placed", recorder.proof());
            Deque<Ext2> e = new ArrayDeque<>(exts);
            return new VerifierChannel() {
                public long[] receiveBase(String l, int c) throws InvalidProofException { return reader.receiveBase(l, c); }
                public long[] receiveExt(String l, int c) throws InvalidProofException { return reader.receiveExt(l, c); }
                public byte[] receiveDigest(String l) throws InvalidProofException { return reader.receiveDigest(l); }
                public byte[] receiveBytes(String l, int n) throws InvalidProofException { return reader.receiveBytes(l, n); }
                public void verifyGrind(String l, int bits) { }
                public void absorbPublic(String l, byte[] d) { }
                public void absorbPublic(String l, long[] x) { }
                public Ext2 challengeExt(String l) { return e.removeFirst(); }
                public int[] challengeIndices(String l, int count, int bound) { return queries.clone(); }
                public boolean isFiatShamir() { return false; }
            };
        }
    }

    /** Verifies with the first word in the clear; returns null if accepted, else the rejection's message. */
    static String outcome(FoldedEvaluation.Shape shape, long[] firstWord, Ext2[] z, Ext2 value, Placed ch) throws Exception {
        try {
            FoldedEvaluation.verify(shape, z, value, ch.verifier(), "fold", leaves -> {
                Ext2[][] out = new Ext2[leaves.length][];
                for (int k = 0; k < leaves.length; k++) {
                    out[k] = new Ext2[] {Ext2.at(firstWord, 2 * leaves[k]), Ext2.at(firstWord, 2 * leaves[k] + 1)};
                }
                return out;
            });
            return null;
        } catch (InvalidProofException e) {
            return e.getMessage();
        }
    }

    /**
     * For each committed layer ℓ ≥ 1 (the word after round (ℓ − 1)·k), one value at position P is
     * changed before it is committed, and the prover folds on from the changed word: every later
     * word differs at P's descendant, down to one position of the last word (not its first, which
     * is the constant sent). A query whose path reaches P is rejected by layer ℓ − 1's check; one
     * reaching P's leaf at another slot carries the change to the last layer, which rejects it; one
     * whose path ends elsewhere in the last word is accepted.
     */
    @Test
    void aChangedCommittedValueIsCaughtByExactlyTheQueriesThroughIt() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        int checked = 0;
        for (int[] s : SHAPES) {
            int m = s[0], logN = s[0] + s[1], k = s[2];
            long[] c = Rand.extTable(1 << m, r);
            Ext2[] z = Rand.point(m, r);
            Ext2 value = Multilinear.evaluateExt(c, z);
            long[] word = FoldedEvaluation.encode(c, logN);
            FoldedEvaluation.Shape shape = new FoldedEvaluation.Shape(m, logN, 1, k, 1, 0, Sha256.INSTANCE);
            int lastLayer = shape.layers() - 1;
            for (int layer = 1; layer <= lastLayer; layer++) {
                int round = (layer - 1) * k; // the fold after which layer ℓ is committed
                int shift = 0; // a layer-0 pair q is at position q >> shift of layer ℓ
                for (int l = 1; l < layer; l++) {
                    shift += shape.folds(l);
                }
                int toLast = shape.logSize(layer) - (logN - m); // layer ℓ's position p ends at p >> toLast of the last word
                int lastSize = 1 << (logN - m);
                int end = 1 + r.nextInt(lastSize - 1);
                int position = (end << toLast) | r.nextInt(1 << toLast);
                int group = 1 << shape.folds(layer);
                int otherSlot = (position & ~(group - 1)) | ((position + 1) & (group - 1));
                int elsewhere = (((end + 1 + r.nextInt(lastSize - 1)) % lastSize) << toLast) | r.nextInt(1 << toLast);
                for (int target : new int[] {position, otherSlot, elsewhere}) {
                    int query = (target << shift) | r.nextInt(1 << shift);
                    Placed ch = new Placed(7 + checked, new int[] {query});
                    FoldedEvaluation.prove(shape, c, z, ch.prover(), "fold", new FoldedEvaluation.Deviation() {
                        @Override
                        public void afterFold(long[] folded, int i, Ext4 challenge) {
                            if (i == round) {
                                Ext4.at(folded, position).add(Ext4.ONE).store(folded, position);
                            }
                        }
                    });
                    String what = "m = " + m + ", k = " + k + ", layer " + layer + ", changed " + position + ", query reaches " + target;
                    String result = outcome(shape, word, z, value, ch);
                    if (target == position) {
                        assertNotNull(result, what);
                        assertTrue(result.contains("folds of layer " + (layer - 1) + " do not match"), what + ": " + result);
                    } else if (target == otherSlot) {
                        assertNotNull(result, what);
                        assertTrue(result.contains("folds of layer " + lastLayer + " do not match"), what + ": " + result);
                    } else {
                        assertNull(result, what);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 30, "" + checked);
    }

    /**
     * The first layer is the caller's: a pair it answers wrongly (one value of the queried pair) is
     * rejected at layer 0; an exception it throws is the verifier's answer.
     */
    @Test
    void theFirstLayerIsCheckedAtThePairItIsAskedFor() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        int m = 5, logN = 7;
        long[] c = Rand.extTable(1 << m, r);
        Ext2[] z = Rand.point(m, r);
        Ext2 value = Multilinear.evaluateExt(c, z);
        long[] word = FoldedEvaluation.encode(c, logN);
        FoldedEvaluation.Shape shape = new FoldedEvaluation.Shape(m, logN, 1, 2, 3, 0, Sha256.INSTANCE);
        int[] queries = {5, 17, 5};
        for (int side = 0; side < 2; side++) {
            Placed ch = new Placed(3, queries);
            FoldedEvaluation.prove(shape, c, z, ch.prover(), "fold", FoldedEvaluation.Deviation.HONEST);
            assertNull(outcome(shape, word, z, value, ch));
            long[] wrong = word.clone();
            int at = 2 * 17 + side;
            Ext2.at(wrong, at).add(Ext2.ONE).store(wrong, at);
            String result = outcome(shape, wrong, z, value, ch);
            assertNotNull(result);
            assertTrue(result.contains("query 17's folds of layer 0"), result);
        }
        Placed ch = new Placed(4, queries);
        FoldedEvaluation.prove(shape, c, z, ch.prover(), "fold", FoldedEvaluation.Deviation.HONEST);
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> FoldedEvaluation.verify(shape, z, value, ch.verifier(), "fold",
                leaves -> {
                    assertArrayEquals(new int[] {5, 17}, leaves);
                    throw new InvalidProofException("the caller's columns do not open");
                }));
        assertEquals("the caller's columns do not open", e.getMessage());
    }
}
