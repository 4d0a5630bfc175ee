package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.SumcheckProverInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.zkml4j.core.field.Goldilocks.addCanonical;
import static io.zkml4j.core.field.Goldilocks.mul;
import static io.zkml4j.core.field.Goldilocks.subCanonical;

/**
 * The prover of the opening's reduction sumcheck Σ_col Σ_key w_key(col)·acc_key(col) over the
 * column variables, where each key's column weights w_key are non-zero only on an aligned window
 * of 2^nv columns (a small polynomial's slot in a shared row, or the whole row) and acc_key is a
 * combination Σ_r A_key[r]·row_r of committed rows.
 *
 * <p>The round polynomials are those of the plain product sumcheck; what differs is the work and
 * memory. While the window's own variables are bound (rounds below nv), only the window matters:
 * every other column has w = 0 whatever the bound values. Once they are all bound, w is a scalar at
 * the window's index over the remaining variables and acc is needed at every index: it is
 * Σ_r A_key[r]·fold(row_r), each row folded over its first nv variables at the point so far, one
 * fold per row shared by every key. A proof with many claims on small polynomials at different
 * points (every chunk of a large accuracy proof adds its own) so holds a window per key, not a
 * row-wide table.
 *
 * <p>Nor does a key hold a row-wide table after its window: its w is then one non-zero value ω at
 * one index j, which each binding scales by (1 − r) or r and halves (j ← j/2), so a round needs acc
 * only at j's pair, Σ_r A_key[r]·fold(row_r) there, from the folded rows that every key shares
 * (each bound once per round). A chunk of 108 training steps has about 82,000 keys of 32-value
 * mask windows; their row-wide tables took gigabytes, and binding them most of the reduction.
 */
final class ColumnReduction implements SumcheckProverInstance {
    /** One key: its window, its row coefficients, and its two current tables (interleaved extension values). */
    static final class Key {
        final int windowVars;
        final int offset;
        final Map<Long, Ext2> rowCoefficients = new LinkedHashMap<>();
        final long[] windowWeights;
        long[] acc;
        long[] w;
        /** Past the window: w's one non-zero entry, at {@code index} of the current table (acc is then null). */
        boolean point;
        int index;

        Key(int windowVars, int offset, long[] windowWeights) {
            this.windowVars = windowVars;
            this.offset = offset;
            this.windowWeights = windowWeights;
        }

        /** acc += coefficient·row r of matrix m. */
        void addRow(int matrix, int row, Ext2 coefficient) {
            rowCoefficients.merge(((long) matrix << 32) | row, coefficient, Ext2::add);
        }
    }

    private final List<CommittedPolynomials> matrices;
    private final int logRowWidth;
    private final List<Key> keys;
    private final List<Ext2> bound = new ArrayList<>();
    /** The rows that keys past their windows combine, folded over the variables bound so far (interleaved extension tables). */
    private final Map<Long, long[]> folded = new HashMap<>();

    ColumnReduction(List<CommittedPolynomials> matrices, int logRowWidth, List<Key> keys) {
        this.matrices = matrices;
        this.logRowWidth = logRowWidth;
        this.keys = keys;
        keys.parallelStream().forEach(k -> {
            if (k.windowVars == 0) { // one column: no window variable to bind, so the whole row from the start
                k.acc = combine(k, 0, 1 << logRowWidth);
                k.w = new long[2 << logRowWidth];
                k.w[2 * k.offset] = k.windowWeights[0];
                k.w[2 * k.offset + 1] = k.windowWeights[1];
            } else {
                k.acc = combine(k, k.offset, 1 << k.windowVars);
                k.w = k.windowWeights;
            }
        });
    }

    @Override
    public int numVars() {
        return logRowWidth;
    }

    @Override
    public int degree() {
        return 2;
    }

