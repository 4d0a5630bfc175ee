package io.zkml4j.core.logup;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Multilinear;

/**
 * A public table of tuples with 2^n rows, known to both prover and verifier. The verifier only
 * needs each column's multilinear extension at one point, which structured tables (a range)
 * compute in O(n) instead of O(2^n).
 */
public interface LookupTable {
    int numVars();

    int columns();

    /** Entry (row, column), canonical. */
    long value(int row, int column);

    /** The multilinear extension of a column at a point. */
    Ext2 evaluate(int column, Ext2[] point);

    /** The range [0, 2^bits) as a one-column table whose row i holds i. */
    static LookupTable range(int bits) {
        return new Range(bits);
    }

    /** The range table; its extension at r is Σ_j 2^j·r_j, computed in O(bits). */
    record Range(int bits) implements LookupTable {
        public Range {
            if (bits < 0 || bits > 30) {
                throw new IllegalArgumentException("range tables have between 2^0 and 2^30 rows, not 2^" + bits);
            }
        }

        public int numVars() {
            return bits;
        }

        public int columns() {
            return 1;
        }

        public long value(int row, int column) {
            return row;
        }

        public Ext2 evaluate(int column, Ext2[] point) {
            return Multilinear.evaluateCountingTable(point);
        }

        @Override
        public String toString() {
            return "the range [0, 2^" + bits + ")";
        }
    }

    /** A table given by its columns, each of the same power-of-two length. */
    static LookupTable of(long[]... columns) {
        int n = Multilinear.numVars(columns[0].length);
        long[][] cols = new long[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != columns[0].length) {
                throw new IllegalArgumentException("table columns must have the same length");
            }
            cols[c] = columns[c].clone();
            for (int i = 0; i < cols[c].length; i++) {
                cols[c][i] = io.zkml4j.core.field.Goldilocks.canonical(cols[c][i]);
            }
        }
        return new LookupTable() {
            public int numVars() {
                return n;
            }

            public int columns() {
                return cols.length;
            }

            public long value(int row, int column) {
                return cols[column][row];
            }

            public Ext2 evaluate(int column, Ext2[] point) {
                return Multilinear.evaluateBase(cols[column], point);
            }
        };
    }
}
