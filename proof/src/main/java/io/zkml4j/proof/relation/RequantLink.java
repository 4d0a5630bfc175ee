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
        List<LinearClaim.Term> terms = new ArrayList<>();
        Ext2 constant = Ext2.ZERO;
        Ext2 scaleT = Ext2.fromBase(Goldilocks.pow(2, rq.shift()));
        if (rq.t().isPublic()) {
            constant = constant.add(scaleT.mul(pub.evaluate(rq.t(), rho)));
        } else {
            terms.add(ClaimTerms.plain(rq.t().vector(), rho, scaleT));
        }
        for (int l = 0; l < rq.limbs().size(); l++) {
            terms.add(ClaimTerms.plain(rq.limbs().get(l).vector(), rho, Ext2.fromBase(Goldilocks.pow(2, RequantPlan.LIMB_BITS * l))));
        }
        if (rq.shift() > 0) {
            constant = constant.sub(Ext2.fromBase(1L << (rq.shift() - 1)));
        }
        return new Relation.HiddenClaim(terms, constant);
    }

    /** The same claim minus one more term (a bias). */
    static Relation.HiddenClaim minus(Relation.HiddenClaim claim, LinearClaim.Term term) {
        List<LinearClaim.Term> terms = new ArrayList<>(claim.terms());
        terms.add(new LinearClaim.Term(term.commitment(), term.polynomial(), term.weights(), term.coefficient().neg()));
        return new Relation.HiddenClaim(terms, claim.constant());
    }
}
