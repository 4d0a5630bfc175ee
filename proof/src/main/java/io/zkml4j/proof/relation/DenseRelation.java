package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;

/**
 * A dense layer. At a random point ρ = (ρ_o, ρ_b) of its output (row, sample) the accumulator
 * acc(ρ) = Σ_i W(ρ_o, i)·x(i, ρ_b) + b(ρ_o) must match the requantisation witness:
 * acc = 2^k·t + Σ_l 2^(16l)·r_l − 2^(k−1) everywhere (padding included, where acc = 0). So the
 * sumcheck proves Σ_i W(ρ_o, i)·x(i, ρ_b) = 2^k·t(ρ) + Σ_l 2^(16l)·r_l(ρ) − 2^(k−1) − b(ρ_o),
 * a hidden claim linear in committed data. W and x are masked on their first input variable.
 */
public final class DenseRelation implements Relation {
    private final LayerPlan.Dense plan;
    private final String label;

    public DenseRelation(LayerPlan.Dense plan) {
        this.plan = plan;
        this.label = "dense." + plan.layer().name();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int numVars() {
        return Integer.numberOfTrailingZeros(plan.columns());
    }

    @Override
    public int round0Degree() {
        return plan.input().isPublic() ? 3 : 4;
    }

    @Override
    public int laterDegree() {
        return 2;
    }

    private int rowVars() {
        return Integer.numberOfTrailingZeros(plan.rows());
    }

    private TensorPlan output() {
        return plan.requant().output();
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".rho", output().numVars()));
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        // Every sample of the batch is a real execution (padding repeats the first), so the bias
        // is added everywhere: Σ_b eq(ρ_b, b)·b(ρ_o) = b(ρ_o).
        Ext2[] rho = c.point(label);
        return RequantLink.minus(RequantLink.accumulator(plan.requant(), rho, pub),
                ClaimTerms.plain(plan.bias(), Arrays.copyOf(rho, rowVars()), Ext2.ONE));
    }

    // ---- prover ----

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        long[][] tables = {foldWeights(w, c), foldInput(w, c)};
        long[][] masks = {w.mask(plan.weight()), plan.input().isPublic() ? null : w.mask(plan.input().vector())};
        return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)), null);
    }

    /** W(ρ_o, i) = Σ_o eq(ρ_o, o)·W(o, i), as an extension table over the input index. */
    private long[] foldWeights(Witness w, Challenges c) {
        long[] eq = Multilinear.eqTable(Arrays.copyOf(c.point(label), rowVars()));
        long[] weights = w.vector(plan.weight());
        int cols = plan.columns();
        long[] out = new long[2 * cols];
        for (int o = 0; o < plan.rows(); o++) {
            long e0 = eq[2 * o], e1 = eq[2 * o + 1];
            int row = o * cols;
            for (int i = 0; i < cols; i++) {
                long x = weights[row + i];
                if (x != 0) {
                    out[2 * i] = addCanonical(out[2 * i], mul(e0, x));
                    out[2 * i + 1] = addCanonical(out[2 * i + 1], mul(e1, x));
                }
            }
        }
        return out;
    }

    /** x(i, ρ_b) = Σ_b eq(ρ_b, b)·x(b, i). */
    private long[] foldInput(Witness w, Challenges c) {
        Ext2[] rho = c.point(label);
        long[] eq = Multilinear.eqTable(Arrays.copyOfRange(rho, rowVars(), rho.length));
        long[] x = w.tensor(plan.input().name());
        int cols = plan.columns();
        long[] out = new long[2 * cols];
        for (int b = 0; b < eq.length / 2; b++) {
            long e0 = eq[2 * b], e1 = eq[2 * b + 1];
            for (int i = 0; i < cols; i++) {
                long v = x[b * cols + i];
                out[2 * i] = addCanonical(out[2 * i], mul(e0, v));
                out[2 * i + 1] = addCanonical(out[2 * i + 1], mul(e1, v));
            }
        }
        return out;
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        return ExtVectors.innerProduct(foldWeights(w, c), foldInput(w, c));
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        return plan.input().isPublic() ? new Ext2[] {v[0]} : v;
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return plan.input().isPublic() ? 1 : 2;
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 x = plan.input().isPublic() ? pub.evaluate(plan.input(), inputPoint(point, c)) : revealed[1];
        return revealed[0].mul(x);
    }

    private Ext2[] inputPoint(Ext2[] point, Challenges c) {
        Ext2[] rho = c.point(label);
        return ClaimTerms.concat(point, Arrays.copyOfRange(rho, rowVars(), rho.length));
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        Ext2[] rhoRow = Arrays.copyOf(c.point(label), rowVars());
        claims.add(ClaimTerms.maskedClaim(plan.weight(), ClaimTerms.concat(point, rhoRow), revealed[0]));
        if (!plan.input().isPublic()) {
            claims.add(ClaimTerms.maskedClaim(plan.input().vector(), inputPoint(point, c), revealed[1]));
        }
        return claims;
    }
}
