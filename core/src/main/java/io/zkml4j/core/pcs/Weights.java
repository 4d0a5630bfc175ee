package io.zkml4j.core.pcs;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;

import java.util.Arrays;

/**
 * The weight vector of a linear claim over one committed polynomial's table: either the eq
 * weights of a point (the claim is then the multilinear evaluation at that point) or an explicit
 * vector (for small polynomials, such as sumcheck masks, whose claims are not evaluations).
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

    /** Σ_b w(b)·table(b), evaluated directly (for tests, honest provers and debug checkers). */
    public static Ext2 apply(Weights w, long[] table) {
        return switch (w) {
            case Eq e -> Multilinear.evaluateBase(table, e.point());
            case Explicit x -> io.zkml4j.core.poly.ExtVectors.innerProductBase(x.interleaved(), table);
        };
    }
}
