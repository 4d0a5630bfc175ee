package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.Witness;

import java.util.List;

/**
 * The table side of LogUp: the committed g must equal m/(α − row) for every table row, i.e.
 * Σ_j eq(τ, j)·[g(j)·(α − T(j)) − m(j)] = 0 with T the compressed public table.
 */
public final class TableRelation implements Relation {
    private final TablePlan plan;
    private final int index;
    private final String label;

    public TableRelation(TablePlan plan, int index) {
        this.plan = plan;
        this.index = index;
        this.label = "table." + index;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int numVars() {
        return plan.numVars();
    }

    @Override
    public int round0Degree() {
        return 4;
    }

    @Override
    public int laterDegree() {
        return 3;
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".tau", plan.numVars()));
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        return null;
    }

    // ---- prover ----

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        LookupTable t = plan.table();
        int rows = 1 << t.numVars();
        long[] denominators = new long[2 * rows]; // α − Σ β^c·T_c(j)
        Ext2 alpha = c.alpha(index), beta = c.beta(index);
        for (int j = 0; j < rows; j++) {
            Ext2 v = Ext2.ZERO;
            for (int col = t.columns() - 1; col >= 0; col--) {
                v = v.mul(beta).add(Ext2.fromBase(t.value(j, col)));
            }
            alpha.sub(v).store(denominators, j);
        }
        long[][] tables = {LookupRelation.interleave(w.vector(plan.inverse().c0()), w.vector(plan.inverse().c1())), denominators,
                ExtVectors.fromBase(w.vector(plan.multiplicities()))};
        long[][] masks = {LookupRelation.extensionMask(w, plan.inverse()), null,
                w.mask(plan.multiplicities())};
        List<ProductSumInstance.Term> terms = List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1),
                new ProductSumInstance.Term(Ext2.ONE.neg(), 2));
        return new MaskedInstance(tables, masks, terms, c.point(label));
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        return Ext2.ZERO;
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        return new Ext2[] {v[0], v[2]};
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return 2;
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        LookupTable t = plan.table();
        Ext2 v = Ext2.ZERO;
        for (int col = t.columns() - 1; col >= 0; col--) {
            v = v.mul(c.beta(index)).add(t.evaluate(col, point));
        }
        Ext2 inner = revealed[0].mul(c.alpha(index).sub(v)).sub(revealed[1]);
        return Multilinear.eq(c.point(label), point).mul(inner);
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        return List.of(ClaimTerms.maskedClaim(plan.inverse(), point, revealed[0]),
                ClaimTerms.maskedClaim(plan.multiplicities(), point, revealed[1]));
    }
}
