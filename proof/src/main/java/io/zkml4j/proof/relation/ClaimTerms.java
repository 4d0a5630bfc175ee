package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;
import io.zkml4j.core.pcs.Weights;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.proof.circuit.ExtVectorRef;
import io.zkml4j.proof.circuit.VectorRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builders of commitment claims. A revealed masked value f'(s) = f̃(s) + s_0(1 − s_0)·R(s_1..s_4)
 * becomes the claim "f at s plus that multiple of its mask R at (s_1..s_4) equals the value" (R's
 * committed table evaluated as {@link MaskedInstance#committedMaskPoint} says): the commitment
 * proves the combination without revealing either part.
 */
public final class ClaimTerms {
    private ClaimTerms() {}

    /** Terms of coefficient·f'(point) for a masked vector evaluated at a full point. */
    public static List<LinearClaim.Term> masked(VectorRef v, Ext2[] point, Ext2 coefficient) {
        if (point.length != v.numVars()) {
            throw new IllegalArgumentException(v.name() + " has " + v.numVars() + " variables, point has " + point.length);
        }
        List<LinearClaim.Term> terms = new ArrayList<>();
        terms.add(new LinearClaim.Term(v.commitment(), v.poly(), new Weights.Eq(point), coefficient));
        if (v.masked()) {
            terms.add(new LinearClaim.Term(VectorRef.WITNESS, v.mask(), new Weights.Eq(MaskedInstance.committedMaskPoint(point)),
                    coefficient.mul(MaskedInstance.committedMaskCoefficient(point))));
        }
        return terms;
    }

    /**
     * The term r_0(1 − r_0)·R(r_1..r_4) of a committed mask R of its own (a fold mask): what a value
     * revealed at the sumcheck point r, folded from a vector rather than evaluated on it, carries.
     */
    public static LinearClaim.Term foldMask(VectorRef mask, Ext2[] point) {
        return new LinearClaim.Term(mask.commitment(), mask.poly(), new Weights.Eq(MaskedInstance.committedMaskPoint(point)),
                MaskedInstance.committedMaskCoefficient(point));
    }

    /** coefficient·Σ weights·g over a committed sumcheck mask g, split along its chunks (explicit weights within each). */
    public static List<LinearClaim.Term> sumcheckMask(List<VectorRef> chunks, long[] interleavedWeights, Ext2 coefficient) {
        int width = interleavedWeights.length / chunks.size();
        List<LinearClaim.Term> terms = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            VectorRef chunk = chunks.get(k);
            terms.add(new LinearClaim.Term(chunk.commitment(), chunk.poly(),
                    new Weights.Explicit(Arrays.copyOfRange(interleavedWeights, k * width, (k + 1) * width)), coefficient));
        }
        return terms;
    }

    /** The claim f'(point) = value. */
    public static LinearClaim maskedClaim(VectorRef v, Ext2[] point, Ext2 value) {
        return new LinearClaim(masked(v, point, Ext2.ONE), value);
    }

    /** The claim h'(point) = value for an extension vector h = c0 + φ·c1, each part masked. */
    public static LinearClaim maskedClaim(ExtVectorRef v, Ext2[] point, Ext2 value) {
        List<LinearClaim.Term> terms = new ArrayList<>(masked(v.c0(), point, Ext2.ONE));
        terms.addAll(masked(v.c1(), point, Ext2.of(0, 1)));
        return new LinearClaim(terms, value);
    }

    /** Term coefficient·Σ_x f(x) (all-ones weights, as 2^n·eq(½, ..., ½)). */
    public static LinearClaim.Term sum(VectorRef v, Ext2 coefficient) {
        Ext2[] half = new Ext2[v.numVars()];
        Arrays.fill(half, Ext2.fromBase(io.zkml4j.core.field.Goldilocks.inverse(2)));
        return new LinearClaim.Term(v.commitment(), v.poly(), new Weights.Eq(half),
                coefficient.mul(io.zkml4j.core.field.Goldilocks.pow(2, v.numVars())));
    }

    /** Term coefficient·f̃(point) (no mask: linear claims reveal nothing). */
    public static LinearClaim.Term plain(VectorRef v, Ext2[] point, Ext2 coefficient) {
        return new LinearClaim.Term(v.commitment(), v.poly(), new Weights.Eq(point), coefficient);
    }

    /** The multilinear extension of a public vector at a point. */
    public static Ext2 evaluate(long[] values, Ext2[] point) {
        return Multilinear.evaluateBase(values, point);
    }

    static Ext2[] concat(Ext2[] low, Ext2[] high) {
        Ext2[] out = Arrays.copyOf(low, low.length + high.length);
        System.arraycopy(high, 0, out, low.length, high.length);
        return out;
    }

    /**
     * The multilinear extension at u of a per-sample vector repeated over every sample of the
     * (padded) batch: the batch variables are the highest and eq over them sums to one, so it is the
     * per-sample vector's extension at u's low coordinates (the verifier's work does not grow with
     * the batch).
     */
    public static Ext2 repeatedEvaluate(long[] perSample, Ext2[] u) {
        return Multilinear.evaluateBase(perSample, Arrays.copyOf(u, Integer.numberOfTrailingZeros(perSample.length)));
    }
}
