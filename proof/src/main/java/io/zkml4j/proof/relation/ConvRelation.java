package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;

/**
 * A convolution as a matrix product with its im2col matrix X = im2col(x), which is never committed.
 * The output point ρ = (pixel, channel in group, group, sample); the sum runs over (group, kernel
 * index k), with k lowest:
 * Σ_{g,k} eq(ρ_g, g)·[Σ_c eq(ρ_c, c)·W(g, c, k)]·[Σ_{p,b} eq(ρ_p, p)·eq(ρ_b, b)·X(b, p, g, k)]
 * = acc(ρ) − bias(ρ_c, ρ_g)·valid(ρ_p), with acc given by the requantisation witness.
 *
 * <p>At the sumcheck's point s = (k, g), X's value is a linear function of the input x:
 * X̃(s, ρ_p, ρ_b) = Σ_{b,j} x(b, j)·eq(ρ_b, b)·H(j) + C, with H(j) = Σ_{entries e reading j}
 * eq((s, ρ_p), target(e))·weight(e) and C the map's constants there (as zkCNN proves a convolution
 * against its input). The verifier computes H itself, in time proportional to the map's entries.
 * A public input's X value is computed outright; a committed input's is revealed masked by a mask
 * of its own and becomes a claim on x with weights H ⊗ eq(ρ_b) ({@link Weights.Product}).
 */
public final class ConvRelation implements Relation {
    private final LayerPlan.Conv plan;
    private final String label;

    public ConvRelation(LayerPlan.Conv plan) {
        this.plan = plan;
        this.label = "conv." + plan.layer().name();
        int outputBatchVars = plan.requant().output().numVars() - plan.pixelVars() - plan.channelVars() - plan.groupVars();
        if (plan.input().layout().sampleSize() != plan.im2col().sourceSize() || plan.input().layout().batchVars() != outputBatchVars
                || plan.input().isPublic() != (plan.columnsMask() == null)) {
            throw new IllegalArgumentException(label + ": the im2col map does not read the input's samples, or the mask does not match its visibility");
        }
    }

    @Override
    public String label() {
        return label;
    }

    /** The layer's plan: its geometry, im2col map, vectors and variable groups (the EVM verifier writer reads them). */
    public LayerPlan.Conv plan() {
        return plan;
    }

    @Override
    public int numVars() {
        return plan.groupVars() + plan.kernelVars();
    }

    /**
     * With several groups, eq(ρ_g, g) cannot be folded into the weight table: it would scale that
     * table's mask too. It stays a separate eq factor over all variables whose kernel coordinates
     * are ½ (eq(½, b) = ½ for every b), compensated by 2^(kernel variables).
     */
    private boolean grouped() {
        return plan.groupVars() > 0;
    }

    /** W' times X' (each masked, X' only for a committed input) in round 0, times eq over the groups when grouped. */
    @Override
    public int round0Degree() {
        return (publicInput() ? 3 : 4) + (grouped() ? 1 : 0);
    }

    @Override
    public int laterDegree() {
        return grouped() ? 3 : 2;
    }

