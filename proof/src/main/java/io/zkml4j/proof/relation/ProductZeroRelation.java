package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;

/**
 * Π_k D_k(x) = 0 at every position x, for committed vectors D_k in one layout: the zero-check
 * Σ_x eq(τ, x)·Π_k D_k(x) = 0. With D_k = y − (window value k) ≥ 0 (range-checked), it says y
 * equals one of the window values: their maximum.
 */
public final class ProductZeroRelation implements Relation {
    private final String label;
    private final List<TensorPlan> factors;

    public ProductZeroRelation(String label, List<TensorPlan> factors) {
        this.label = label;
        this.factors = List.copyOf(factors);
        for (TensorPlan f : factors) {
            if (f.isPublic() || f.numVars() != factors.get(0).numVars()) {
                throw new IllegalArgumentException(label + ": factors must be committed and of one size");
            }
        }
    }

    @Override
    public String label() {
        return label;
    }

    /** The committed vectors whose product is zero at every position. */
    public List<TensorPlan> factors() {
        return factors;
    }

    @Override
    public int numVars() {
        return factors.get(0).numVars();
    }

    @Override
    public int round0Degree() {
        return 2 * factors.size() + 1;
    }

    @Override
    public int laterDegree() {
        return factors.size() + 1;
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".tau", numVars()));
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        return null;
    }

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        long[][] tables = new long[factors.size()][];
        long[][] masks = new long[factors.size()][];
        int[] all = new int[factors.size()];
        for (int k = 0; k < factors.size(); k++) {
            tables[k] = ExtVectors.fromBase(w.vector(factors.get(k).vector()));
            masks[k] = w.mask(factors.get(k).vector());
            all[k] = k;
        }
        return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(Ext2.ONE, all)), c.point(label));
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        return Ext2.ZERO;
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        return ((MaskedInstance) instance).finalTableValues();
    }

    @Override
    public int revealedCount() {
        return factors.size();
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 p = Ext2.ONE;
        for (Ext2 v : revealed) {
            p = p.mul(v);
        }
        return Multilinear.eq(c.point(label), point).mul(p);
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        for (int k = 0; k < factors.size(); k++) {
            claims.add(ClaimTerms.maskedClaim(factors.get(k).vector(), point, revealed[k]));
        }
        return claims;
    }
}
