package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.MaskedInstance;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;
import io.zkml4j.core.util.Parallel;

import java.util.Arrays;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * One fraction-tree layer's sumcheck, Σ_x eq(ρ, x)·[p_L q_R + p_R q_L + μ·q_L q_R](x), with the
 * children's tables masked in zero knowledge as {@link MaskedInstance} masks them: f'(x) = f̃(x) +
 * x_0(1 − x_0)·R(x_1..x_4). Round 0 is written for this one shape (degree 4 in x_0 before the eq
 * factor, evaluated at 0, 2, 3, 4 with the value at 1 taken from the claim); binding x_0 folds the
 * masks into the tables and the remaining rounds are the plain {@link FractionLayerInstance}.
 * Null numerators are all ones (a lookup's leaves): their products cost nothing.
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
        return rest != null ? rest.roundValues(claim) : round0(claim);
    }

    /** t(X) = Σ_i eq(ρ_rest, i)·[p_L q_R + p_R q_L + μ q_L q_R](X, i) with masked tables; s(X) = eq(ρ_0, X)·t(X). */
    private Ext2[] round0(Ext2 claim) {
        int pairs = 1 << (numVars - 1);
        long[] eqRest = Multilinear.eqTable(Arrays.copyOfRange(rho, 1, numVars));
        Ext2 z0 = rho[0];
        boolean derive = !z0.isZero();
        int[] xs = derive ? new int[] {0, 2, 3, 4} : new int[] {0, 1, 2, 3, 4};
        int chunks = Parallel.chunks(pairs);
        long[] zero = new long[2 * MaskedInstance.MASK_SIZE];
        long[] mpl = masks[0] == null ? zero : masks[0], mpr = masks[1] == null ? zero : masks[1];
        long[] mql = masks[2] == null ? zero : masks[2], mqr = masks[3] == null ? zero : masks[3];
        long m0 = mu.c0, m1 = mu.c1;
        boolean unit = pL == null;
        // acc[4·j ..]: Σ w·A(x_j) and Σ w·B(x_j) with A = p_L q_R + p_R q_L, B = q_L q_R
        long[][] tables = {pL, pR, qL, qR};
        long[][] maskOf = {mpl, mpr, mql, mqr};
        int first = unit ? 2 : 0; // all-one numerators have no table
        // acc[4·j ..]: Σ w·A(x_j) and Σ w·B(x_j) with A = p_L q_R + p_R q_L, B = q_L q_R; each table's
        // f(X) = lo + X·(hi − lo) + X(1 − X)·R is stepped by additions: f(X + 1) − f(X) = (hi − lo) − 2X·R.
        long[] acc = Parallel.sumChunks(pairs, 4 * xs.length, c -> {
            long[] a = new long[4 * xs.length];
            long[] val = new long[8], step = new long[8], curve = new long[8];
            for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                int o = 4 * i, m = 2 * (i & (MaskedInstance.MASK_SIZE - 1));
                for (int k = first; k < 4; k++) {
                    long[] t = tables[k];
                    int at = from[k] + o;
                    for (int h = 0; h < 2; h++) {
                        val[2 * k + h] = t[at + h];
                        step[2 * k + h] = subCanonical(t[at + 2 + h], t[at + h]);
                        long r = maskOf[k][m + h];
                        curve[2 * k + h] = subCanonical(0, addCanonical(r, r));
                    }
                }
                long w0 = eqRest[2 * i], w1 = eqRest[2 * i + 1];
                int j = 0;
                for (int x = 0; x <= 4; x++) {
                    if (x > 0) {
                        for (int k = 2 * first; k < 8; k++) {
                            val[k] = addCanonical(val[k], step[k]);
                            step[k] = addCanonical(step[k], curve[k]);
                        }
                    }
                    if (x != xs[j]) {
                        continue;
                    }
                    long ql0 = val[4], ql1 = val[5], qr0 = val[6], qr1 = val[7];
                    long a0, a1;
                    if (unit) {
                        a0 = addCanonical(ql0, qr0);
                        a1 = addCanonical(ql1, qr1);
                    } else {
                        long pl0 = val[0], pl1 = val[1], pr0 = val[2], pr1 = val[3];
                        a0 = addCanonical(Ext2.mul0(pl0, pl1, qr0, qr1), Ext2.mul0(pr0, pr1, ql0, ql1));
                        a1 = addCanonical(Ext2.mul1(pl0, pl1, qr0, qr1), Ext2.mul1(pr0, pr1, ql0, ql1));
                    }
                    long b0 = Ext2.mul0(ql0, ql1, qr0, qr1), b1 = Ext2.mul1(ql0, ql1, qr0, qr1);
                    a[4 * j] = addCanonical(a[4 * j], Ext2.mul0(w0, w1, a0, a1));
                    a[4 * j + 1] = addCanonical(a[4 * j + 1], Ext2.mul1(w0, w1, a0, a1));
                    a[4 * j + 2] = addCanonical(a[4 * j + 2], Ext2.mul0(w0, w1, b0, b1));
                    a[4 * j + 3] = addCanonical(a[4 * j + 3], Ext2.mul1(w0, w1, b0, b1));
                    j++;
                }
            }
            return a;
        });
        Ext2[] t = new Ext2[5];
        for (int j = 0; j < xs.length; j++) {
            long b0 = Ext2.mul0(m0, m1, acc[4 * j + 2], acc[4 * j + 3]), b1 = Ext2.mul1(m0, m1, acc[4 * j + 2], acc[4 * j + 3]);
            t[xs[j]] = Ext2.of(addCanonical(acc[4 * j], b0), addCanonical(acc[4 * j + 1], b1));
        }
        if (derive) { // claim = (1 − z_0)·t(0) + z_0·t(1)
            t[1] = claim.sub(Ext2.ONE.sub(z0).mul(t[0])).mul(z0.inverse());
        }
        return MaskedInstance.timesEq(t, z0, ROUND0_DEGREE);
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
