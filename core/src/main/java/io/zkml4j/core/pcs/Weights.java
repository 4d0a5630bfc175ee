package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.poly.Multilinear;

import java.util.Arrays;
import java.util.List;

/**
 * The weight vector of a linear claim over one committed polynomial's table: the eq weights of a
 * point (the claim is then the multilinear evaluation at that point), an explicit vector (for
 * small polynomials, such as sumcheck masks, whose claims are not evaluations), explicit weights
 * over the low variables times eq over the rest, or a combination of powers of points.
 */
public sealed interface Weights {
    /** Weights eq(point, b): Σ_b eq(point, b)·f(b) is f's multilinear extension at point. */
    record Eq(Ext2[] point) implements Weights {
        public Eq {
            point = point.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Eq e && Arrays.equals(point, e.point);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(point);
        }
    }

    /** An explicit weight vector (interleaved extension elements), as long as the table. */
    record Explicit(long[] interleaved) implements Weights {
        public Explicit {
            interleaved = interleaved.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Explicit e && Arrays.equals(interleaved, e.interleaved);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(interleaved);
        }
    }

    /**
     * Explicit weights over the low variables times eq over the rest: w(b) = low(b mod 2^m)·eq(high,
     * b >> m), with 2^m entries in {@code low} (interleaved extension elements). A sparse linear map
     * applied to every sample of a batch, at a random point of its output, has this form: the map's
     * weights over a sample's positions, eq over the samples.
     */
    record Product(long[] low, Ext2[] high) implements Weights {
        public Product {
            if (low.length < 2 || (low.length & (low.length - 1)) != 0) {
                throw new IllegalArgumentException("the low weights need a power-of-two count of extension elements, got " + low.length / 2);
            }
            low = low.clone();
            high = high.clone();
        }

        /** m: the variables the explicit part covers. */
        public int lowVars() {
            return Integer.numberOfTrailingZeros(low.length / 2);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Product p && Arrays.equals(low, p.low) && Arrays.equals(high, p.high);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
        }
    }

    /**
     * Weights w(j) = Σ_s c_s·x_s^j over the polynomial's table: a combination of the rows of a
     * Vandermonde matrix, which is how a Reed–Solomon codeword's values at t positions x_s read a
     * message (the sealed opening's consistency check). Kept as its t points and coefficients: its
     * multilinear extension at a point r of the table's v variables is
     * Σ_s c_s·Π_b (1 − r_b + r_b·x_s^(2^b)) (bit b of j is variable b), t·v products, where the
     * table itself takes t·2^v to write out.
     *
     * @param points       x_s, base elements
     * @param coefficients c_s, interleaved extension elements, one per point
     * @param written      the same weights written out, or null: a prover that computed them already (a
     *                     sealed opening's transform gives every piece at once) saves {@link #table} the
     *                     t·2^v products. Not part of the weights' identity; never read by a verifier.
     */
    record Powers(long[] points, long[] coefficients, long[] written) implements Weights {
        public Powers {
            if (coefficients.length != 2 * points.length) {
                throw new IllegalArgumentException(points.length + " points need as many extension coefficients, got " + coefficients.length / 2.0);
            }
            points = points.clone();
            coefficients = coefficients.clone();
        }

        /** The weights without their table written out (a verifier's). */
        public Powers(long[] points, long[] coefficients) {
            this(points, coefficients, null);
        }

        /** The weights over a table of 2^numVars entries (interleaved extension elements). */
        public long[] table(int numVars) {
            int size = 1 << numVars;
            if (written != null && written.length == 2 * size) {
                return written;
            }
            long[] out = new long[2 * size];
            for (int s = 0; s < points.length; s++) {
                long x = points[s];
                long c0 = coefficients[2 * s], c1 = coefficients[2 * s + 1];
                long power = 1;
                for (int j = 0; j < size; j++) {
                    out[2 * j] = Goldilocks.add(out[2 * j], Goldilocks.mul(c0, power));
                    out[2 * j + 1] = Goldilocks.add(out[2 * j + 1], Goldilocks.mul(c1, power));
                    power = Goldilocks.mul(power, x);
                }
            }
            return out;
        }

        /** The weights' multilinear extension at r (one coordinate per variable of the table). */
        public Ext2 at(Ext2[] r) {
            Ext2 sum = Ext2.ZERO;
            for (int s = 0; s < points.length; s++) {
                Ext2 term = Ext2.at(coefficients, s);
                long square = points[s]; // x_s^(2^b)
                for (Ext2 rb : r) {
                    term = term.mul(Ext2.ONE.sub(rb).add(rb.mul(square)));
                    square = Goldilocks.mul(square, square);
                }
                sum = sum.add(term);
            }
            return sum;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Powers p && Arrays.equals(points, p.points) && Arrays.equals(coefficients, p.coefficients);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(points) + Arrays.hashCode(coefficients);
        }
    }

    /** Σ_b w(b)·table(b), evaluated directly (for tests, honest provers and debug checkers). */
    public static Ext2 apply(Weights w, long[] table) {
        return switch (w) {
            case Eq e -> Multilinear.evaluateBase(table, e.point());
            case Explicit x -> io.zkml4j.core.poly.ExtVectors.innerProductBase(x.interleaved(), table);
            case Powers x -> io.zkml4j.core.poly.ExtVectors.innerProductBase(x.table(Multilinear.numVars(table.length)), table);
            case Product p -> {
                int m = p.lowVars();
                long[] eqHigh = Multilinear.eqTable(p.high());
                Ext2 sum = Ext2.ZERO;
                for (int h = 0; h < eqHigh.length / 2; h++) {
                    long[] block = Arrays.copyOfRange(table, h << m, (h + 1) << m);
                    sum = sum.add(io.zkml4j.core.poly.ExtVectors.innerProductBase(p.low(), block).mul(Ext2.at(eqHigh, h)));
                }
                yield sum;
            }
        };
    }

    /**
     * A product term whose explicit part is wider than a row of {@code logRowWidth} variables, as
     * terms whose explicit parts each fill one row: the low weights cut into row-wide slices t, each
     * with the bits of t joining the eq point (eq at a Boolean coordinate selects that slice). Other
     * weights are returned as they are.
     */
    public static List<Weights> fitRows(Weights w, int logRowWidth) {
        if (!(w instanceof Product p) || p.lowVars() <= logRowWidth) {
            return List.of(w);
        }
        int slices = 1 << (p.lowVars() - logRowWidth);
        int width = 2 << logRowWidth;
        List<Weights> out = new java.util.ArrayList<>(slices);
        for (int t = 0; t < slices; t++) {
            Ext2[] high = Arrays.copyOf(Multilinear.bits(t, p.lowVars() - logRowWidth), p.lowVars() - logRowWidth + p.high().length);
            System.arraycopy(p.high(), 0, high, p.lowVars() - logRowWidth, p.high().length);
            out.add(new Product(Arrays.copyOfRange(p.low(), t * width, (t + 1) * width), high));
        }
        return out;
    }
}
