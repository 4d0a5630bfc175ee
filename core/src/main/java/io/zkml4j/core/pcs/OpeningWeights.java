package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.ExtVectors;
import io.zkml4j.core.poly.Multilinear;
import io.zkml4j.core.sumcheck.SumcheckMask;

import java.util.Arrays;
import java.util.List;

/**
 * The arithmetic that prover and verifier of an opening must agree on, in one place: how each
 * claim term splits into row weights and column weights, and the weight of every committed row
 * in the evaluation and proximity combinations.
 *
 * <p>The per-opening mask matrix (always last in the list of matrices) has these rows, each pair
 * being one extension-valued row (c0 part, then φ part): S (evaluation mask), R (proximity mask),
 * A (affine part of the reduction sumcheck's mask g) and Q_i for each column variable i (the x_i²
 * part of g). With A[col] = c₀ + Σ c_{i,1}·bit_i(col) and Q_i[col] = c_{i,2}·bit_i(col), the
 * mask's value at ρ is g(ρ) = Ã(ρ) + Σ ρ_i·Q̃_i(ρ): a combination of rows evaluated at eq(ρ), just
 * like the data rows, so it joins the same single evaluation row.
 */
final class OpeningWeights {
    static final int S = 0;
    static final int R = 2;
    static final int A = 4;
    static final int Q = 6;
    static final Ext2 PHI = Ext2.of(0, 1);

    private OpeningWeights() {}

    static int maskRows(int logRowWidth) {
        return Q + 2 * logRowWidth;
    }

    static int[] maskLayout(int logRowWidth) {
        int[] nv = new int[maskRows(logRowWidth)];
        Arrays.fill(nv, logRowWidth);
        return nv;
    }

    /** The mask matrix's data rows (before randomness): S and R random, A and Q from g. */
    static long[][] maskRowData(SumcheckMask g, int logRowWidth, java.util.Random random) {
        int k = 1 << logRowWidth;
        long[][] rows = new long[maskRows(logRowWidth)][];
        for (int r = S; r < A; r++) {
            long[] row = new long[k];
            for (int c = 0; c < k; c++) {
                row[c] = Goldilocks.uniform(random);
            }
            rows[r] = row;
        }
        long[] a = new long[2 * k];
        g.constant().store(a, 0);
        for (int i = 0; i < logRowWidth; i++) { // A[col + 2^i] = A[col] + c_{i,1} for col < 2^i
            Ext2 c = g.coefficient(i, 1);
            for (int col = 0; col < 1 << i; col++) {
                int to = col + (1 << i);
                a[2 * to] = Goldilocks.addCanonical(a[2 * col], c.c0);
                a[2 * to + 1] = Goldilocks.addCanonical(a[2 * col + 1], c.c1);
            }
        }
        long[][] parts = ExtVectors.components(a);
        rows[A] = parts[0];
        rows[A + 1] = parts[1];
        for (int i = 0; i < logRowWidth; i++) {
            long[] q = new long[2 * k];
            Ext2 c = g.coefficient(i, 2);
            for (int col = 0; col < k; col++) {
                if (((col >>> i) & 1) == 1) {
                    c.store(q, col);
                }
            }
            long[][] qp = ExtVectors.components(q);
            rows[Q + 2 * i] = qp[0];
            rows[Q + 2 * i + 1] = qp[1];
        }
        return rows;
    }

