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
        long[] sums = keys.parallelStream().map(ColumnReduction::roundSums).reduce(new long[6], ColumnReduction::add);
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
            out[0] = addCanonical(out[0], Ext2.mul0(a00, a01, w00, w01));
            out[1] = addCanonical(out[1], Ext2.mul1(a00, a01, w00, w01));
            out[2] = addCanonical(out[2], Ext2.mul0(a10, a11, w10, w11));
            out[3] = addCanonical(out[3], Ext2.mul1(a10, a11, w10, w11));
            long a20 = subCanonical(addCanonical(a10, a10), a00), a21 = subCanonical(addCanonical(a11, a11), a01);
            long w20 = subCanonical(addCanonical(w10, w10), w00), w21 = subCanonical(addCanonical(w11, w11), w01);
            out[4] = addCanonical(out[4], Ext2.mul0(a20, a21, w20, w21));
            out[5] = addCanonical(out[5], Ext2.mul1(a20, a21, w20, w21));
        }
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
        Map<Long, long[]> folds = new HashMap<>(); // rows folded over the first `round` variables, shared by the keys leaving their window now
        List<Key> leaving = keys.stream().filter(k -> k.windowVars == round && round < logRowWidth).toList();
        if (!leaving.isEmpty()) {
            Ext2[] point = bound.toArray(new Ext2[0]);
            long[] eq = Multilinear.eqTable(point);
            List<Long> rows = leaving.stream().flatMap(k -> k.rowCoefficients.keySet().stream()).distinct().toList();
            long[][] folded = new long[rows.size()][];
            IntStream.range(0, rows.size()).parallel().forEach(i -> folded[i] = fold(row(rows.get(i)), eq, round));
            for (int i = 0; i < rows.size(); i++) {
                folds.put(rows.get(i), folded[i]);
            }
        }
        // Keys that share their window's weights (the same point at other offsets) bind them once.
        Map<long[], long[]> boundWeights = new java.util.IdentityHashMap<>();
        for (Key k : keys) {
            boundWeights.put(k.w, null);
        }
        List<long[]> distinct = new ArrayList<>(boundWeights.keySet());
        long[][] boundW = new long[distinct.size()][];
        IntStream.range(0, distinct.size()).parallel().forEach(i -> boundW[i] = Multilinear.bindExt(distinct.get(i), r));
        for (int i = 0; i < boundW.length; i++) {
            boundWeights.put(distinct.get(i), boundW[i]);
        }
        keys.parallelStream().forEach(k -> {
            k.acc = Multilinear.bindExt(k.acc, r);
            k.w = boundWeights.get(k.w);
            if (k.windowVars == round && round < logRowWidth) {
                leaveWindow(k, folds, round);
            }
        });
    }

    /** The window's variables are all bound: acc at every index of the remaining variables, w a scalar at the window's index. */
    private void leaveWindow(Key k, Map<Long, long[]> folds, int round) {
        int size = 1 << (logRowWidth - round);
        long[] acc = new long[2 * size];
        for (Map.Entry<Long, Ext2> e : k.rowCoefficients.entrySet()) {
            io.zkml4j.core.poly.ExtVectors.addScaled(acc, e.getValue(), folds.get(e.getKey()));
        }
        long[] w = new long[2 * size];
        int at = k.offset >>> round;
        w[2 * at] = k.w[0];
        w[2 * at + 1] = k.w[1];
        k.acc = acc;
        k.w = w;
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
