package io.zkml4j.federated;

import java.math.BigInteger;
import java.util.List;

/**
 * Federated averaging (McMahan et al. 2017) in the training's fixed point: each weight of the new
 * global model is Σ_i n_i·w_i / Σ_i n_i over the verified updates, n_i the participant's committed
 * row count, rounded to the nearest integer (halves up). Exact integer arithmetic, so anyone who
 * recomputes it from the public record gets the same model bit for bit.
 */
public final class FederatedAveraging {
    private FederatedAveraging() {}

    public static GlobalModel average(List<GlobalModel> updates, List<Long> rows) {
        if (updates.isEmpty() || updates.size() != rows.size()) {
            throw new IllegalArgumentException("one row count per update, at least one update");
        }
        GlobalModel first = updates.get(0);
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < updates.size(); i++) {
            if (!updates.get(i).sameShape(first)) {
                throw new IllegalArgumentException("update " + i + " has another shape than update 0");
            }
            if (rows.get(i) < 1) {
                throw new IllegalArgumentException("update " + i + " counts " + rows.get(i) + " rows");
            }
            total = total.add(BigInteger.valueOf(rows.get(i)));
        }
        long[][] weights = new long[first.layers()][];
        long[][] biases = new long[first.layers()][];
        for (int l = 0; l < first.layers(); l++) {
            final int layer = l;
            weights[l] = average(updates, rows, total, m -> m.weights()[layer]);
            biases[l] = average(updates, rows, total, m -> m.biases()[layer]);
        }
        return new GlobalModel(weights, biases, first.activations(), first.inputs());
    }

    private static long[] average(List<GlobalModel> updates, List<Long> rows, BigInteger total, java.util.function.Function<GlobalModel, long[]> part) {
        int n = part.apply(updates.get(0)).length;
        long[] out = new long[n];
        BigInteger twiceTotal = total.shiftLeft(1);
        for (int j = 0; j < n; j++) {
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < updates.size(); i++) {
                sum = sum.add(BigInteger.valueOf(part.apply(updates.get(i))[j]).multiply(BigInteger.valueOf(rows.get(i))));
            }
            // round(sum / total) = floor((2·sum + total) / (2·total))
            BigInteger[] qr = sum.shiftLeft(1).add(total).divideAndRemainder(twiceTotal);
            BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
            out[j] = q.longValueExact();
        }
        return out;
    }

    /** The L2 norm of W' − W in model units (weights over 2^fw, biases over 2^(fw + fa)). */
    public static double updateNorm(GlobalModel trained, GlobalModel global) {
        double weightScale = Math.scalb(1.0, -UpdateStatement.FORMAT.weightFraction());
        double biasScale = Math.scalb(1.0, -(UpdateStatement.FORMAT.weightFraction() + UpdateStatement.FORMAT.activationFraction()));
        double sum = 0;
        for (int l = 0; l < global.layers(); l++) {
            for (int j = 0; j < global.weights()[l].length; j++) {
                double d = (trained.weights()[l][j] - global.weights()[l][j]) * weightScale;
                sum += d * d;
            }
            for (int j = 0; j < global.biases()[l].length; j++) {
                double d = (trained.biases()[l][j] - global.biases()[l][j]) * biasScale;
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }
}