    /**
     * How a term's weights split over the rows and columns of its polynomial: row weight k applies to
     * row {@link #row}(k) = rowStart + k·rowStride (a stride above 1 only for a product slice, whose
     * eq point fixes the low row bits).
     */
    record TermShape(int matrix, int rowStart, int rowStride, int columnOffset, long[] rowWeights, Weights weights, int numVars,
                     int logRowWidth) {
        TermShape(int matrix, int rowStart, int columnOffset, long[] rowWeights, Weights weights, int numVars, int logRowWidth) {
            this(matrix, rowStart, 1, columnOffset, rowWeights, weights, numVars, logRowWidth);
        }

        /** The matrix row that row weight k applies to. */
        int row(int k) {
            return rowStart + k * rowStride;
        }

        /** The column weights' multilinear extension at ρ (a point over the column variables). */
        Ext2 columnWeightAt(Ext2[] rho) {
            return switch (weights) {
                case Weights.Eq e -> {
                    if (numVars >= logRowWidth) {
                        yield Multilinear.eq(Arrays.copyOf(e.point(), logRowWidth), rho);
                    }
                    // A small polynomial at an aligned offset: eq over its own variables, the offset's bits above.
                    yield atOffset(Multilinear.eq(e.point(), Arrays.copyOf(rho, numVars)), rho, numVars);
                }
                case Weights.Explicit x -> {
                    // The weights fill the polynomial's aligned window of the row and are zero elsewhere: their
                    // extension over the window's variables, times the offset's bits above (no row-wide table).
                    int vars = Multilinear.numVars(x.interleaved().length / 2);
                    if (vars >= logRowWidth) {
                        yield Multilinear.evaluateExt(columnWeights(), rho);
                    }
                    yield atOffset(Multilinear.evaluateExt(x.interleaved(), Arrays.copyOf(rho, vars)), rho, vars);
                }
                case Weights.Powers x -> atOffset(x.at(Arrays.copyOf(rho, numVars)), rho, numVars); // numVars <= a: LigeroPcs.checkStatement
                case Weights.Product p -> {
                    // The explicit part's extension at ρ's low coordinates, eq over the window's variables above
                    // it, then the offset's bits (the explicit part fits a row: see LigeroPcs.fitRows).
                    int m = p.lowVars();
                    int window = windowVars();
                    yield atOffset(Multilinear.evaluateExt(p.low(), Arrays.copyOf(rho, m))
                            .mul(Multilinear.eq(Arrays.copyOf(p.high(), window - m), Arrays.copyOfRange(rho, m, window))), rho, window);
                }
            };
        }

        /**
         * A window's weight at ρ moved to the polynomial's aligned offset in the row: times, for each
         * column variable from {@code windowVars} up, ρ_i or 1 − ρ_i as the offset's bit i is 1 or 0.
         */
        private Ext2 atOffset(Ext2 windowWeight, Ext2[] rho, int windowVars) {
            Ext2 w = windowWeight;
            for (int i = windowVars; i < logRowWidth; i++) {
                w = w.mul(((columnOffset >>> i) & 1) == 1 ? rho[i] : Ext2.ONE.sub(rho[i]));
            }
            return w;
        }

        /** A product term's weights on its window: the explicit part, times eq over the window's variables above it. */
        private static long[] productWindow(Weights.Product p, int window) {
            int m = p.lowVars();
            long[] eqAbove = Multilinear.eqTable(Arrays.copyOf(p.high(), window - m));
            long[] out = new long[2 << window];
            for (int h = 0; h < eqAbove.length / 2; h++) {
                Ext2 e = Ext2.at(eqAbove, h);
                for (int j = 0; j < 1 << m; j++) {
                    Ext2.at(p.low(), j).mul(e).store(out, (h << m) + j);
                }
            }
            return out;
        }

        /** The variables of the polynomial's own columns: its aligned window of the row (the whole row when it spans rows). */
        int windowVars() {
            return Math.min(numVars, logRowWidth);
        }

        /** The column weights on the window (prover side). */
        long[] windowWeights() {
            int vars = windowVars();
            return switch (weights) {
                case Weights.Eq e -> Multilinear.eqTable(Arrays.copyOf(e.point(), vars));
                case Weights.Explicit x -> Arrays.copyOf(x.interleaved(), 2 << vars);
                case Weights.Powers x -> x.table(vars);
                case Weights.Product p -> productWindow(p, vars);
            };
        }

        /** The column weights as a table over the row width (prover side). */
        long[] columnWeights() {
            int k = 1 << logRowWidth;
            long[] out = new long[2 * k];
            long[] w = switch (weights) {
                case Weights.Eq e -> Multilinear.eqTable(Arrays.copyOf(e.point(), Math.min(numVars, logRowWidth)));
                case Weights.Explicit x -> x.interleaved();
                case Weights.Powers x -> x.table(Math.min(numVars, logRowWidth));
                case Weights.Product p -> productWindow(p, Math.min(numVars, logRowWidth));
            };
            System.arraycopy(w, 0, out, 2 * columnOffset, Math.min(w.length, out.length - 2 * columnOffset));
            return out;
        }
    }

    static TermShape shape(List<Commitment> commitments, LinearClaim.Term term) {
        Commitment c = commitments.get(term.commitment());
        if (c.trimmed()) { // row weight k is for row rowStart + k, which a trimmed layout may not store (LigeroPcs.checkStatement refuses it first)
            throw new IllegalArgumentException("a trimmed layout's rows are read by the sealed opening only");
        }
        int nv = c.numVars(term.polynomial());
        int a = c.parameters().logRowWidth();
        int rowStart = c.rowStart(term.polynomial());
        int columnOffset = nv < a ? c.columnOffset(term.polynomial()) : 0;
        if (term.weights() instanceof Weights.Product p) {
            if (p.lowVars() > a) {
                throw new IllegalArgumentException("product weights wider than a row reach the opening uncut (LigeroPcs.fitRows cuts them)");
            }
            if (nv <= a) {
                return new TermShape(term.commitment(), rowStart, columnOffset, new long[] {1, 0}, p, nv, a);
            }
            // eq over the row variables. Its leading Boolean coordinates (a slice's index, LigeroPcs.fitRows) select
            // every 2^k-th row from an offset: only those rows get weights, or 2^s slices would each write out all
            // 2^(s + batch) rows of the polynomial.
            Ext2[] rowPoint = Arrays.copyOfRange(p.high(), a - p.lowVars(), nv - p.lowVars());
            int k = 0;
            int offset = 0;
            while (k < rowPoint.length && (rowPoint[k].equals(Ext2.ZERO) || rowPoint[k].equals(Ext2.ONE))) {
                offset |= rowPoint[k].equals(Ext2.ONE) ? 1 << k : 0;
                k++;
            }
            return new TermShape(term.commitment(), rowStart + offset, 1 << k, columnOffset,
                    Multilinear.eqTable(Arrays.copyOfRange(rowPoint, k, rowPoint.length)), p, nv, a);
        }
        long[] rowWeights = switch (term.weights()) {
            case Weights.Eq e -> nv > a ? Multilinear.eqTable(Arrays.copyOfRange(e.point(), a, nv)) : new long[] {1, 0};
            case Weights.Explicit x -> new long[] {1, 0};
            case Weights.Powers x -> new long[] {1, 0};
            case Weights.Product p -> throw new AssertionError("handled above");
        };
        return new TermShape(term.commitment(), rowStart, columnOffset, rowWeights, term.weights(), nv, a);
    }

