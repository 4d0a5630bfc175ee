package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

/**
 * The random masking polynomial of the zero-knowledge sumcheck (Libra, §4.1; Chiesa–Forbes–
 * Spooner): g(x) = c₀ + Σ_{i<n} Σ_{e=1..d_i} c_{i,e}·x_i^e, a sum of random univariates whose
 * degree d_i matches round i of the sumcheck, with coefficients in the extension. Each round
 * polynomial of f + β·g then has uniformly random coefficients (beyond the sum constraint).
 *
 * <p>To be committed, g is stored as a base-field table: the c0-components of its coefficients,
 * then their φ-components, zero-padded to a power of two. Its value at r is a linear function of
 * that table with weights {@link #weights(Ext2[], int[])}.
 */
public final class SumcheckMask {
    private final int[] degrees;
    private final int[] offsets; // offsets[i]: index of c_{i,1}
    private final Ext2[] coefficients; // [c0, c_{0,1..d_0}, c_{1,1..d_1}, ...]

    private SumcheckMask(int[] degrees, Ext2[] coefficients) {
        this.degrees = degrees.clone();
        this.offsets = offsets(degrees);
        this.coefficients = coefficients;
    }

    private static int[] offsets(int[] degrees) {
        int[] o = new int[degrees.length];
        int at = 1;
        for (int i = 0; i < degrees.length; i++) {
            o[i] = at;
            at += degrees[i];
        }
        return o;
    }

    private static int coefficientCount(int[] degrees) {
        return 1 + Arrays.stream(degrees).sum();
    }

    public static SumcheckMask random(int[] degrees, Random random) {
        for (int d : degrees) {
            if (d < 1) {
                throw new IllegalArgumentException("mask degrees must be >= 1");
            }
        }
        Ext2[] c = new Ext2[coefficientCount(degrees)];
        for (int i = 0; i < c.length; i++) {
            c[i] = Ext2.of(Goldilocks.uniform(random), Goldilocks.uniform(random));
        }
        return new SumcheckMask(degrees, c);
    }

    /** A mask of the same degree in every variable. */
    public static SumcheckMask random(int numVars, int degree, Random random) {
        int[] d = new int[numVars];
        Arrays.fill(d, degree);
        return random(d, random);
    }

    public static SumcheckMask random(int numVars, int degree) {
        return random(numVars, degree, new SecureRandom());
    }

    public int numVars() {
        return degrees.length;
    }

    /** The largest per-variable degree. */
    public int degree() {
        return Arrays.stream(degrees).max().orElse(1);
    }

    public int degree(int variable) {
        return degrees[variable];
    }

    public int[] degrees() {
        return degrees.clone();
    }

    /** c₀, the constant term. */
    public Ext2 constant() {
        return coefficients[0];
    }

    /** c_{i,e}, the coefficient of x_i^e (1 <= e <= d_i). */
    public Ext2 coefficient(int variable, int power) {
        if (variable < 0 || variable >= degrees.length || power < 1 || power > degrees[variable]) {
            throw new IndexOutOfBoundsException("no coefficient for x_" + variable + "^" + power);
        }
        return coefficients[offsets[variable] + power - 1];
    }

    /** Number of base-field entries in {@link #table()} (a power of two). */
    public static int tableLength(int[] degrees) {
        return Integer.highestOneBit(Math.max(1, 2 * coefficientCount(degrees) - 1)) << 1;
    }

    public static int tableLength(int numVars, int degree) {
        int[] d = new int[numVars];
        Arrays.fill(d, degree);
        return tableLength(d);
    }

    /** The base-field table that gets committed. */
    public long[] table() {
        int m = coefficients.length;
        long[] t = new long[tableLength(degrees)];
        for (int i = 0; i < m; i++) {
            t[i] = coefficients[i].c0;
            t[m + i] = coefficients[i].c1;
        }
        return t;
    }

