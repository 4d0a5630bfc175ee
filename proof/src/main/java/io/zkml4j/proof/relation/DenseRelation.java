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
 * acc = 2^k·t + Σ_l 2^(8l)·r_l − 2^(k−1) everywhere (padding included, where acc = 0). So the
 * sumcheck proves Σ_{i,b} W(ρ_o, i)·x(i, b)·eq(ρ_b, b) = 2^k·t(ρ) + Σ_l 2^(8l)·r_l(ρ) − 2^(k−1)
 * − b(ρ_o), a hidden claim linear in committed data. W and x are masked on their first input
 * variable. The sum runs over the batch variables too (with an eq factor) rather than folding
 * them at ρ_b, so that x is revealed at the prefix of the common sumcheck point, like in every
 * other relation: two revealed values of one vector at different points would share their mask
 * term, and their difference would be unmasked.
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
        return columnVars() + batchVars();
    }

    private int columnVars() {
        return Integer.numberOfTrailingZeros(plan.columns());
    }

    private int batchVars() {
        return plan.input().layout().batchVars();
    }

    /** With a batch, eq(ρ_b, b) is a factor of its own. */
    private boolean batched() {
        return batchVars() > 0;
    }

    @Override
    public int round0Degree() {
        return (plan.input().isPublic() ? 3 : 4) + (batched() ? 1 : 0);
    }

    @Override
    public int laterDegree() {
        return batched() ? 3 : 2;
    }

    private int rowVars() {
        return Integer.numberOfTrailingZeros(plan.rows());
    }

    /**
     * The eq factor's point (½, ..., ½, ρ_b): eq(½, i) = ½ per column variable, compensated by
     * 2^(column variables), leaves eq(ρ_b, b).
     */
    private Ext2[] batchEqPoint(Challenges c) {
        Ext2[] rho = c.point(label);
        Ext2[] z = new Ext2[numVars()];
        Arrays.fill(z, 0, columnVars(), Ext2.fromBase(io.zkml4j.core.field.Goldilocks.inverse(2)));
        System.arraycopy(rho, rowVars(), z, columnVars(), batchVars());
        return z;
    }

    private Ext2 columnScale() {
        return Ext2.fromBase(io.zkml4j.core.field.Goldilocks.pow(2, columnVars()));
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
        long[][] masks = {w.mask(plan.weight()), plan.input().isPublic() ? null : w.mask(plan.input().vector())};
        if (!batched()) {
            long[][] tables = {foldWeights(w, c), foldInput(w, c)};
            return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)), null);
        }
        long[] weights = foldWeights(w, c);
        long[] repeated = new long[weights.length << batchVars()];
        for (int b = 0; b < 1 << batchVars(); b++) {
            System.arraycopy(weights, 0, repeated, b * weights.length, weights.length);
        }
        long[][] tables = {repeated, ExtVectors.fromBase(w.tensor(plan.input().name()))};
        return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(columnScale(), 0, 1)), batchEqPoint(c));
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
        Ext2 x = plan.input().isPublic() ? pub.evaluate(plan.input(), point) : revealed[1];
        Ext2 product = revealed[0].mul(x);
        return batched() ? product.mul(columnScale()).mul(Multilinear.eq(batchEqPoint(c), point)) : product;
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        // point = (i, b): W at (i, ρ_o), x at (i, b).
        List<LinearClaim> claims = new ArrayList<>();
        Ext2[] rhoRow = Arrays.copyOf(c.point(label), rowVars());
        claims.add(ClaimTerms.maskedClaim(plan.weight(), ClaimTerms.concat(Arrays.copyOf(point, columnVars()), rhoRow), revealed[0]));
        if (!plan.input().isPublic()) {
            claims.add(ClaimTerms.maskedClaim(plan.input().vector(), point, revealed[1]));
        }
        return claims;
    }
}
