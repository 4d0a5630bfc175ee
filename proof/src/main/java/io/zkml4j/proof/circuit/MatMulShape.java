package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QLayer;

/**
 * The padded matrices of a product of two computed matrices, as the proof lays them out: rows,
 * inner and columns rounded up to powers of two, then rows and columns doubled until A
 * (rows × inner), B (inner × columns) and the output (rows × columns) each hold at least
 * {@link TensorLayout#MIN_SIZE} positions, so that none is padded further than its two indices.
 * The compiler lays the matrices out with it and the bounds charge what it lays out.
 */
public record MatMulShape(long rows, long inner, long columns) {
    public static MatMulShape of(QLayer.MatMul m) {
        long rows = Im2colShape.ceilPow2(m.rows()), inner = Im2colShape.ceilPow2(m.inner()), columns = Im2colShape.ceilPow2(m.columns());
        while (rows * inner < TensorLayout.MIN_SIZE || rows * columns < TensorLayout.MIN_SIZE) {
            rows *= 2;
        }
        while (inner * columns < TensorLayout.MIN_SIZE) {
            columns *= 2;
        }
        return new MatMulShape(rows, inner, columns);
    }

    public long a() {
        return rows * inner;
    }

    public long b() {
        return inner * columns;
    }

    public long output() {
        return rows * columns;
    }
}
