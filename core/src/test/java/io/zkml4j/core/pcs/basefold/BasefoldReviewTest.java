package io.zkml4j.core.pcs.basefold;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Ext4;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.HashFunction;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.zkml4j.core.pcs.basefold.BasefoldPcsTest.point;
import static io.zkml4j.core.pcs.basefold.BasefoldPcsTest.table;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the Basefold commitment: dishonest provers that deviate in exactly one place, malformed
 * proofs (every element, every truncation, random bytes) and malformed commitments, at shapes where
 * the number of variables is below the folding arity, not a multiple of it, and a multiple of it.
 */
class BasefoldReviewTest {
    static final String PROTOCOL = BasefoldPcsTest.PROTOCOL;
    static final HashFunction HASH = Sha256.INSTANCE;

    /** {numVars, logBlowup, logArity}: n < k, n = k, n % k != 0 (a last layer of fewer folds), n % k == 0, β from 1 to 3. */
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 2, 4}, {2, 1, 2}, {2, 3, 3}, {3, 2, 2}, {4, 2, 6}, {5, 1, 3}, {5, 3, 2}, {6, 2, 3}, {7, 1, 4}, {8, 1, 5},
    };

    static byte[] prove(BasefoldPcs.Committed c, Ext2[] z, FoldedEvaluation.Deviation d) {
        FiatShamirProver p = new FiatShamirProver(HASH, PROTOCOL);
        BasefoldPcs.open(c, z, p, "pcs", d);
        return p.proof();
    }

    static void verify(BasefoldPcs.Commitment c, Ext2[] z, Ext2 value, byte[] proof) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(HASH, PROTOCOL, proof);
        BasefoldPcs.verify(c, z, value, HASH, v, "pcs");
        v.finish();
    }

    static FoldedEvaluation.Shape schedule(BasefoldParameters p, int n) {
        return BasefoldPcs.shape(p, n, HASH);
    }

    static String describe(int[] shape) {
        return "n = " + shape[0] + ", β = " + shape[1] + ", k = " + shape[2];
    }

    /**
     * A prover claiming a false value v + Δ runs a sumcheck that is consistent with it (each round
     * polynomial shifted by d·(1 − X), d the gap to its running claim) and sends the final constant that
     * sumcheck's last claim demands, claim / eq(z, r). The sumcheck and the final check pass; the
     * codewords it commits are the honest ones, whose folds reach f(r), so the last layer's folds
     * disagree with the constant at every position: even one query catches it.
     */
    @Test
    void aFalseValueWithAConsistentSumcheckIsCaughtByTheLastLayerAtEveryQuery() {
        Random rnd = new Random(11);
        Ext2 gap = Ext2.of(5, 3);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            BasefoldParameters params = new BasefoldParameters(shape[1], shape[2], 1, 0);
            long[] t = table(rnd, n);
            Ext2[] z = point(rnd, n);
            BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, HASH);
            byte[] proof = prove(c, z, io.zkml4j.core.testing.DishonestFolds.consistentSumcheckFrom(z, c.evaluate(z).add(gap)));
            InvalidProofException e = assertThrows(InvalidProofException.class,
                    () -> verify(c.commitment(), z, c.evaluate(z).add(gap), proof), describe(shape));
            int lastLayer = schedule(params, n).layers() - 1;
            assertTrue(e.getMessage().contains("folds of layer " + lastLayer + " do not match"), describe(shape) + ": " + e.getMessage());
        }
    }

    /**
     * A prover that commits to f and opens g = f + Δ·e_0 (the first coefficient moved, so g(z) =
     * f(z) + Δ·eq(z, 0)): its sumcheck is g's, the word it folds is f's committed codeword, and at round
     * b it adds Π_{j≤b}(1 − r_j)·Δ to the folded word, which makes it g's fold from there on (an eq-fold
     * scales the first coefficient by 1 − r). Its final constant is g(r), so only the fold of round b is
     * wrong, at every position. Whatever b is (a round that ends a layer, a fold inside a leaf, the
     * last round), the layer ⌊b/k⌋ holding that fold is caught, by every single query.
     */
    @Test
    void everyFoldIsCheckedIncludingTheVirtualOnesAndTheLastLayer() {
        Random rnd = new Random(12);
        long c = 12345;
        for (int[] shape : SHAPES) {
            int n = shape[0];
            BasefoldParameters params = new BasefoldParameters(shape[1], shape[2], 1, 0);
            long[] f = table(rnd, n);
            long[] g = f.clone();
            g[0] = Goldilocks.add(f[0], c);
            Ext2[] z = point(rnd, n);
            BasefoldPcs.Committed honest = BasefoldPcs.commit(params, f, HASH);
            BasefoldPcs.Committed lying = BasefoldPcs.commitCodeword(params, g, BasefoldPcs.encode(f, params.logBlowup()), HASH);
            assertTrue(Arrays.equals(honest.commitment().root(), lying.commitment().root()));
            Ext2 claimed = lying.evaluate(z);
            Ext2[] origin = new Ext2[n];
            Arrays.fill(origin, Ext2.ZERO);
            assertEquals(honest.evaluate(z).add(Multilinear.eq(z, origin).mul(c)), claimed);
            for (int b = 0; b < n; b++) {
                int shifted = b;
                byte[] proof = prove(lying, z, new FoldedEvaluation.Deviation() {
                    Ext4 product = Ext4.ONE;

                    @Override
                    public void afterFold(long[] word, int round, Ext4 r) {
                        product = product.mul(Ext4.ONE.sub(r));
                        if (round == shifted) {
                            Ext4 off = product.mul(c);
                            for (int j = 0; j < word.length / 4; j++) {
                                Ext4.at(word, j).add(off).store(word, j);
                            }
                        }
                    }
                });
                String what = describe(shape) + ", fold of round " + b + " shifted";
                InvalidProofException e = assertThrows(InvalidProofException.class,
                        () -> verify(honest.commitment(), z, claimed, proof), what);
                assertTrue(e.getMessage().contains("folds of layer " + b / params.logArity() + " do not match"), what + ": " + e.getMessage());
            }
        }
    }

    /**
     * A prover that swaps two values of one leaf of a committed layer (slots 0 and 1 of leaf 1: the
     * Merkle paths it sends are consistent) is caught: the slot order of a leaf is what ties a value to
     * its position. Shapes with a full last layer and a last layer of one fold.
     */
    @Test
    void swappingTwoSlotsOfALeafIsCaught() {
        Random rnd = new Random(13);
        for (int[] shape : new int[][] {{6, 1, 2}, {5, 1, 2}, {7, 1, 3}}) {
            int n = shape[0];
            BasefoldParameters params = new BasefoldParameters(shape[1], shape[2], 2000, 0); // every leaf of layer 0 is queried
            FoldedEvaluation.Shape schedule = schedule(params, n);
            long[] t = table(rnd, n);
            Ext2[] z = point(rnd, n);
            BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, HASH);
            for (int layer = 1; layer < schedule.layers(); layer++) {
                int round = layer * params.logArity() - 1;
                int first = 1 << schedule.folds(layer); // leaf 1, slot 0; slot 1 follows it
                byte[] proof = prove(c, z, new FoldedEvaluation.Deviation() {
                    @Override
                    public void afterFold(long[] word, int i, Ext4 r) {
                        if (i == round) {
                            for (int w = 0; w < 4; w++) {
                                long x = word[4 * first + w];
                                word[4 * first + w] = word[4 * first + 4 + w];
                                word[4 * first + 4 + w] = x;
                            }
                        }
                    }

                    @Override
                    public Ext4 last(Ext4 honest, Ext4 claim, Ext4[] r) {
                        return claim; // the constant the honest sumcheck ends on
                    }
                });
                String what = describe(shape) + ", layer " + layer;
                InvalidProofException e = assertThrows(InvalidProofException.class,
                        () -> verify(c.commitment(), z, c.evaluate(z), proof), what);
                assertTrue(e.getMessage().contains("folds of layer"), what + ": " + e.getMessage());
            }
            assertDoesNotThrow(() -> verify(c.commitment(), z, c.evaluate(z), prove(c, z, FoldedEvaluation.Deviation.HONEST)));
        }
    }

    /**
     * Malformed proofs are rejected with an InvalidProofException, never another exception: every
     * element altered (ProofMutator), every truncation, random bytes changed, bytes appended, at
     * every shape, with and without grinding.
     */
    @Test
    void malformedProofsAreRejectedNeverCrash() throws Exception {
        Random rnd = new Random(14);
        for (int[] shape : SHAPES) {
            for (int grinding : new int[] {0, 3}) {
                int n = shape[0];
                BasefoldParameters params = new BasefoldParameters(shape[1], shape[2], 3, grinding);
                long[] t = table(rnd, n);
                Ext2[] z = point(rnd, n);
                BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, HASH);
                Ext2 value = c.evaluate(z);
                byte[] proof = prove(c, z, FoldedEvaluation.Deviation.HONEST);
                String what = describe(shape) + ", grinding " + grinding;
                ProofMutator.assertEveryElementMatters(proof, 1, p -> verify(c.commitment(), z, value, p));
                int step = Math.max(1, proof.length / 400);
                for (int len = 0; len < proof.length; len += step) {
                    byte[] cut = Arrays.copyOf(proof, len);
                    assertThrows(InvalidProofException.class, () -> verify(c.commitment(), z, value, cut), what + ", cut to " + len);
                }
                // The proof-of-work nonce is the one free choice of the prover: another nonce that meets the
                // (here 3-bit) target is as good, and at tiny shapes its queries may fall on the same leaves.
                int nonce = ProofMutator.elements(proof).stream().filter(e -> e[1] == 5).mapToInt(e -> e[0]).findFirst().orElse(-100);
                for (int trial = 0; trial < 200; trial++) {
                    byte[] bad = proof.clone();
                    int at = rnd.nextInt(bad.length);
                    bad[at] ^= (byte) (1 + rnd.nextInt(255));
                    if (at >= nonce && at < nonce + 8) {
                        try {
                            verify(c.commitment(), z, value, bad);
                        } catch (InvalidProofException expected) {
                            // rejected, or accepted above: nothing else may happen
                        }
                        continue;
                    }
                    assertThrows(InvalidProofException.class, () -> verify(c.commitment(), z, value, bad), what + ", byte " + at);
                }
                byte[] longer = Arrays.copyOf(proof, proof.length + 1 + rnd.nextInt(64));
                assertThrows(InvalidProofException.class, () -> verify(c.commitment(), z, value, longer), what + ", appended");
                // A proof for another shape (same table size, other blowup or arity) is rejected, not misparsed into a crash.
                BasefoldParameters other = new BasefoldParameters(shape[1] == 1 ? 2 : 1, shape[2] == 1 ? 2 : 1, 3, grinding);
                BasefoldPcs.Committed c2 = BasefoldPcs.commit(other, t, HASH);
                byte[] foreign = prove(c2, z, FoldedEvaluation.Deviation.HONEST);
                assertThrows(InvalidProofException.class, () -> verify(c.commitment(), z, value, foreign), what + ", foreign shape");
            }
        }
    }

    /**
     * A commitment the verifier is handed cannot describe a shape it cannot check: no variables
     * (verify() threw ArrayIndexOutOfBoundsException), a codeword beyond 2^30 values (int overflow of
     * the leaf counts), or a root that is not a digest.
     */
    @Test
    void malformedCommitmentsAreRefused() {
        byte[] root = new byte[HashFunction.DIGEST_BYTES];
        for (int beta = 1; beta <= 6; beta++) {
            BasefoldParameters p = new BasefoldParameters(beta, 2, 8, 0);
            for (int numVars : new int[] {Integer.MIN_VALUE, -1, 0, BasefoldPcs.MAX_LOG_CODEWORD - beta + 1, 32, Integer.MAX_VALUE}) {
                assertThrows(IllegalArgumentException.class, () -> new BasefoldPcs.Commitment(p, numVars, root), "β = " + beta + ", n = " + numVars);
            }
            assertDoesNotThrow(() -> new BasefoldPcs.Commitment(p, 1, root));
            int largest = BasefoldPcs.MAX_LOG_CODEWORD - beta;
            assertDoesNotThrow(() -> new BasefoldPcs.Commitment(p, largest, root));
            assertThrows(IllegalArgumentException.class, () -> new BasefoldPcs.Commitment(p, 4, new byte[31]));
        }
    }

    /**
     * Against any commitment the constructor accepts, a proof that does not fit is rejected with an
     * InvalidProofException (here: an honest proof for a table of another size, at the largest shapes
     * the verifier reads without a prover, and a garbage proof).
     */
    @Test
    void proofsForOtherSizesAreRejected() {
        Random rnd = new Random(15);
        BasefoldParameters params = new BasefoldParameters(2, 3, 4, 0);
        long[] t = table(rnd, 5);
        Ext2[] z5 = point(rnd, 5);
        BasefoldPcs.Committed c = BasefoldPcs.commit(params, t, HASH);
        byte[] proof = prove(c, z5, FoldedEvaluation.Deviation.HONEST);
        for (int n : new int[] {1, 4, 6, 9, BasefoldPcs.MAX_LOG_CODEWORD - params.logBlowup()}) {
            Ext2[] z = point(rnd, n);
            BasefoldPcs.Commitment other = new BasefoldPcs.Commitment(params, n, c.commitment().root());
            assertThrows(InvalidProofException.class, () -> verify(other, z, Ext2.ONE, proof), "n = " + n);
        }
    }

    /**
     * The parameters' bound holds at every size up to the one they were chosen for. The query term
     * used δ one position below (1 − ρ)/2, which made it worst for the smallest tables, while
     * forSecurity only evaluated the largest: the defaults ("100 bits up to 2^22 values") had 85.2
     * bits at 2^1 values and under 100 up to 2^5 by their own formula.
     */
    @Test
    void theBoundHoldsAtEverySizeUpToTheChosenOne() {
        BasefoldParameters d = BasefoldParameters.defaults();
        for (int n = 1; n <= 22; n++) {
            assertTrue(d.securityBits(n) >= 100, "defaults at 2^" + n + ": " + d.securityBits(n));
        }
        for (int beta = 1; beta <= 4; beta++) {
            for (int k = 1; k <= 4; k += 3) {
                for (int grinding : new int[] {0, 20}) {
                    BasefoldParameters p = BasefoldParameters.forSecurity(90, beta, k, grinding, 16);
                    double previous = Double.POSITIVE_INFINITY;
                    for (int n = 1; n <= 16; n++) {
                        double bits = p.securityBits(n);
                        assertTrue(bits >= 90, p + " at 2^" + n + ": " + bits);
                        assertTrue(bits <= previous + 1e-9, p + ": the bound grows weaker with the size");
                        previous = bits;
                    }
                }
            }
        }
    }
}
