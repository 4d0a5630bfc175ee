package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.ProductSumInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.transcript.ChallengeSource;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sparse linear map with public coefficients from a source tensor to a target: at a random point
 * u of the target, Σ_j G(u, j)·x(j) = target(u) − constants(u), with G(u, j) = Σ_{e: source(e) = j}
 * eq(u, target(e))·weight(e), the same map in every sample. The target is either a committed
 * matrix (im2col, concatenation parts), the output minus differences (max pooling), or a
 * requantisation ({@link Target}). The
 * verifier evaluates G at the final point itself, in time proportional to the map's entries.
 */
public final class GatherRelation implements Relation {
    private final String label;
    private final SparseMap map;
    private final TensorPlan source;
    private final Target target;
    private final int batchVars;

    public GatherRelation(String label, SparseMap map, TensorPlan source, Target target) {
        this.label = label;
        this.map = map;
        this.source = source;
        this.target = target;
        this.batchVars = source.layout().batchVars();
        if (source.layout().sampleSize() != map.sourceSize()
                || target.numVars() != Integer.numberOfTrailingZeros(map.targetSize()) + batchVars) {
            throw new IllegalArgumentException(label + ": the map's sizes do not match the source and target layouts");
        }
    }

    @Override
    public String label() {
        return label;
    }

    /** The map, the same in every sample. */
    public SparseMap map() {
        return map;
    }

    public TensorPlan source() {
        return source;
    }

    public Target target() {
        return target;
    }

    @Override
    public int numVars() {
        return source.numVars();
    }

    @Override
    public int round0Degree() {
        return source.isPublic() ? 2 : 3;
    }

    @Override
    public int laterDegree() {
        return 2;
    }

    private int targetSampleVars() {
        return Integer.numberOfTrailingZeros(map.targetSize());
    }

    @Override
    public void drawPoints(ChallengeSource ch, Challenges c) {
        c.putPoint(label, ch.challengeExts(label + ".u", target.numVars()));
    }

    @Override
    public HiddenClaim claim(Challenges c, PublicTensors pub) {
        Ext2[] u = c.point(label);
        HiddenClaim t = target.claimAt(u, pub);
        return new HiddenClaim(t.terms(), t.constant().sub(constantsAt(u)));
    }

    /** constants(u): the map's constants are the same in every sample, and eq over the batch sums to one. */
    private Ext2 constantsAt(Ext2[] u) {
        return ClaimTerms.repeatedEvaluate(map.constants(), u);
    }

    // ---- prover ----

    /** G(u, ·) over the source's full vector. */
    private long[] table(Challenges c) {
        long[] perSample = perSample(c);
        long[] eqBatch = eqBatch(c);
        int size = map.sourceSize();
        long[] out = new long[2 * (1 << batchVars) * size];
        // eq(u_batch, b) ⊗ the per-sample table: one product per entry, samples in parallel
        java.util.stream.IntStream.range(0, 1 << batchVars).parallel().forEach(b -> {
            long w0 = eqBatch[2 * b], w1 = eqBatch[2 * b + 1];
            for (int j = 0, o = 2 * b * size; j < size; j++, o += 2) {
                long p0 = perSample[2 * j], p1 = perSample[2 * j + 1];
                out[o] = Ext2.mul0(p0, p1, w0, w1);
                out[o + 1] = Ext2.mul1(p0, p1, w0, w1);
            }
        });
        return out;
    }

    /** Σ_j eq(u_in, target(j))·weight: the map's transpose applied to eq at the point's per-sample part. */
    private long[] perSample(Challenges c) {
        return map.transposeApply(Multilinear.eqTable(Arrays.copyOf(c.point(label), targetSampleVars())));
    }

    private long[] eqBatch(Challenges c) {
        Ext2[] u = c.point(label);
        return Multilinear.eqTable(Arrays.copyOfRange(u, targetSampleVars(), u.length));
    }

    @Override
    public SumcheckProverInstance instance(Witness w, Challenges c) {
        long[][] tables = {table(c), io.zkml4j.core.poly.ExtVectors.fromBase(w.tensor(source.name()))};
        long[][] masks = {null, source.isPublic() ? null : w.mask(source.vector())};
        return new MaskedInstance(tables, masks, List.of(new ProductSumInstance.Term(Ext2.ONE, 0, 1)), null);
    }

    /** Σ_b eq(u_batch, b)·⟨per-sample table, x_b⟩, without the table over every sample. */
    @Override
    public Ext2 claimValue(Witness w, Challenges c) {
        long[] perSample = perSample(c);
        long[] eqBatch = eqBatch(c);
        long[] x = w.tensor(source.name());
        int size = map.sourceSize();
        return java.util.stream.IntStream.range(0, 1 << batchVars).parallel().mapToObj(b -> {
            long[] sample = Arrays.copyOfRange(x, Math.min(x.length, b * size), Math.min(x.length, (b + 1) * size));
            return io.zkml4j.core.poly.ExtVectors.innerProductBase(perSample, sample).mul(Ext2.at(eqBatch, b));
        }).reduce(Ext2.ZERO, Ext2::add);
    }

    @Override
    public Ext2[] revealed(SumcheckProverInstance instance) {
        Ext2[] v = ((MaskedInstance) instance).finalTableValues();
        return source.isPublic() ? new Ext2[0] : new Ext2[] {v[1]};
    }

    // ---- verifier ----

    @Override
    public int revealedCount() {
        return source.isPublic() ? 0 : 1;
    }

    /** G(u, s) = eq(u_batch, s_batch)·Σ_e eq(u_in, target(e))·weight(e)·eq(s_in, source(e)). */
    private Ext2 mapAt(Ext2[] point, Challenges c) {
        Ext2[] u = c.point(label);
        int sourceVars = Integer.numberOfTrailingZeros(map.sourceSize());
        long[] eqU = Multilinear.eqTable(Arrays.copyOf(u, targetSampleVars()));
        long[] eqS = Multilinear.eqTable(Arrays.copyOf(point, sourceVars));
        long s0 = 0, s1 = 0;
        for (int e = 0; e < map.entries(); e++) {
            Ext2 v = Ext2.at(eqU, map.target()[e]).mul(Ext2.at(eqS, map.source()[e])).mul(map.weight()[e]);
            s0 = Goldilocks.add(s0, v.c0);
            s1 = Goldilocks.add(s1, v.c1);
        }
        Ext2 batch = Multilinear.eq(Arrays.copyOfRange(u, targetSampleVars(), u.length), Arrays.copyOfRange(point, sourceVars, point.length));
        return Ext2.of(s0, s1).mul(batch);
    }

    @Override
    public Ext2 finalValue(Ext2[] point, Ext2[] revealed, Challenges c, PublicTensors pub) {
        Ext2 x = source.isPublic() ? pub.evaluate(source, point) : revealed[0];
        return mapAt(point, c).mul(x);
    }

    @Override
    public List<LinearClaim> revealedClaims(Ext2[] point, Ext2[] revealed, Challenges c) {
        List<LinearClaim> claims = new ArrayList<>();
        if (!source.isPublic()) {
            claims.add(ClaimTerms.maskedClaim(source.vector(), point, revealed[0]));
        }
        return claims;
    }
}