    /** Σ_r A[r]·row_r over columns [from, from + width). */
    private long[] combine(Key k, int from, int width) {
        long[] out = new long[2 * width];
        for (Map.Entry<Long, Ext2> e : k.rowCoefficients.entrySet()) {
            long[] msg = row(e.getKey());
            long c0 = e.getValue().c0, c1 = e.getValue().c1;
            for (int col = 0; col < width; col++) {
                long x = msg[from + col];
                out[2 * col] = addCanonical(out[2 * col], mul(c0, x));
                out[2 * col + 1] = addCanonical(out[2 * col + 1], mul(c1, x));
            }
        }
        return out;
    }

    private long[] row(long at) {
        return matrices.get((int) (at >>> 32)).message((int) at);
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        long[] sums = keys.parallelStream().map(k -> k.point ? pointSums(k) : roundSums(k)).reduce(new long[6], ColumnReduction::add);
        return new Ext2[] {Ext2.of(sums[0], sums[1]), Ext2.of(sums[2], sums[3]), Ext2.of(sums[4], sums[5])};
    }

    /** Σ over pairs of acc(X)·w(X) at X = 0, 1, 2, interleaved. */
    private static long[] roundSums(Key k) {
        long[] out = new long[6];
        long[] acc = k.acc, w = k.w;
        int pairs = acc.length / 4;
        for (int i = 0; i < pairs; i++) {
            long a00 = acc[4 * i], a01 = acc[4 * i + 1], a10 = acc[4 * i + 2], a11 = acc[4 * i + 3];
            long w00 = w[4 * i], w01 = w[4 * i + 1], w10 = w[4 * i + 2], w11 = w[4 * i + 3];
            if ((w00 | w01 | w10 | w11) == 0) {
                continue;
            }
            addPair(out, a00, a01, a10, a11, w00, w01, w10, w11);
        }
        return out;
    }

    /** out += acc(X)·w(X) at X = 0, 1, 2 for one pair, acc and w linear through their values at 0 and 1 (interleaved). */
    private static void addPair(long[] out, long a00, long a01, long a10, long a11, long w00, long w01, long w10, long w11) {
        out[0] = addCanonical(out[0], Ext2.mul0(a00, a01, w00, w01));
        out[1] = addCanonical(out[1], Ext2.mul1(a00, a01, w00, w01));
        out[2] = addCanonical(out[2], Ext2.mul0(a10, a11, w10, w11));
        out[3] = addCanonical(out[3], Ext2.mul1(a10, a11, w10, w11));
        long a20 = subCanonical(addCanonical(a10, a10), a00), a21 = subCanonical(addCanonical(a11, a11), a01);
        long w20 = subCanonical(addCanonical(w10, w10), w00), w21 = subCanonical(addCanonical(w11, w11), w01);
        out[4] = addCanonical(out[4], Ext2.mul0(a20, a21, w20, w21));
        out[5] = addCanonical(out[5], Ext2.mul1(a20, a21, w20, w21));
    }

