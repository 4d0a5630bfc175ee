package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.MaskedRoundZero;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;

import java.util.Arrays;
import java.util.List;

/**
 * One fraction-tree layer's sumcheck, Σ_x eq(ρ, x)·[p_L q_R + p_R q_L + μ·q_L q_R](x), with the
 * children's tables masked in zero knowledge as {@link MaskedInstance} masks them: f'(x) = f̃(x) +
 * x_0(1 − x_0)·R(x_1..x_4). Round 0 (degree 4 in x_0 before the eq factor) expands the masks
 * ({@link MaskedRoundZero}); binding x_0 folds the masks into the tables and the remaining rounds
 * are the plain {@link FractionLayerInstance}. Null numerators are all ones (a lookup's leaves):
 * their products cost nothing.
 */
public final class MaskedFractionLayerInstance implements SumcheckProverInstance {
    /** Round 0's degree with masked children (eq times two masked factors); the later rounds have 3. */
    public static final int ROUND0_DEGREE = 5;

    private final Ext2[] rho;
    private final Ext2 mu;
    private final int numVars;
    private long[] pL, pR, qL, qR;
    private final int[] from; // where each of pL, pR, qL, qR starts in its array (a half of a layer is read in place)
    private final long[][] masks; // of pL, pR, qL, qR (interleaved, 16 values) or null
    private FractionLayerInstance rest;

    /**
     * @param pL    children tables as interleaved extension values (null numerators: all ones)
     * @param masks each child's mask R (MaskedInstance.MASK_SIZE interleaved values) or null, in the order pL, pR, qL, qR
     */
    public MaskedFractionLayerInstance(Ext2[] rho, Ext2 mu, long[] pL, long[] pR, long[] qL, long[] qR, long[][] masks) {
        this(rho, mu, new long[][] {pL, pR, qL, qR}, new int[4], masks);
        if (qL.length != 2 << numVars || qR.length != qL.length || (pL != null && (pL.length != qL.length || pR.length != qL.length))) {
            throw new IllegalArgumentException("children of 2^" + numVars + " values each");
        }
    }

    /**
     * The same with each child read in place: child k is the 2^n interleaved values of
     * {@code arrays[k]} from {@code from[k]} (in longs), so that the two halves of a layer need no copies.
     */
    public MaskedFractionLayerInstance(Ext2[] rho, Ext2 mu, long[][] arrays, int[] from, long[][] masks) {
        this.numVars = rho.length;
        if (numVars < MaskedInstance.MIN_MASKED_VARS || numVars > 30 || arrays.length != 4 || from.length != 4 || masks.length != 4
                || (arrays[0] == null) != (arrays[1] == null) || arrays[2] == null || arrays[3] == null) {
            throw new IllegalArgumentException("four children (numerators may both be null) of 2^" + numVars + " values each, at least 2^"
                    + MaskedInstance.MIN_MASKED_VARS);
        }
        int length = 2 << numVars;
        for (int k = 0; k < 4; k++) {
            if (arrays[k] != null && (from[k] < 0 || from[k] > arrays[k].length - length)) {
                throw new IllegalArgumentException("child " + k + ": " + length + " longs from " + from[k] + " in an array of " + arrays[k].length);
            }
        }
        long[] pL = arrays[0], pR = arrays[1], qL = arrays[2], qR = arrays[3];
        if (pL == null && (masks[0] != null || masks[1] != null)) {
            throw new IllegalArgumentException("all-one numerators carry no mask");
        }
        this.rho = rho.clone();
        this.mu = mu;
        this.pL = pL;
        this.pR = pR;
        this.qL = qL;
        this.qR = qR;
        this.from = from.clone();
        this.masks = masks.clone();
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return ROUND0_DEGREE;
    }

    @Override
    public int degree(int round) {
        return round == 0 ? ROUND0_DEGREE : 3;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        return rest != null ? rest.roundValues(claim) : round0();
    }

    /**
     * t(X) = Σ_i eq(ρ_rest, i)·[p_L q_R + p_R q_L + μ q_L q_R](X, i) with masked tables, by
     * {@link MaskedRoundZero} (all-one numerators make p_L q_R + p_R q_L the sum q_R + q_L);
     * s(X) = eq(ρ_0, X)·t(X).
     */
    private Ext2[] round0() {
        long[] eqRest = Multilinear.eqTable(Arrays.copyOfRange(rho, 1, numVars));
        List<MaskedRoundZero.Term> terms = pL == null
                ? List.of(MaskedRoundZero.Term.of(Ext2.ONE, 2), MaskedRoundZero.Term.of(Ext2.ONE, 3), new MaskedRoundZero.Term(mu, 2, 3))
                : List.of(new MaskedRoundZero.Term(Ext2.ONE, 0, 3), new MaskedRoundZero.Term(Ext2.ONE, 1, 2), new MaskedRoundZero.Term(mu, 2, 3));
        Ext2[] t = MaskedRoundZero.values(new long[][] {pL, pR, qL, qR}, from, numVars, masks, terms, eqRest, ROUND0_DEGREE - 1);
        return MaskedInstance.timesEq(t, rho[0], ROUND0_DEGREE);
    }

    @Override
    public void bind(Ext2 r) {
        if (rest != null) {
            rest.bind(r);
            return;
        }
        long[][] bound = new long[4][];
        long[][] tables = {pL, pR, qL, qR};
        for (int k = 0; k < 4; k++) {
            bound[k] = tables[k] == null ? null : MaskedInstance.bindMasked(tables[k], from[k], 2 << numVars, masks[k], r);
        }
        pL = pR = qL = qR = null;
        Ext2 z0 = rho[0];
        Ext2 scale = Ext2.ONE.sub(z0).mul(Ext2.ONE.sub(r)).add(z0.mul(r));
        rest = new FractionLayerInstance(Arrays.copyOfRange(rho, 1, numVars), mu, bound[0], bound[1], bound[2], bound[3], scale);
    }

    /** p_L', p_R', q_L', q_R' at the final point (masked values; one for all-one numerators). */
    public Ext2[] finalValues() {
        if (rest == null) {
            throw new IllegalStateException("not all variables are bound yet");
        }
        return rest.finalValues();
    }
}
