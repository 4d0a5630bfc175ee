package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.proof.circuit.RequantPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The accumulator of a requantising layer at a point, in terms of its witness:
 * acc(ρ) = 2^k·t(ρ) + Σ_l 2^(8l)·r_l(ρ) − 2^(k−1), linear in committed (or public) vectors.
 */
final class RequantLink {
    private RequantLink() {}

    static Relation.HiddenClaim accumulator(RequantPlan rq, Ext2[] rho, PublicTensors pub) {
        Relation.HiddenClaim acc = Target.linear(rq.accumulatorTerms(), rq.output().numVars()).claimAt(rho, pub);
        return new Relation.HiddenClaim(acc.terms(), acc.constant().add(Ext2.fromBase(Goldilocks.fromSigned(rq.accumulatorConstant()))));
    }

    /** The same claim minus one more term (a bias). */
    static Relation.HiddenClaim minus(Relation.HiddenClaim claim, LinearClaim.Term term) {
        List<LinearClaim.Term> terms = new ArrayList<>(claim.terms());
        terms.add(new LinearClaim.Term(term.commitment(), term.polynomial(), term.weights(), term.coefficient().neg()));
        return new Relation.HiddenClaim(terms, claim.constant());
    }
}
