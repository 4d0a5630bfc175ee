package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.LookupPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;

/**
 * The zero-check of one lookup: its committed inverses h must satisfy h(x)·(α − v(x)) = 1 at every
 * position, where v = Σ_c β^c·column_c is the compressed tuple. At a random point τ:
 * Σ_x eq(τ, x)·[h(x)·(α − v(x)) − 1] = 0. Together with Σ h = Σ m/(α − table) (a commitment claim,
 * see {@link Relations#sumClaims}) this is LogUp with committed inverses; every committed factor
 * is masked, so unlike the GKR variant nothing about the looked-up values is revealed.
 */
public final class LookupRelation implements Relation {
    private final LookupPlan plan;
    private final String label;

    public LookupRelation(LookupPlan plan) {
        this.plan = plan;
        this.label = "lookup." + plan.label();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int numVars() {
        return plan.numVars();
    }

    private boolean anyCommittedColumn() {
        return plan.columns().stream().anyMatch(c -> !c.tensor().isPublic());
    }

    @Override
    public int round0Degree() {
        return anyCommittedColumn() ? 5 : 4;
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

    /** β^c for each column. */
    private Ext2[] powers(Challenges c) {
        Ext2[] p = new Ext2[plan.columns().size()];
        Ext2 b = Ext2.ONE;
        for (int i = 0; i < p.length; i++) {
            p[i] = b;
            b = b.mul(c.beta(plan.table()));
        }
        return p;
    }

    // ---- prover ----

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        // Tables: h, one per column tensor, ones. Terms: (α − Σβ^c·offset_c)·h − Σ β^c·scale_c·h·v_c − 1.
        Ext2[] pow = powers(c);
        List<long[]> tables = new ArrayList<>();
        List<long[]> masks = new ArrayList<>();
        tables.add(interleave(w.vector(plan.inverse().c0()), w.vector(plan.inverse().c1())));
        masks.add(extensionMask(w, plan.inverse()));
        List<ProductSumInstance.Term> terms = new ArrayList<>();
        Ext2 constant = c.alpha(plan.table());
        for (int col = 0; col < plan.columns().size(); col++) {
            LookupPlan.Column column = plan.columns().get(col);
            tables.add(ExtVectors.fromBase(w.tensor(column.tensor().name())));
            masks.add(column.tensor().isPublic() ? null : w.mask(column.tensor().vector()));
            terms.add(new ProductSumInstance.Term(pow[col].mul(Goldilocks.fromSigned(column.scale())).neg(), 0, tables.size() - 1));
            constant = constant.sub(pow[col].mul(Goldilocks.fromSigned(column.offset())));
        }
        terms.add(new ProductSumInstance.Term(constant, 0));
        long[] ones = new long[2 << plan.numVars()];
        for (int i = 0; i < ones.length; i += 2) {
            ones[i] = 1;
        }
        tables.add(ones);
        masks.add(null);
        terms.add(new ProductSumInstance.Term(Ext2.ONE.neg(), tables.size() - 1));
        return new MaskedInstance(tables.toArray(new long[0][]), masks.toArray(new long[0][]), terms, c.point(label));
    }

    /** The mask of h = c0 + φ·c1 when each part carries its own mask: R_c0 + φ·R_c1. */
    static long[] extensionMask(Witness w, io.zkml4j.proof.circuit.ExtVectorRef h) {
        long[] mask = w.mask(h.c0());
        ExtVectors.addScaled(mask, Ext2.of(0, 1), w.mask(h.c1()));
        return mask;
    }

    static long[] interleave(long[] c0, long[] c1) {
        long[] out = new long[2 * c0.length];
        for (int i = 0; i < c0.length; i++) {
            out[2 * i] = c0[i];
            out[2 * i + 1] = c1[i];
        }
        return out;
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        return Ext2.ZERO;
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        List<Ext2> out = new ArrayList<>();
        out.add(v[0]);
        for (int col = 0; col < plan.columns().size(); col++) {
            if (!plan.columns().get(col).tensor().isPublic()) {
                out.add(v[1 + col]);
            }
        }
        return out.toArray(new Ext2[0]);
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return 1 + (int) plan.columns().stream().filter(col -> !col.tensor().isPublic()).count();
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2[] pow = powers(c);
        Ext2 v = Ext2.ZERO;
        int next = 1;
        for (int col = 0; col < plan.columns().size(); col++) {
            LookupPlan.Column column = plan.columns().get(col);
            Ext2 value = column.tensor().isPublic() ? pub.evaluate(column.tensor(), point) : revealed[next++];
            v = v.add(pow[col].mul(value.mul(Goldilocks.fromSigned(column.scale())).add(Goldilocks.fromSigned(column.offset()))));
        }
        Ext2 inner = revealed[0].mul(c.alpha(plan.table()).sub(v)).sub(Ext2.ONE);
        return Multilinear.eq(c.point(label), point).mul(inner);
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        claims.add(ClaimTerms.maskedClaim(plan.inverse(), point, revealed[0]));
        int next = 1;
        for (LookupPlan.Column column : plan.columns()) {
            if (!column.tensor().isPublic()) {
                claims.add(ClaimTerms.maskedClaim(column.tensor().vector(), point, revealed[next++]));
            }
        }
        return claims;
    }
}
