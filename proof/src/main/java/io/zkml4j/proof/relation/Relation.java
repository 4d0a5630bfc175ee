package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.witness.Witness;

import java.util.List;

/**
 * One sum proven in the proof's single batched sumcheck. Its claimed sum is either zero (a
 * zero-check) or hidden: a linear combination of committed values ({@link #claim}), which the
 * commitment proves. After the sumcheck the prover reveals the masked values of the committed
 * factors at the relation's point; the verifier recomputes the relation's final value from them
 * and turns each into a commitment claim.
 */
public interface Relation {
    String label();

    int numVars();

    int round0Degree();

    int laterDegree();

    /** Draws the relation's own random point(s); both sides call this in the same order. */
    void drawPoints(ChallengeSource ch, Challenges c);

    /** The hidden claim as commitment terms plus a constant, or null when the claimed sum is zero. */
    HiddenClaim claim(Challenges c, PublicTensors pub);

    /** A linear combination of committed values plus a known constant. */
    record HiddenClaim(List<LinearClaim.Term> terms, Ext2 constant) {}

    // ---- prover ----

    SumcheckProverInstance instance(Witness w, Challenges c);

    /** The claimed sum, computed from the witness. */
    Ext2 claimValue(Witness w, Challenges c);

    /** The masked values of the committed factors at the end, in {@link #revealedCount} order. */
    Ext2[] revealed(SumcheckProverInstance instance);

    // ---- verifier ----

    int revealedCount();

    /** The relation's value at its point, from the revealed values and public data. */
    Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub);

    /** Commitment claims tying each revealed value to the commitments. */
    List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c);
}