    private Ext2[] groupEqPoint(Challenges c) {
        Ext2[] z = new Ext2[numVars()];
        Arrays.fill(z, 0, plan.kernelVars(), Ext2.fromBase(io.zkml4j.core.field.Goldilocks.inverse(2)));
        System.arraycopy(groups(c), 0, z, plan.kernelVars(), plan.groupVars());
        return z;
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".rho", plan.requant().output().numVars()));
    }

    private Ext2[] part(Challenges c, int from, int length) {
        return Arrays.copyOfRange(c.point(label), from, from + length);
    }

    private Ext2[] pixels(Challenges c) {
        return part(c, 0, plan.pixelVars());
    }

    private Ext2[] channels(Challenges c) {
        return part(c, plan.pixelVars(), plan.channelVars());
    }

    private Ext2[] groups(Challenges c) {
        return part(c, plan.pixelVars() + plan.channelVars(), plan.groupVars());
    }

    private Ext2[] batch(Challenges c) {
        int from = plan.pixelVars() + plan.channelVars() + plan.groupVars();
        return Arrays.copyOfRange(c.point(label), from, c.point(label).length);
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        long[] valid = new long[1 << plan.pixelVars()];
        Arrays.fill(valid, 0, plan.layer().geometry().outH() * plan.layer().geometry().outW(), 1);
        Ext2 validPixels = Multilinear.evaluateBase(valid, pixels(c));
        Ext2[] biasPoint = ClaimTerms.concat(channels(c), groups(c));
        return RequantLink.minus(RequantLink.accumulator(plan.requant(), c.point(label), pub),
                ClaimTerms.plain(plan.bias(), biasPoint, validPixels));
    }

    // ---- prover ----

    private int kernel() {
        return 1 << plan.kernelVars();
    }

    /** Σ_c eq(ρ_c, c)·W(g, c, k) over (g, k). */
    private long[] foldWeights(Witness w, Challenges c) {
        long[] eqC = Multilinear.eqTable(channels(c));
        long[] weights = w.vector(plan.weight());
        int perGroup = 1 << plan.channelVars();
        int k = kernel();
        long[] out = new long[2 * (1 << plan.groupVars()) * k];
        for (int g = 0; g < 1 << plan.groupVars(); g++) {
            for (int ch = 0; ch < perGroup; ch++) {
                Ext2 e = Ext2.at(eqC, ch);
                int row = (g * perGroup + ch) * k;
                for (int i = 0; i < k; i++) {
                    long x = weights[row + i];
                    if (x != 0) {
                        int o = 2 * (g * k + i);
                        out[o] = addCanonical(out[o], mul(e.c0, x));
                        out[o + 1] = addCanonical(out[o + 1], mul(e.c1, x));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Σ_{b,p} eq(ρ_b, b)·eq(ρ_p, p)·X(b, p, g, k) over (g, k), from the input: x folded over the
     * samples first, then each im2col entry adds its input value where it lands.
     */
    private long[] foldColumns(Witness w, Challenges c) {
        SparseMap map = plan.im2col();
        long[] x = w.convolutionInput(plan);
        long[] eqB = Multilinear.eqTable(batch(c));
        int source = map.sourceSize();
        long[] xb = new long[2 * source];
        for (int b = 0; b < eqB.length / 2; b++) {
            Ext2 e = Ext2.at(eqB, b);
            for (int j = 0; j < source; j++) {
                long v = x[b * source + j];
                if (v != 0) {
                    xb[2 * j] = addCanonical(xb[2 * j], mul(e.c0, v));
                    xb[2 * j + 1] = addCanonical(xb[2 * j + 1], mul(e.c1, v));
                }
            }
        }
        long[] eqP = Multilinear.eqTable(pixels(c));
        int width = (1 << plan.groupVars()) * kernel();
        long[] out = new long[2 * width];
        for (int e = 0; e < map.entries(); e++) {
            int t = map.target()[e];
            Ext2.at(out, t % width).add(Ext2.at(eqP, t / width).mul(Ext2.at(xb, map.source()[e]).mul(map.weight()[e]))).store(out, t % width);
        }
        long[] constants = map.constants(); // the same in every sample; eq over the samples sums to one
        for (int t = 0; t < constants.length; t++) {
            if (constants[t] != 0) {
                Ext2.at(out, t % width).add(Ext2.at(eqP, t / width).mul(constants[t])).store(out, t % width);
            }
        }
        return out;
    }

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        long[][] tables = {foldWeights(w, c), foldColumns(w, c)};
        long[][] masks = {w.mask(plan.weight()), publicInput() ? null : MaskedInstance.fromCommitted(w.vector(plan.columnsMask()))};
        if (!grouped()) {
            return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)), null);
        }
        Ext2 scale = Ext2.fromBase(io.zkml4j.core.field.Goldilocks.pow(2, plan.kernelVars()));
        return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(scale, 0, 1)), groupEqPoint(c));
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        long[] wf = foldWeights(w, c);
        if (grouped()) {
            long[] eqG = Multilinear.eqTable(groups(c));
            int k = kernel();
            for (int i = 0; i < wf.length / 2; i++) {
                Ext2.at(wf, i).mul(Ext2.at(eqG, i / k)).store(wf, i);
            }
        }
        return ExtVectors.innerProduct(wf, foldColumns(w, c));
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        return publicInput() ? new Ext2[] {v[0]} : v;
    }

    // ---- verifier ----

    private boolean publicInput() {
        return plan.input().isPublic();
    }

    @Override
    public int revealedCount() {
        return publicInput() ? 1 : 2;
    }

    /** The point of X's sample block where the sumcheck leaves it: (k, g) then ρ_p. */
    private Ext2[] columnsPoint(Ext2[] point, Challenges c) {
        return ClaimTerms.concat(point, pixels(c));
    }

    /** H(j) = Σ_{entries e reading j} eq(u, target(e))·weight(e) at u = (k, g, ρ_p): X's weights on an input sample. */
    private long[] inputWeights(Ext2[] point, Challenges c) {
        return plan.im2col().transposeApply(Multilinear.eqTable(columnsPoint(point, c)));
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 columns = publicInput() ? Weights.apply(new Weights.Product(inputWeights(point, c), batch(c)), pub.get(plan.input().publicRoot()))
                .add(constantsAt(point, c)) : revealed[1];
        Ext2 product = revealed[0].mul(columns);
        if (!grouped()) {
            return product;
        }
        Ext2 scale = Ext2.fromBase(io.zkml4j.core.field.Goldilocks.pow(2, plan.kernelVars()));
        return product.mul(scale).mul(Multilinear.eq(groupEqPoint(c), point));
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        // point = (k, g). W is laid out (k, c, g); X as (k, g, p, b).
        Ext2[] k = Arrays.copyOf(point, plan.kernelVars());
        Ext2[] g = Arrays.copyOfRange(point, plan.kernelVars(), point.length);
        List<LinearClaim> claims = new ArrayList<>();
        claims.add(ClaimTerms.maskedClaim(plan.weight(), ClaimTerms.concat(ClaimTerms.concat(k, channels(c)), g), revealed[0]));
        if (!publicInput()) {
            VectorRef x = plan.input().vector();
            claims.add(new LinearClaim(List.of(
                    new LinearClaim.Term(x.commitment(), x.poly(), new Weights.Product(inputWeights(point, c), batch(c)), Ext2.ONE),
                    ClaimTerms.foldMask(plan.columnsMask(), point)), revealed[1].sub(constantsAt(point, c))));
        }
        return claims;
    }

    /** The im2col map's constants at (k, g, ρ_p): the same in every sample, so eq over the samples drops out. */
    private Ext2 constantsAt(Ext2[] point, Challenges c) {
        return Multilinear.evaluateBase(plan.im2col().constants(), columnsPoint(point, c));
    }
}