    /** Weights w with Σ w[k]·table[k] = g(point). */
    public static long[] weights(Ext2[] point, int[] degrees) {
        int m = coefficientCount(degrees);
        Ext2[] l = new Ext2[m];
        l[0] = Ext2.ONE;
        int at = 1;
        for (int i = 0; i < point.length; i++) {
            Ext2 p = Ext2.ONE;
            for (int e = 1; e <= degrees[i]; e++) {
                p = p.mul(point[i]);
                l[at++] = p;
            }
        }
        Ext2 phi = Ext2.of(0, 1);
        long[] w = new long[2 * tableLength(degrees)];
        for (int k = 0; k < m; k++) {
            l[k].store(w, k);
            l[k].mul(phi).store(w, m + k);
        }
        return w;
    }

    public static long[] weights(Ext2[] point, int degree) {
        int[] d = new int[point.length];
        Arrays.fill(d, degree);
        return weights(point, d);
    }

    /** Weights w with Σ w[k]·table[k] = Σ_{x ∈ {0,1}^n} g(x) = 2^n c₀ + 2^{n−1} Σ_{i,e} c_{i,e}. */
    public static long[] sumWeights(int[] degrees) {
        int n = degrees.length;
        int m = coefficientCount(degrees);
        Ext2 phi = Ext2.of(0, 1);
        long[] w = new long[2 * tableLength(degrees)];
        for (int k = 0; k < m; k++) {
            Ext2 c = Ext2.fromBase(Goldilocks.pow(2, k == 0 ? n : n - 1));
            if (n == 0 && k > 0) {
                c = Ext2.ZERO;
            }
            c.store(w, k);
            c.mul(phi).store(w, m + k);
        }
        return w;
    }

    /** g(point). */
    public Ext2 evaluate(Ext2[] point) {
        Ext2 acc = coefficients[0];
        for (int i = 0; i < degrees.length; i++) {
            acc = acc.add(univariate(i, point[i]));
        }
        return acc;
    }

    /** Σ_{x ∈ {0,1}^n} g(x) = 2^n c₀ + 2^{n−1} Σ_{i,e} c_{i,e}. */
    public Ext2 sum() {
        int n = degrees.length;
        Ext2 s = coefficients[0].mul(Goldilocks.pow(2, n));
        if (n > 0) {
            Ext2 rest = Ext2.ZERO;
            for (int k = 1; k < coefficients.length; k++) {
                rest = rest.add(coefficients[k]);
            }
            s = s.add(rest.mul(Goldilocks.pow(2, n - 1)));
        }
        return s;
    }

    /** g_i(x) = Σ_e c_{i,e} x^e. */
    Ext2 univariate(int i, Ext2 x) {
        Ext2 acc = Ext2.ZERO;
        Ext2 p = Ext2.ONE;
        for (int e = 1; e <= degrees[i]; e++) {
            p = p.mul(x);
            acc = acc.add(coefficients[offsets[i] + e - 1].mul(p));
        }
        return acc;
    }

    /** The sumcheck prover for g itself; cheap, since g is a sum of univariates. */
    SumcheckProverInstance prover() {
        return new SumcheckProverInstance() {
            private Ext2 boundSum = coefficients[0]; // c₀ + Σ_{i<j} g_i(r_i)
            private int round;

            @Override
            public int numVars() {
                return degrees.length;
            }

            @Override
            public int degree() {
                return SumcheckMask.this.degree();
            }

            @Override
            public int degree(int r) {
                return degrees[r];
            }

            @Override
            public Ext2[] roundValues(Ext2 claim) {
                int n = degrees.length;
                // s(X) = 2^{n−1−j}(boundSum + g_j(X)) + 2^{n−2−j} Σ_{i>j} g_i(1)
                Ext2 later = Ext2.ZERO;
                for (int i = round + 1; i < n; i++) {
                    later = later.add(univariate(i, Ext2.ONE));
                }
                Ext2 scale = Ext2.fromBase(Goldilocks.pow(2, n - 1 - round));
                Ext2 laterPart = round + 1 < n ? later.mul(Goldilocks.pow(2, n - 2 - round)) : Ext2.ZERO;
                Ext2[] values = new Ext2[degrees[round] + 1];
                for (int x = 0; x < values.length; x++) {
                    values[x] = boundSum.add(univariate(round, Ext2.fromBase(x))).mul(scale).add(laterPart);
                }
                return values;
            }

            @Override
            public void bind(Ext2 r) {
                boundSum = boundSum.add(univariate(round, r));
                round++;
            }
        };
    }
}