    /** A weights object by identity: comparing large weight tables by content would cost as much as evaluating them. */
    private record IdentityOf(Weights weights) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityOf i && i.weights == weights;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(weights);
        }
    }

    private record ColumnWeightKey(IdentityOf weights, int numVars, int columnOffset) {}

    /**
     * Row weights of the evaluation combination, one interleaved vector per matrix (the mask last):
     * data rows get Σ_t λ_{claim(t)}·coef_t·colWeight_t(ρ)·rowWeight_t, the mask's A and Q rows get
     * β·(1, ρ_i), its S rows λ_S. Then ⟨v, eq(ρ)⟩ = (the reduction's final claim) + λ_S·s.
     */
    static long[][] evaluation(List<Commitment> commitments, List<LinearClaim> claims, Ext2[] lambda, Ext2[] rho,
                               Ext2 beta, Ext2 lambdaS) {
        int a = rho.length;
        long[][] w = new long[commitments.size() + 1][];
        for (int m = 0; m < commitments.size(); m++) {
            w[m] = new long[2 * commitments.get(m).rows()];
        }
        w[commitments.size()] = new long[2 * maskRows(a)];
        // Claims often repeat one weights object (a mask's weights, a shared table) at one place in the row:
        // its extension at ρ is computed once.
        java.util.Map<ColumnWeightKey, Ext2> atRho = new java.util.HashMap<>();
        for (int j = 0; j < claims.size(); j++) {
            for (LinearClaim.Term term : claims.get(j).terms()) {
                TermShape s = shape(commitments, term);
                Ext2 column = atRho.computeIfAbsent(new ColumnWeightKey(new IdentityOf(term.weights()), s.numVars(), s.columnOffset()),
                        k -> s.columnWeightAt(rho));
                Ext2 scale = lambda[j].mul(term.coefficient()).mul(column);
                long[] rowW = s.rowWeights();
                long[] target = w[s.matrix()];
                for (int r = 0; r < rowW.length / 2; r++) {
                    Ext2 cur = Ext2.at(target, s.row(r));
                    cur.add(scale.mul(Ext2.at(rowW, r))).store(target, s.row(r));
                }
            }
        }
        long[] mask = w[commitments.size()];
        putPair(mask, S, lambdaS);
        putPair(mask, A, beta);
        for (int i = 0; i < a; i++) {
            putPair(mask, Q + 2 * i, beta.mul(rho[i]));
        }
        return w;
    }

    /**
     * Row weights of the proximity combination: one challenge per row, except the mask R, whose two
     * rows get the fixed weights 1 and φ. So w = R + Σ γ_r·row_r with R uniform over the whole
     * extension vector, whatever the challenges are (a dishonest live verifier cannot cancel it).
     */
    static long[][] proximity(List<Commitment> commitments, int logRowWidth, Ext2[] gammas) {
        long[][] w = new long[commitments.size() + 1][];
        int g = 0;
        for (int m = 0; m < commitments.size(); m++) {
            int rows = commitments.get(m).rows();
            w[m] = new long[2 * rows];
            for (int r = 0; r < rows; r++) {
                gammas[g++].store(w[m], r);
            }
        }
        int maskRows = maskRows(logRowWidth);
        long[] mask = new long[2 * maskRows];
        for (int r = 0; r < maskRows; r++) {
            if (r == R) {
                putPair(mask, R, Ext2.ONE);
                r++;
            } else {
                gammas[g++].store(mask, r);
            }
        }
        w[commitments.size()] = mask;
        return w;
    }

    static int proximityChallenges(List<Commitment> commitments, int logRowWidth) {
        int rows = maskRows(logRowWidth) - 2;
        for (Commitment c : commitments) {
            rows += c.rows();
        }
        return rows;
    }

    /** Weight w on an extension-valued row stored as (c0 row, φ row): w on the first, w·φ on the second. */
    private static void putPair(long[] weights, int row, Ext2 w) {
        w.store(weights, row);
        w.mul(PHI).store(weights, row + 1);
    }
}
