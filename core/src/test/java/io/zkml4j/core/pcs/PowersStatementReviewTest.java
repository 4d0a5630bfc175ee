package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.ChallengeSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attacker review of {@link Weights.Powers} in the opening's statement (helper session): what
 * {@link LigeroPcs#absorbStatement} binds of powers weights, and its index of distinct weights.
 *
 * <p>Every other test of powers claims runs the Java prover and verifier together, so a statement
 * absorbed without its points or coefficients (or without the index of a repeated weights object)
 * went unnoticed on the Java side: both sides skip the same absorption and the proof still verifies,
 * while Fiat–Shamir no longer binds the statement. Only the EVM differential test, minutes long,
 * would see it as a disagreement with SuccinctOpening.sol. Here the absorbed records are pinned:
 * a powers weights object is absorbed as its points then its coefficients the first time its content
 * occurs, later by its index in the one list of distinct weights that explicit weights share; a
 * prover's written-out table is no part of its identity, and weights that differ in one coefficient
 * or one point are distinct.
 */
class PowersStatementReviewTest {
    private static final LigeroParameters PARAMS = LigeroParameters.forSecurity(24, 4, 4, 1, 0, Sha256.INSTANCE);

    /** Records each public field absorption as label and elements; no challenge is drawn. */
    private static final class Recording implements ChallengeSource {
        final List<String> labels = new ArrayList<>();
        final List<long[]> data = new ArrayList<>();

        @Override public void absorbPublic(String label, byte[] bytes) { labels.add(label); data.add(null); }
        @Override public void absorbPublic(String label, long[] elements) { labels.add(label); data.add(elements.clone()); }
        @Override public Ext2 challengeExt(String label) { throw new AssertionError("no challenge while absorbing a statement"); }
        @Override public int[] challengeIndices(String label, int count, int bound) { throw new AssertionError(); }
        @Override public boolean isFiatShamir() { return true; }

        /** The weights records only (the term records and values dropped). */
        List<String> weightRecords() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                String l = labels.get(i);
                if (l.equals("pcs.claim.powerPoints") || l.equals("pcs.claim.powerCoefficients") || l.equals("pcs.claim.weights")
                        || l.equals("pcs.claim.sameWeights")) {
                    out.add(l + Arrays.toString(data.get(i)));
                }
            }
            return out;
        }
    }

    private static Weights.Powers random(int t, SplittableRandom r) {
        long[] x = new long[t];
        for (int s = 0; s < t; s++) {
            x[s] = Goldilocks.canonical(r.nextLong());
        }
        return new Weights.Powers(x, ExtVectors.of(Rand.point(t, r)));
    }

    private static String rec(String label, long[] d) {
        return label + Arrays.toString(d);
    }

    @Test
    void powersWeightsAreAbsorbedWholeOnceThenByTheirIndexAmongDistinctWeights() {
        SplittableRandom r = new SplittableRandom(49);
        Commitment c = new Commitment(PARAMS, new byte[32], new int[] {2, 3, 2});
        Weights.Powers p = random(3, r);
        // The same content with the prover's written-out table: the same weights.
        Weights.Powers pWritten = new Weights.Powers(p.points(), p.coefficients(), p.table(2));
        long[] otherCoefficients = p.coefficients().clone();
        Ext2.at(otherCoefficients, 2).add(Ext2.ONE).store(otherCoefficients, 2);
        Weights.Powers pCoefficient = new Weights.Powers(p.points(), otherCoefficients);
        long[] otherPoints = p.points().clone();
        otherPoints[0] = Goldilocks.add(otherPoints[0], 1);
        Weights.Powers pPoint = new Weights.Powers(otherPoints, p.coefficients());
        Weights.Explicit e = new Weights.Explicit(ExtVectors.of(Rand.point(4, r)));
        List<LinearClaim> claims = List.of(
                new LinearClaim(List.of(new LinearClaim.Term(0, 0, e, Ext2.ONE), new LinearClaim.Term(0, 1, p, Ext2.ONE)), Ext2.ZERO),
                new LinearClaim(List.of(new LinearClaim.Term(0, 2, pWritten, Ext2.ONE), new LinearClaim.Term(0, 0, pCoefficient, Ext2.ONE),
                        new LinearClaim.Term(0, 1, pPoint, Ext2.ONE)), Ext2.ZERO),
                new LinearClaim(List.of(new LinearClaim.Term(0, 1, new Weights.Powers(otherPoints, p.coefficients()), Ext2.ONE),
                        new LinearClaim.Term(0, 2, new Weights.Explicit(e.interleaved()), Ext2.ONE),
                        new LinearClaim.Term(0, 0, new Weights.Powers(p.points(), otherCoefficients), Ext2.ONE)), Ext2.ZERO));
        LigeroPcs.checkStatement(List.of(c), claims);
        Recording rec = new Recording();
        LigeroPcs.absorbStatement(rec, List.of(c), claims);
        List<String> expected = List.of(
                rec("pcs.claim.weights", e.interleaved()),                 // index 0
                rec("pcs.claim.powerPoints", p.points()),                  // index 1
                rec("pcs.claim.powerCoefficients", p.coefficients()),
                rec("pcs.claim.sameWeights", new long[] {1}),              // p written out: p
                rec("pcs.claim.powerPoints", p.points()),                  // index 2: another coefficient
                rec("pcs.claim.powerCoefficients", otherCoefficients),
                rec("pcs.claim.powerPoints", otherPoints),                 // index 3: another point
                rec("pcs.claim.powerCoefficients", p.coefficients()),
                rec("pcs.claim.sameWeights", new long[] {3}),
                rec("pcs.claim.sameWeights", new long[] {0}),
                rec("pcs.claim.sameWeights", new long[] {2}));
        assertEquals(expected, rec.weightRecords());
        // Each term's record precedes its weights: commitment, polynomial and coefficient.
        int terms = (int) rec.labels.stream().filter("pcs.claim.term"::equals).count();
        assertEquals(8, terms);
        assertArrayEquals(new long[] {0, 1, 1, 0}, rec.data.get(rec.labels.indexOf("pcs.claim.powerPoints") - 1));
    }

    /** A written-out table of another size than asked for is not used: the weights are computed from their powers. */
    @Test
    void aWrittenTableOfAnotherSizeIsNotUsed() {
        SplittableRandom r = new SplittableRandom(50);
        Weights.Powers p = random(4, r);
        Weights.Powers withWrong = new Weights.Powers(p.points(), p.coefficients(), new long[2 << 3]);
        assertArrayEquals(p.table(2), withWrong.table(2));
        assertArrayEquals(p.table(4), withWrong.table(4));
    }
}
