package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.poly.Univariate;
import io.zkml4j.core.util.Parallel;

import java.util.Arrays;
import java.util.List;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * A product-sum sumcheck, Σ_x [eq(z, x)·] Σ_t c_t Π_{k∈t} f'_k(x), in which some tables carry a
 * zero-knowledge mask on their first variable: f'(x) = f̃(x) + x_0(1 − x_0)·R(x_1, ..., x_4), with
 * R a small random multilinear polynomial ({@link #MASK_SIZE} values in the extension). On the
 * Boolean cube f' = f, so the sum is unchanged, but the value the verifier learns at the end,
 * f'(r), is f̃(r) plus a random offset: revealing it says nothing about f (Libra's masking, with
 * the vanishing factor restricted to x_0).
 *
 * <p>Why the mask's values are extension elements even for a base-field f: R(r') = Σ_j eq(r', j)·R_j
 * with Σ_j eq(r', j) = 1, so some weight is non-zero and R(r') is uniform over the whole extension
 * for every r' a verifier may choose. With base-field R_j and a verifier that picks r' in the base
 * field, R(r') would stay in the base field and the other component of f'(r)/(r_0(1 − r_0)) would be
 * f̃(r)'s alone (the review's attack on live mode). Only r_0 ∈ {0, 1} cancels the mask, and the
 * protocol refuses it.
 *
 * <p>A mask is committed as {@link #COMMITTED_MASK_SIZE} base-field values, the c0 parts then the φ
 * parts ({@link #randomCommittedMask}); {@link #committedMaskPoint} and {@link #committedMaskCoefficient}
 * turn "coefficient·R(r_1..r_4)" into one evaluation of that committed table.
 *
 * <p>Only round 0 sees the masks: a masked factor has degree 2 in x_0, so that round has degree
 * 2·(masked factors) + (unmasked factors) [+1 with eq]. Binding x_0 := r folds r(1 − r)·R into the
 * tables, which are then plain multilinear tables, and a fast instance runs the remaining rounds.
 */
public final class MaskedInstance implements SumcheckProverInstance {
    /** Entries of a mask table: R over x_1..x_4, extension values. A masked table has at least {@link #MIN_MASKED_VARS} variables. */
    public static final int MASK_SIZE = 16;
    public static final int MASK_VARS = 4;
    public static final int MIN_MASKED_VARS = MASK_VARS + 1;
    /** Base-field values of a committed mask: c0 parts, then φ parts, over {@link #COMMITTED_MASK_VARS} variables. */
    public static final int COMMITTED_MASK_SIZE = 2 * MASK_SIZE;
    public static final int COMMITTED_MASK_VARS = MASK_VARS + 1;
    private static final Ext2 PHI = Ext2.of(0, 1);
    /** t = φ/(1 + φ): M̃(r', t)·(1 + φ) = M̃(r', 0) + φ·M̃(r', 1) for the committed layout M. */
    private static final Ext2 PART_SELECTOR = PHI.mul(Ext2.ONE.add(PHI).inverse());

    private final int numVars;
    private final int round0Degree;
    private final int laterDegree;
    private final Ext2[] eqPoint; // null when there is no eq factor
    private final List<ProductSumInstance.Term> terms;
    private long[][] tables; // interleaved extension, before round 0
    private final long[][] masks; // interleaved extension, MASK_SIZE entries each, or null
    private SumcheckProverInstance rest;

    /**
     * @param tables interleaved extension tables of equal length 2^n
     * @param masks  per table, its mask R (MASK_SIZE interleaved extension values) or null if unmasked
     * @param eqPoint the point of an eq factor over all n variables, or null
     */
    public MaskedInstance(long[][] tables, long[][] masks, List<ProductSumInstance.Term> terms, Ext2[] eqPoint) {
        if (tables.length != masks.length) {
            throw new IllegalArgumentException("one mask slot per table");
        }
        this.numVars = Multilinear.numVars(tables[0].length / 2);
        for (int k = 0; k < tables.length; k++) {
            if (tables[k].length != tables[0].length) {
                throw new IllegalArgumentException("all tables must have the same length");
            }
            if (masks[k] != null && (masks[k].length != 2 * MASK_SIZE || numVars < MIN_MASKED_VARS)) {
                throw new IllegalArgumentException("a masked table needs at least " + MIN_MASKED_VARS + " variables and a mask of "
                        + MASK_SIZE + " extension values");
            }
        }
        if (eqPoint != null && eqPoint.length != numVars) {
            throw new IllegalArgumentException("eq point has " + eqPoint.length + " coordinates, tables have " + numVars + " variables");
        }
        int d0 = 1;
        int d = 1;
        for (ProductSumInstance.Term t : terms) {
            int masked = 0;
            for (int k : t.tables()) {
                masked += masks[k] != null ? 1 : 0;
            }
            d0 = Math.max(d0, t.tables().length + masked);
            d = Math.max(d, t.tables().length);
        }
        int eq = eqPoint == null ? 0 : 1;
        this.round0Degree = d0 + eq;
        this.laterDegree = d + eq;
        this.eqPoint = eqPoint == null ? null : eqPoint.clone();
        this.terms = List.copyOf(terms);
        this.tables = Tables.canonical(tables);
        this.masks = new long[masks.length][];
        for (int k = 0; k < masks.length; k++) {
            this.masks[k] = masks[k] == null ? null : Tables.canonical(masks[k]).clone(); // round 0 steps by additions
        }
    }

    /** Degree of round 0 for these shapes, as the verifier must state it. */
    public static int round0Degree(int factorsPerTerm, int maskedFactorsPerTerm, boolean eq) {
        return factorsPerTerm + maskedFactorsPerTerm + (eq ? 1 : 0);
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        return Math.max(round0Degree, laterDegree);
    }

    @Override
    public int degree(int round) {
        return round == 0 ? round0Degree : laterDegree;
    }

    /** Round degrees [round0, later, later, ...] for a sumcheck of n variables. */
    public int[] roundDegrees() {
        int[] d = new int[numVars];
        Arrays.fill(d, laterDegree);
        if (numVars > 0) {
            d[0] = round0Degree;
        }
        return d;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        return rest != null ? rest.roundValues(claim) : round0(claim);
    }

    /**
     * s(X) = Σ_i [eq(z_0, X)·eq(z_rest, i)·] P(X, i) at X = 0..round0Degree, masks included.
     * Terms of at most two tables go to {@link MaskedRoundZero}, which expands the masks instead.
     *
     * <p>Longer terms are evaluated pointwise: each table's f(X) = lo + X·(hi − lo) + X(1 − X)·R is stepped by additions alone: f(X + 1) −
     * f(X) = (hi − lo) − 2X·R, whose own step is −2R. The terms accumulate as {@link TermSlots} says:
     * those with coefficient ±1 are summed and weighted by eq(z_rest, i) once per point.
     */
    private Ext2[] round0(Ext2 claim) {
        // With an eq factor, s(X) = eq(z_0, X)·P(X) and only P (one degree less) is evaluated; its value at
        // X = 1 follows from the claim s(0) + s(1), so the loop skips that point.
        Ext2 z0 = eqPoint == null ? null : eqPoint[0];
        int degree = eqPoint == null ? round0Degree : round0Degree - 1;
        long[] eqRest = eqPoint == null ? null : Multilinear.eqTable(Arrays.copyOfRange(eqPoint, 1, numVars));
        if (MaskedRoundZero.handles(terms)) {
            Ext2[] p = MaskedRoundZero.values(tables, new int[tables.length], numVars, masks, MaskedRoundZero.of(terms), eqRest, degree);
            return eqPoint == null ? p : timesEq(p, z0, round0Degree);
        }
        boolean derive = z0 == null || !z0.isZero();
        int points = degree + 1;
        int pairs = tables[0].length >>> 2;
        int chunks = Parallel.chunks(pairs);
        int nt = terms.size();
        int nk = tables.length;
        int[][] termTables = new int[nt][];
        for (int t = 0; t < nt; t++) {
            termTables[t] = terms.get(t).tables();
        }
        TermSlots slots = new TermSlots(terms);
        int count = slots.count();
        long[] acc = Parallel.sumChunks(pairs, 2 * count * points, c -> {
            long[] a = new long[2 * count * points];
            long[] val = new long[2 * nk];
            long[] step = new long[2 * nk];
            long[] curve = new long[2 * nk]; // −2R, the step's step
            for (int i = Parallel.chunkStart(pairs, chunks, c), e = Parallel.chunkStart(pairs, chunks, c + 1); i < e; i++) {
                int m = i & (MASK_SIZE - 1);
                for (int k = 0; k < nk; k++) {
                    long[] t = tables[k];
                    val[2 * k] = t[4 * i];
                    val[2 * k + 1] = t[4 * i + 1];
                    step[2 * k] = subCanonical(t[4 * i + 2], t[4 * i]);
                    step[2 * k + 1] = subCanonical(t[4 * i + 3], t[4 * i + 1]);
                    if (masks[k] == null) {
                        curve[2 * k] = 0;
                        curve[2 * k + 1] = 0;
                    } else {
                        long r0 = masks[k][2 * m], r1 = masks[k][2 * m + 1];
                        curve[2 * k] = subCanonical(0, addCanonical(r0, r0));
                        curve[2 * k + 1] = subCanonical(0, addCanonical(r1, r1));
                    }
                }
                long w0 = eqRest == null ? 1 : eqRest[2 * i], w1 = eqRest == null ? 0 : eqRest[2 * i + 1];
                for (int x = 0; x < points; x++) {
                    if (x > 0) {
                        for (int j = 0; j < 2 * nk; j++) {
                            val[j] = addCanonical(val[j], step[j]);
                            step[j] = addCanonical(step[j], curve[j]);
                        }
                    }
                    if (derive && x == 1) {
                        continue;
                    }
                    long s0 = 0, s1 = 0;
                    for (int t = 0; t < nt; t++) {
                        int[] ks = termTables[t];
                        long p0 = val[2 * ks[0]], p1 = val[2 * ks[0] + 1];
                        for (int j = 1; j < ks.length; j++) {
                            long q0 = val[2 * ks[j]], q1 = val[2 * ks[j] + 1];
                            long n0 = Ext2.mul0(p0, p1, q0, q1);
                            p1 = Ext2.mul1(p0, p1, q0, q1);
                            p0 = n0;
                        }
                        if (slots.sign(t) == 1) {
                            s0 = addCanonical(s0, p0);
                            s1 = addCanonical(s1, p1);
                        } else if (slots.sign(t) == -1) {
                            s0 = subCanonical(s0, p0);
                            s1 = subCanonical(s1, p1);
                        } else {
                            int o = 2 * (slots.slot(t) * points + x);
                            a[o] = addCanonical(a[o], Ext2.mul0(p0, p1, w0, w1));
                            a[o + 1] = addCanonical(a[o + 1], Ext2.mul1(p0, p1, w0, w1));
                        }
                    }
                    a[2 * x] = addCanonical(a[2 * x], Ext2.mul0(s0, s1, w0, w1));
                    a[2 * x + 1] = addCanonical(a[2 * x + 1], Ext2.mul1(s0, s1, w0, w1));
                }
            }
            return a;
        });
        Ext2[] p = new Ext2[points];
        for (int x = 0; x < points; x++) {
            p[x] = derive && x == 1 ? null : slots.combine(acc, points, x);
        }
        if (derive) { // claim = (1 − z_0)·P(0) + z_0·P(1), or P(0) + P(1) without eq
            p[1] = z0 == null ? claim.sub(p[0]) : valueAtOne(claim, Ext2.ONE, z0, p[0]);
        }
        return eqPoint == null ? p : timesEq(p, z0, round0Degree);
    }

    /**
     * P(1) from a round's claim c = prefix·((1 − z)·P(0) + z·P(1)), where s(X) = prefix·eq(z, X)·P(X),
     * so that a prover need not sum P at 1; null where z or the prefix is zero (a live verifier's
     * τ = 0, or a challenge that zeroes an eq factor), when the claim says nothing of P(1).
     */
    public static Ext2 valueAtOne(Ext2 claim, Ext2 prefix, Ext2 z, Ext2 atZero) {
        if (z.isZero() || prefix.isZero()) {
            return null;
        }
        return claim.mul(prefix.inverse()).sub(Ext2.ONE.sub(z).mul(atZero)).mul(z.inverse());
    }

    /** s(X) = eq(z, X)·P(X) at X = 0..degree, from P's values at 0..degree − 1. */
    public static Ext2[] timesEq(Ext2[] p, Ext2 z, int degree) {
        Ext2[] ext = Univariate.extendTo(p, degree);
        Ext2[] s = new Ext2[degree + 1];
        for (int x = 0; x <= degree; x++) {
            Ext2 X = Ext2.fromBase(x);
            s[x] = ext[x].mul(Ext2.ONE.sub(z).mul(Ext2.ONE.sub(X)).add(z.mul(X)));
        }
        return s;
    }

    /** A masked table bound at x_0 := r: f̃(r, ·) + r(1 − r)·R, the plain multilinear table the later rounds use. */
    public static long[] bindMasked(long[] table, long[] mask, Ext2 r) {
        return bindMasked(table, 0, table.length, mask, r);
    }

    /** The same for the table occupying {@code length} longs of {@code array} from {@code from}. */
    public static long[] bindMasked(long[] array, int from, int length, long[] mask, Ext2 r) {
        if (mask == null) {
            return Multilinear.bindExt(array, from, length, r, null);
        }
        Ext2 z = r.mul(Ext2.ONE.sub(r));
        long[] scaled = new long[2 * MASK_SIZE]; // r(1 − r)·R, added to every bound value in the same pass
        for (int j = 0; j < MASK_SIZE; j++) {
            z.mul(Ext2.at(mask, j)).store(scaled, j);
        }
        return Multilinear.bindExt(array, from, length, r, scaled);
    }

    @Override
    public void bind(Ext2 r) {
        if (rest != null) {
            rest.bind(r);
            return;
        }
        long[][] bound = new long[tables.length][];
        for (int k = 0; k < tables.length; k++) {
            bound[k] = bindMasked(tables[k], masks[k], r);
        }
        tables = null;
        Ext2[] laterPoint = eqPoint == null ? null : Arrays.copyOfRange(eqPoint, 1, numVars);
        if (eqPoint != null) {
            Ext2 z0 = eqPoint[0];
            Ext2 scale = Ext2.ONE.sub(z0).mul(Ext2.ONE.sub(r)).add(z0.mul(r));
            rest = new EqProductInstance(laterPoint, bound, false, terms, scale);
        } else if (terms.size() == 1 && terms.get(0).tables().length == 2 && terms.get(0).coefficient().equals(Ext2.ONE)
                && bound.length == 2) {
            rest = new InnerProductInstance(bound[terms.get(0).tables()[0]], bound[terms.get(0).tables()[1]], false);
        } else {
            rest = new ProductSumInstance(bound, false, terms);
        }
    }

    /** Each table's (masked) value at the final point. */
    public Ext2[] finalTableValues() {
        return switch (rest) {
            case EqProductInstance e -> e.finalTableValues();
            case ProductSumInstance p -> p.finalTableValues();
            case InnerProductInstance ip -> ip.finalValues();
            default -> throw new IllegalStateException("not all variables are bound yet");
        };
    }

    /** The masked value f'(point) = f̃(point) + r_0(1 − r_0)·R(r_1..r_4) for an interleaved mask, for tests. */
    public static Ext2 maskedValue(Ext2 tableValue, long[] mask, Ext2[] point) {
        return tableValue.add(maskFactor(point).mul(Multilinear.evaluateExt(mask, maskPoint(point))));
    }

    /** A fresh uniform mask in committed layout (c0 parts, then φ parts). */
    public static long[] randomCommittedMask(java.util.Random random) {
        long[] m = new long[COMMITTED_MASK_SIZE];
        for (int i = 0; i < m.length; i++) {
            m[i] = io.zkml4j.core.field.Goldilocks.uniform(random);
        }
        return m;
    }

    /** The interleaved extension mask R_j = M[j] + φ·M[MASK_SIZE + j] of a committed mask M. */
    public static long[] fromCommitted(long[] committed) {
        if (committed.length != COMMITTED_MASK_SIZE) {
            throw new IllegalArgumentException("a committed mask has " + COMMITTED_MASK_SIZE + " values, got " + committed.length);
        }
        long[] out = new long[2 * MASK_SIZE];
        for (int j = 0; j < MASK_SIZE; j++) {
            out[2 * j] = committed[j];
            out[2 * j + 1] = committed[MASK_SIZE + j];
        }
        return out;
    }

    /**
     * Where the committed mask M is evaluated for the revealed value at {@code point}: (r_1..r_4, t)
     * with t = φ/(1 + φ); with {@link #committedMaskCoefficient} the term is r_0(1 − r_0)·R(r_1..r_4).
     */
    public static Ext2[] committedMaskPoint(Ext2[] point) {
        return committedMaskPointOf(maskPoint(point));
    }

    /** (m_1..m_4, t): where the committed mask is evaluated for R at the mask coordinates m (any masking variable). */
    public static Ext2[] committedMaskPointOf(Ext2[] maskCoordinates) {
        if (maskCoordinates.length != MASK_VARS) {
            throw new IllegalArgumentException("a mask has " + MASK_VARS + " coordinates");
        }
        Ext2[] p = Arrays.copyOf(maskCoordinates, COMMITTED_MASK_VARS);
        p[MASK_VARS] = PART_SELECTOR;
        return p;
    }

    /** r_0(1 − r_0)·(1 + φ): the coefficient of M̃ at {@link #committedMaskPoint} in f'(point). */
    public static Ext2 committedMaskCoefficient(Ext2[] point) {
        return committedMaskCoefficientOf(point[0]);
    }

    /** v(1 − v)·(1 + φ) for the masking variable's value v. */
    public static Ext2 committedMaskCoefficientOf(Ext2 maskingVariable) {
        return maskingVariable.mul(Ext2.ONE.sub(maskingVariable)).mul(Ext2.ONE.add(PHI));
    }

    /** r_0(1 − r_0): the coefficient of the mask's value in f'(r). */
    public static Ext2 maskFactor(Ext2[] point) {
        return point[0].mul(Ext2.ONE.sub(point[0]));
    }

    /** (r_1..r_4): where the mask is evaluated. */
    public static Ext2[] maskPoint(Ext2[] point) {
        return Arrays.copyOfRange(point, 1, 1 + MASK_VARS);
    }

    /** Lifts base-field tables to interleaved extension tables. */
    public static long[][] lift(long[]... base) {
        long[][] out = new long[base.length][];
        for (int k = 0; k < base.length; k++) {
            out[k] = ExtVectors.fromBase(base[k]);
        }
        return out;
    }
}
