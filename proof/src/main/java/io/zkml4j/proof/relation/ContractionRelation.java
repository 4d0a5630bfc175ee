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
import io.zkml4j.proof.circuit.ContractionPlan;
import io.zkml4j.proof.circuit.LinearTerm;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;

/**
 * A {@link ContractionPlan} at a random output point ρ: the sumcheck runs over U's own variables,
 * Σ_x 2^c·eq(z, x)·m·U(x)·F_ρ(k(x)) = target(ρ), where z is ρ's U-free coordinates on U's free
 * variables and ½ on its c contracted ones (2^c·eq(½, k) = 1), and F_ρ(k) = Σ_f eq(ρ_F, f)·F(f, k)
 * is F folded at ρ's other coordinates, repeated over U's free variables. U is revealed at the
 * sumcheck's point with its own mask; F_ρ with the plan's fold mask.
 */
public final class ContractionRelation implements Relation {
    private final ContractionPlan plan;

    public ContractionRelation(ContractionPlan plan) {
        this.plan = plan;
    }

    @Override
    public String label() {
        return plan.label();
    }

    public ContractionPlan plan() {
        return plan;
    }

    @Override
    public int numVars() {
        return plan.unfolded().numVars();
    }

    private boolean hasFolded() {
        return plan.folded() != null;
    }

    /** With no free variable of U the eq factor is the constant 2^−c, folded into the coefficient: no factor of its own. */
    private boolean hasEq() {
        return plan.uFreeVars() > 0;
    }

    private boolean publicU() {
        return plan.unfolded().isPublic();
    }

    @Override
    public int round0Degree() {
        return (hasEq() ? 1 : 0) + (publicU() ? 1 : 2) + (hasFolded() ? 2 : 0);
    }