    /** {@link #roundSums} of a key past its window: only j's pair has w ≠ 0, and acc is needed there only. */
    private long[] pointSums(Key k) {
        int pair = k.index >>> 1;
        long a00 = 0, a01 = 0, a10 = 0, a11 = 0;
        for (Map.Entry<Long, Ext2> e : k.rowCoefficients.entrySet()) {
            long[] f = folded.get(e.getKey());
            long c0 = e.getValue().c0, c1 = e.getValue().c1;
            a00 = addCanonical(a00, Ext2.mul0(c0, c1, f[4 * pair], f[4 * pair + 1]));
            a01 = addCanonical(a01, Ext2.mul1(c0, c1, f[4 * pair], f[4 * pair + 1]));
            a10 = addCanonical(a10, Ext2.mul0(c0, c1, f[4 * pair + 2], f[4 * pair + 3]));
            a11 = addCanonical(a11, Ext2.mul1(c0, c1, f[4 * pair + 2], f[4 * pair + 3]));
        }
        long omega0 = k.w[0], omega1 = k.w[1];
        boolean odd = (k.index & 1) != 0;
        long w00 = odd ? 0 : omega0, w01 = odd ? 0 : omega1, w10 = odd ? omega0 : 0, w11 = odd ? omega1 : 0;
        long[] out = new long[6];
        addPair(out, a00, a01, a10, a11, w00, w01, w10, w11);
        return out;
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = addCanonical(a[i], b[i]);
        }
        return out;
    }

    @Override
    public void bind(Ext2 r) {
        bound.add(r);
        int round = bound.size();
        // The shared folds of rows already in use move on by one variable.
        List<Long> inUse = new ArrayList<>(folded.keySet());
        long[][] rebound = new long[inUse.size()][];
        IntStream.range(0, inUse.size()).parallel().forEach(i -> rebound[i] = Multilinear.bindExt(folded.get(inUse.get(i)), r));
        for (int i = 0; i < rebound.length; i++) {
            folded.put(inUse.get(i), rebound[i]);
        }
        // Rows first needed now, by keys leaving their window, are folded over the first `round` variables.
        List<Key> leaving = keys.stream().filter(k -> k.windowVars == round && round < logRowWidth).toList();
        if (!leaving.isEmpty()) {
            long[] eq = Multilinear.eqTable(bound.toArray(new Ext2[0]));
            List<Long> rows = leaving.stream().flatMap(k -> k.rowCoefficients.keySet().stream()).distinct().filter(at -> !folded.containsKey(at)).toList();
            long[][] fresh = new long[rows.size()][];
            IntStream.range(0, rows.size()).parallel().forEach(i -> fresh[i] = fold(row(rows.get(i)), eq, round));
            for (int i = 0; i < rows.size(); i++) {
                folded.put(rows.get(i), fresh[i]);
            }
        }
        // Keys that share their window's weights (the same point at other offsets) bind them once.
        Map<long[], long[]> boundWeights = new java.util.IdentityHashMap<>();
        for (Key k : keys) {
            if (!k.point) {
                boundWeights.put(k.w, null);
            }
        }
        List<long[]> distinct = new ArrayList<>(boundWeights.keySet());
        long[][] boundW = new long[distinct.size()][];
        IntStream.range(0, distinct.size()).parallel().forEach(i -> boundW[i] = Multilinear.bindExt(distinct.get(i), r));
        for (int i = 0; i < boundW.length; i++) {
            boundWeights.put(distinct.get(i), boundW[i]);
        }
        Ext2 notR = Ext2.ONE.sub(r);
        keys.parallelStream().forEach(k -> {
            if (k.point) { // w(r, ·) = ω·(1 − r) or ω·r at j/2
                Ext2 omega = Ext2.of(k.w[0], k.w[1]).mul((k.index & 1) == 0 ? notR : r);
                k.w = new long[] {omega.c0, omega.c1};
                k.index >>>= 1;
                return;
            }
            k.acc = Multilinear.bindExt(k.acc, r);
            k.w = boundWeights.get(k.w);
            if (k.windowVars == round && round < logRowWidth) { // the window is bound: w is ω at the window's index
                k.point = true;
                k.index = k.offset >>> round;
                k.acc = null;
            }
        });
    }

    /** Σ_low eq(point, low)·row[h·2^vars + low] for every h (the data part of the row only). */
    private long[] fold(long[] row, long[] eq, int vars) {
        int size = 1 << (logRowWidth - vars);
        int block = 1 << vars;
        long[] out = new long[2 * size];
        for (int h = 0; h < size; h++) {
            long s0 = 0, s1 = 0;
            int base = h * block;
            for (int low = 0; low < block; low++) {
                long x = row[base + low];
                s0 = addCanonical(s0, mul(eq[2 * low], x));
                s1 = addCanonical(s1, mul(eq[2 * low + 1], x));
            }
            out[2 * h] = s0;
            out[2 * h + 1] = s1;
        }
        return out;
    }
}
