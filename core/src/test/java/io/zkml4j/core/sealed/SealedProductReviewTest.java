package io.zkml4j.core.sealed;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.testing.Rand;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: product weights ({@link Weights.Product}, a convolution's im2col value as a claim on its
 * input) beside a sealed commitment. On the one-time witness they pass through the sealed opening
 * to the final opening, with rows narrower than the product's explicit part (cut into slices) and
 * wider; a wrong value is rejected. On the sealed commitment itself, whose claims must be
 * evaluations, they are refused by both sides of the sealed opening and by the evaluation reduction.
 */
class SealedProductReviewTest {
    private static LinearClaim productOnWitness(SealedOpeningTest.Statement s, SplittableRandom r, int lowVars) {
        Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << lowVars, r)), Rand.point(9 - lowVars, r));
        return new LinearClaim(List.of(new LinearClaim.Term(1, 0, w, Ext2.ONE)), Weights.apply(w, s.witness()));
    }

    @Test
    void productClaimsOnTheWitnessPassThroughTheSealedOpening() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        for (int a : new int[] {8, 10}) {
            LigeroParameters fresh = SealedOpeningTest.fresh(a);
            SealedOpeningTest.Statement s = SealedOpeningTest.statement(a, fresh);
            List<LinearClaim> claims = new ArrayList<>(s.claims());
            claims.add(productOnWitness(s, r, 9)); // as wide as the witness: two slices in rows of 2^8
            claims.add(productOnWitness(s, r, 6));
            byte[] proof = SealedOpeningTest.prove(s, fresh, claims, 2);
            SealedOpeningTest.verify(s.sealed().commitment(), fresh, claims, proof);
            List<LinearClaim> wrong = new ArrayList<>(claims);
            LinearClaim last = claims.get(claims.size() - 2);
            wrong.set(claims.size() - 2, new LinearClaim(last.terms(), last.value().add(Ext2.ONE)));
            assertThrows(InvalidProofException.class, () -> SealedOpeningTest.verify(s.sealed().commitment(), fresh, wrong, proof),
                    "rows of 2^" + a + ": a wrong product claim verified");
        }
    }

    @Test
    void productClaimsOnTheSealedCommitmentAreRefused() {
        SplittableRandom r = new SplittableRandom(2);
        LigeroParameters fresh = SealedOpeningTest.fresh(10);
        SealedOpeningTest.Statement s = SealedOpeningTest.statement(3, fresh);
        Weights.Product w = new Weights.Product(ExtVectors.of(Rand.point(1 << 6, r)), Rand.point(4, r));
        List<LinearClaim> claims = new ArrayList<>(s.claims());
        claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, 0, w, Ext2.ONE)), Weights.apply(w, s.tables().get(0))));
        String evaluations = "must be evaluations";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SealedOpeningTest.prove(s, fresh, claims, 4)).getMessage().contains(evaluations));
        byte[] honest = SealedOpeningTest.prove(s, fresh, s.claims(), 4);
        assertTrue(assertThrows(InvalidProofException.class, () -> SealedOpeningTest.verify(s.sealed().commitment(), fresh, claims, honest))
                .getMessage().contains(evaluations));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SealedEvaluationReduction.prove(s.sealed(), 0, claims, fresh, 3,
                new FiatShamirProver(Sha256.INSTANCE, SealedOpeningTest.DS), new java.util.Random(5))).getMessage().contains(evaluations));
    }
}
