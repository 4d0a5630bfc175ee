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
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.List;

/**
 * An element-wise product proven at a random output point u: Σ_x eq(u, x)·m·P(x)·Π factors(x) =
 * target(u), where m is a constant, P an optional public per-position vector (a batch
 * normalisation's per-channel scale) and the factors are tensors in the target's layout
 * (Mul: a·b; Affine: x; ReLU: sign·t).
 */
public final class EqProductRelation implements Relation {
    private final String label;
    private final List<TensorPlan> factors;
    private final long[] scale;  // P per sample position (field), or null
    private final long multiplier;
    private final Target target;
    private final int samples;

    public EqProductRelation(String label, List<TensorPlan> factors, long multiplier, long[] scale, Target target) {
        this.label = label;
        this.factors = List.copyOf(factors);
        this.multiplier = multiplier;
        this.scale = scale;
        this.target = target;
        this.samples = factors.get(0).layout().batchPadded();
        for (TensorPlan f : factors) {
            if (f.numVars() != target.numVars()) {
                throw new IllegalArgumentException(label + ": factors and target differ in size");
            }
        }
    }

    @Override
    public String label() {
        return label;
    }

    /** The factors, in product order. */
    public List<TensorPlan> factors() {
        return factors;
    }

    public long multiplier() {
        return multiplier;
    }

    /** The public per-position scale (field elements, one sample), or null. */
    public long[] scale() {
        return scale == null ? null : scale.clone();
    }

    public Target target() {
        return target;
    }

    @Override
    public int numVars() {
        return target.numVars();
    }

    @Override
    public int round0Degree() {
        int d = 1 + (scale == null ? 0 : 1);
        for (TensorPlan f : factors) {
            d += f.isPublic() ? 1 : 2;
        }
        return d;
    }

    @Override
    public int laterDegree() {
        return 1 + (scale == null ? 0 : 1) + factors.size();
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".u", numVars()));
    }

    /** A per-sample vector repeated over the batch. */
    private long[] perPosition(long[] sample) {
        long[] out = new long[sample.length * samples];
        for (int b = 0; b < samples; b++) {
            System.arraycopy(sample, 0, out, b * sample.length, sample.length);
        }
        return out;
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        return target.claimAt(c.point(label), pub);
    }

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        List<long[]> tables = new ArrayList<>();
        List<long[]> masks = new ArrayList<>();
        int[] ks = new int[factors.size() + (scale == null ? 0 : 1)];
        for (int i = 0; i < factors.size(); i++) {
            TensorPlan f = factors.get(i);
            tables.add(ExtVectors.fromBase(w.tensor(f.name())));
            masks.add(f.isPublic() ? null : w.mask(f.vector()));
            ks[i] = i;
        }
        if (scale != null) {
            tables.add(ExtVectors.fromBase(perPosition(scale)));
            masks.add(null);
            ks[factors.size()] = factors.size();
        }
        return new MaskedInstance(tables.toArray(new long[0][]), masks.toArray(new long[0][]),
                List.of(new ProductSumInstance.Term(Ext2.fromBase(Goldilocks.fromSigned(multiplier)), ks)), c.point(label));
    }

    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        long[] eq = Multilinear.eqTable(c.point(label));
        long[] p = scale == null ? null : perPosition(scale);
        long m = Goldilocks.fromSigned(multiplier);
        Ext2 sum = Ext2.ZERO;
        List<long[]> values = factors.stream().map(f -> w.tensor(f.name())).toList();
        for (int x = 0; x < eq.length / 2; x++) {
            long v = m;
            for (long[] f : values) {
                v = Goldilocks.mul(v, f[x]);
            }
            if (p != null) {
                v = Goldilocks.mul(v, p[x]);
            }
            sum = sum.add(Ext2.at(eq, x).mul(v));
        }
        return sum;
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        List<Ext2> out = new ArrayList<>();
        for (int i = 0; i < factors.size(); i++) {
            if (!factors.get(i).isPublic()) {
                out.add(v[i]);
            }
        }
        return out.toArray(new Ext2[0]);
    }

    @Override
    public int revealedCount() {
        return (int) factors.stream().filter(f -> !f.isPublic()).count();
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 v = Ext2.fromBase(Goldilocks.fromSigned(multiplier));
        int next = 0;
        for (TensorPlan f : factors) {
            v = v.mul(f.isPublic() ? pub.evaluate(f, point) : revealed[next++]);
        }
        if (scale != null) {
            v = v.mul(ClaimTerms.repeatedEvaluate(scale, point));
        }
        return v.mul(Multilinear.eq(c.point(label), point));
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        int next = 0;
        for (TensorPlan f : factors) {
            if (!f.isPublic()) {
                claims.add(ClaimTerms.maskedClaim(f.vector(), point, revealed[next++]));
            }
        }
        return claims;
    }
}
