package io.zkml4j.evm;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.pcs.CommittedPolynomials;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.transcript.FiatShamirProver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacker review of SuccinctOpening.sol's index of distinct weights for powers weights (helper
 * session). Java keys it by content (Weights.Powers equality: points and coefficients); Solidity
 * by a hash, which for powers weights was wordsHash(coefficients) XOR (wordsHash(points) | 1). That
 * combiner cancels whenever both arrays hold the same words: every such weights object hashed to 0
 * or 1 (the low bit of its one hash, flipped), so of any three with distinct contents two collided,
 * and Solidity absorbed "sameWeights" where Java absorbed the weights; the transcripts parted and an
 * honest proof that Java accepts was refused (and the statement's weights went unbound). Swapped
 * arrays ((A, B) and (B, A)) collided half the time as well. Honest sealed openings never state such
 * weights (their coefficients are extension elements, their points base ones), so this is a
 * completeness and binding gap of the mirror, not a forgery; the fix hashes the two arrays' hashes
 * under a tag (keccak of 65 bytes, which no vector of words hashes to apart from a collision).
 */
class SolidityPowersDedupReviewTest {
    @Test
    void powersWeightsWhoseCoefficientsAreTheirPointsAreNotTakenForOneAnother() throws Exception {
        Random rnd = new Random(4901);
        // P0..P2 (2 variables each) in row 0, at offsets 0, 4 and 8: a powers claim on each.
        List<long[]> tables = List.of(SolidityOpeningReviewTest.table(rnd, 2), SolidityOpeningReviewTest.table(rnd, 2),
                SolidityOpeningReviewTest.table(rnd, 2));
        LigeroPcs pcs = new LigeroPcs(rnd);
        CommittedPolynomials committed = pcs.commit(SolidityOpeningReviewTest.SMALL, tables);
        List<Commitment> coms = List.of(committed.commitment());
        List<LinearClaim> claims = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            long[] x = {io.zkml4j.core.field.Goldilocks.uniform(rnd), io.zkml4j.core.field.Goldilocks.uniform(rnd)};
            long[] c = {x[0], 0, x[1], 0}; // c_s = x_s: the coefficients' packed words are the points' words
            Weights.Powers w = new Weights.Powers(x, c);
            claims.add(new LinearClaim(List.of(new LinearClaim.Term(0, p, w, Ext2.ONE)), Weights.apply(w, tables.get(p))));
        }
        FiatShamirProver prover = new FiatShamirProver(Keccak256.INSTANCE, SolidityOpeningReviewTest.PROTOCOL);
        pcs.open(List.of(committed), claims, prover);
        assertTrue(SolidityOpeningReviewTest.javaAccepts(prover.proof(), coms, claims), "Java accepts the honest proof");
        LocalChain.Run run = Evm.run("SuccinctOpeningProbe.sol", "SuccinctOpeningVerifier",
                List.of(SolidityOpeningReviewTest.call(prover.proof(), coms, claims)));
        LocalChain.Call call = run.calls().get(0);
        assertTrue(SolidityOpeningReviewTest.accepted(call), "Solidity refused an honest proof that Java accepts: " + call.revertReason());
    }
}
