package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;

import java.util.Arrays;
import java.util.List;

/**
 * The weight vector of a linear claim over one committed polynomial's table: the eq weights of a
 * point (the claim is then the multilinear evaluation at that point), an explicit vector (for
 * small polynomials, such as sumcheck masks, whose claims are not evaluations), or explicit
 * weights over the low variables times eq over the rest.
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

    /** Σ_b w(b)·table(b), evaluated directly (for tests, honest provers and debug checkers). */
    public static Ext2 apply(Weights w, long[] table) {
        return switch (w) {
            case Eq e -> Multilinear.evaluateBase(table, e.point());
            case Explicit x -> io.zkml4j.core.poly.ExtVectors.innerProductBase(x.interleaved(), table);
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