    @Override
    public int laterDegree() {
        return (hasEq() ? 1 : 0) + 1 + (hasFolded() ? 1 : 0);
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label(), ch.challengeExts(label() + ".rho", plan.targetVars()));
    }

    private Ext2[] uFreePoint(Challenges c) {
        Ext2[] rho = c.point(label());
        return plan.uFreeLow() ? Arrays.copyOf(rho, plan.uFreeVars()) : Arrays.copyOfRange(rho, plan.fFreeVars(), rho.length);
    }

    private Ext2[] fFreePoint(Challenges c) {
        Ext2[] rho = c.point(label());
        return plan.uFreeLow() ? Arrays.copyOfRange(rho, plan.uFreeVars(), rho.length) : Arrays.copyOf(rho, plan.fFreeVars());
    }

    /** U's variables: ρ's U-free coordinates on its free ones, ½ on its contracted ones. */
    private Ext2[] eqPoint(Challenges c) {
        Ext2[] z = new Ext2[numVars()];
        Ext2 half = Ext2.fromBase(Goldilocks.inverse(2));
        Ext2[] free = uFreePoint(c);
        int cv = plan.contractedVars();
        if (plan.uContractedLow()) {
            Arrays.fill(z, 0, cv, half);
            System.arraycopy(free, 0, z, cv, free.length);
        } else {
            System.arraycopy(free, 0, z, 0, free.length);
            Arrays.fill(z, free.length, z.length, half);
        }
        return z;
    }

    /** m·2^c with the eq factor (2^c·eq(½, k) = 1), else m. */
    private Ext2 coefficient() {
        long m = Goldilocks.fromSigned(plan.multiplier());
        return Ext2.fromBase(hasEq() ? Goldilocks.mul(m, Goldilocks.pow(2, plan.contractedVars())) : m);
    }

    /** The sumcheck point's coordinates on the contracted variables. */
    private Ext2[] contractedCoordinates(Ext2[] point) {
        int cv = plan.contractedVars();
        return plan.uContractedLow() ? Arrays.copyOf(point, cv) : Arrays.copyOfRange(point, plan.uFreeVars(), plan.uFreeVars() + cv);
    }

    /** F's own point: the contracted coordinates and ρ's F-free ones, in F's variable order. */
    private Ext2[] foldedPoint(Ext2[] contracted, Challenges c) {
        Ext2[] free = fFreePoint(c);
        return plan.fContractedLow() ? ClaimTerms.concat(contracted, free) : ClaimTerms.concat(free, contracted);
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        Ext2[] rho = c.point(label());
        List<LinearClaim.Term> terms = new ArrayList<>();
        Ext2 constant = Ext2.fromBase(Goldilocks.fromSigned(plan.targetConstant()));
        for (LinearTerm t : plan.target()) {
            Ext2 coefficient = Ext2.fromBase(Goldilocks.fromSigned(t.coefficient()));
            Ext2[] at = Arrays.copyOf(rho, t.tensor().numVars()); // a smaller tensor is repeated over the higher variables (Σ eq = 1 there)
            if (t.tensor().isPublic()) {
                constant = constant.add(coefficient.mul(pub.evaluate(t.tensor(), at)));
            } else {
                terms.add(ClaimTerms.plain(t.tensor().vector(), at, coefficient));
            }
        }
        return new HiddenClaim(terms, constant);
    }

    // ---- prover ----

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        long[] u = ExtVectors.fromBase(w.tensor(plan.unfolded().name()));
        long[] uMask = publicU() ? null : w.mask(plan.unfolded().vector());
        Ext2[] eq = hasEq() ? eqPoint(c) : null;
        if (!hasFolded()) {
            return new MaskedInstance(new long[][] {u}, new long[][] {uMask}, List.of(new ProductSumInstance.Term(coefficient(), 0)), eq);
        }
        long[] folded = spread(fold(w, c));
        long[] fMask = MaskedInstance.fromCommitted(w.vector(plan.foldMask()));
        return new MaskedInstance(new long[][] {u, folded}, new long[][] {uMask, fMask}, List.of(new ProductSumInstance.Term(coefficient(), 0, 1)),
                eq);
    }

    /** F_ρ(k) = Σ_f eq(ρ_F, f)·F(f, k), an extension table over the contracted index. */
    private long[] fold(Witness w, Challenges c) {
        long[] f = w.vector(plan.folded().vector()); // committed: its vector is its values
        long[] eq = Multilinear.eqTable(fFreePoint(c));
        int contracted = 1 << plan.contractedVars();
        int free = 1 << plan.fFreeVars();
        long[] out = new long[2 * contracted];
        for (int j = 0; j < free; j++) {
            long e0 = eq[2 * j], e1 = eq[2 * j + 1];
            for (int k = 0; k < contracted; k++) {
                long v = plan.fContractedLow() ? f[j * contracted + k] : f[k * free + j];
                if (v != 0) {
                    out[2 * k] = addCanonical(out[2 * k], mul(e0, v));
                    out[2 * k + 1] = addCanonical(out[2 * k + 1], mul(e1, v));
                }
            }
        }
        return out;
    }

    /** The folded table repeated over U's free variables, in U's variable order. */
    private long[] spread(long[] folded) {
        int contracted = 1 << plan.contractedVars();
        int free = 1 << plan.uFreeVars();
        long[] out = new long[2 * contracted * free];
        for (int j = 0; j < free; j++) {
            for (int k = 0; k < contracted; k++) {
                int x = plan.uContractedLow() ? j * contracted + k : k * free + j;
                out[2 * x] = folded[2 * k];
                out[2 * x + 1] = folded[2 * k + 1];
            }
        }
        return out;
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        long[] u = w.tensor(plan.unfolded().name());
        long[] eq = hasEq() ? Multilinear.eqTable(eqPoint(c)) : null;
        long[] folded = hasFolded() ? spread(fold(w, c)) : null;
        Ext2 sum = Ext2.ZERO;
        for (int x = 0; x < u.length; x++) {
            if (u[x] == 0) {
                continue;
            }
            Ext2 term = eq == null ? Ext2.fromBase(u[x]) : Ext2.at(eq, x).mul(u[x]);
            sum = sum.add(folded == null ? term : term.mul(Ext2.at(folded, x)));
        }
        return sum.mul(coefficient());
    }

    /** The masked final values: U's (unless public), then F's folded one. */
    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        return publicU() ? Arrays.copyOfRange(v, 1, v.length) : v;
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return (publicU() ? 0 : 1) + (hasFolded() ? 1 : 0);
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 u = publicU() ? pub.evaluate(plan.unfolded(), point) : revealed[0];
        Ext2 v = coefficient().mul(u);
        if (hasEq()) {
            v = v.mul(Multilinear.eq(eqPoint(c), point));
        }
        return hasFolded() ? v.mul(revealed[publicU() ? 0 : 1]) : v;
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        if (!publicU()) {
            claims.add(ClaimTerms.maskedClaim(plan.unfolded().vector(), point, revealed[0]));
        }
        if (hasFolded()) {
            VectorRef f = plan.folded().vector();
            claims.add(new LinearClaim(List.of(ClaimTerms.plain(f, foldedPoint(contractedCoordinates(point), c), Ext2.ONE),
                    ClaimTerms.foldMask(plan.foldMask(), point)), revealed[publicU() ? 0 : 1]));
        }
        return claims;
    }
}
