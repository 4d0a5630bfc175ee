package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;

/**
 * Upper bounds on what compiling, proving or verifying a model's circuit costs, computed from the
 * declared geometry alone (shapes, kernels, windows, batch) before anything is allocated. A
 * verifying key or a proof from an untrusted source declares that geometry: a 300-byte key can
 * declare a convolution whose im2col map has 2^37 entries, and a proof can declare 65,536
 * samples. Both are refused here, naming the bound, instead of running out of memory.
 *
 * <p>The estimates round every vector up to a power of two, as the proof layout does, and count
 * four witness vectors per computed tensor (value, remainder limbs, signs), so they bound the real
 * circuit from above; the limits leave room for the bundled benchmark models (a 4M-weight dense
 * network, a CIFAR-shaped CNN) with batches of 64.
 */
public final class CircuitBounds {
    /** Most values of one vector, padded, over the whole batch (2^26: 512 MiB as longs). */
    public static final long MAX_VECTOR_VALUES = 1L << 26;
    /** Most entries of one layer's gather map per sample (im2col, pooling windows, concatenation). */
    public static final long MAX_LAYER_ENTRIES = 1L << 26;
    /** Most values and entries of a whole circuit, over the batch (2^28). */
    public static final long MAX_TOTAL = 1L << 28;
    private static final int WITNESS_VECTORS_PER_TENSOR = 4;

    private CircuitBounds() {}

    /** Null when the circuit of {@code model} for {@code batch} samples fits every bound, else which bound it exceeds and where. */
    public static String problem(QuantizedModel model, int batch) {
        if (batch < 1) {
            return "the batch size must be at least 1, not " + batch;
        }
        long samples = pow2(batch);
        long total = 0;
        for (var e : model.tensors().entrySet()) {
            long values = times(pow2(e.getValue().size()), samples);
            if (values > MAX_VECTOR_VALUES) {
                return "tensor '" + e.getKey() + "' takes " + values + " values over a batch of " + batch + ", above the bound of "
                        + MAX_VECTOR_VALUES + " values per vector";
            }
            total = plus(total, times(values, WITNESS_VECTORS_PER_TENSOR));
        }
        for (QLayer layer : model.layers()) {
            long entries = entries(model, layer);
            if (entries > MAX_LAYER_ENTRIES) {
                return "layer '" + layer.name() + "' gathers " + describe(entries) + " entries per sample, above the bound of "
                        + MAX_LAYER_ENTRIES;
            }
            long weights = weights(layer);
            if (weights > MAX_VECTOR_VALUES) {
                return "layer '" + layer.name() + "' has " + describe(weights) + " weights, above the bound of " + MAX_VECTOR_VALUES
                        + " values per vector";
            }
            total = plus(total, plus(entries, plus(weights, times(windowVectors(model, layer), samples))));
        }
        if (total > MAX_TOTAL) {
            return "the circuit for a batch of " + batch + " takes about " + describe(total) + " values and entries, above the bound of "
                    + MAX_TOTAL;
        }
        return null;
    }

    /** Throws {@link IllegalArgumentException} with {@link #problem}'s message when a bound is exceeded. */
    public static void check(QuantizedModel model, int batch) {
        String p = problem(model, batch);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    /** Entries of the layer's sparse gather map for one sample. */
    private static long entries(QuantizedModel model, QLayer layer) {
        long out = model.tensor(layer.output()).size();
        return switch (layer) {
            case QLayer.Conv c -> {
                QLayer.ConvGeometry g = c.geometry();
                yield times(out / Math.max(1, g.outC()), times(g.inC(), times(g.kH(), g.kW())));
            }
            case QLayer.MaxPool p -> times(out, times(p.geometry().kH(), p.geometry().kW()));
            case QLayer.AvgPool p -> times(out, times(p.geometry().kH(), p.geometry().kW()));
            case QLayer.Concat c -> out;
            default -> 0;
        };
    }

    /** Committed weights of the layer, padded as the model commitment lays them out. */
    private static long weights(QLayer layer) {
        return switch (layer) {
            case QLayer.Dense d -> times(pow2(d.in()), pow2(d.out()));
            case QLayer.Conv c -> {
                QLayer.ConvGeometry g = c.geometry();
                yield times(pow2(g.outC()), pow2(times(g.groupInC(), times(g.kH(), g.kW()))));
            }
            default -> 0;
        };
    }

    /** Per-sample witness values beyond the tensors: the im2col matrix, one vector per window offset. */
    private static long windowVectors(QuantizedModel model, QLayer layer) {
        return switch (layer) {
            case QLayer.Conv c -> pow2(entries(model, layer));
            case QLayer.MaxPool p -> times(pow2(model.tensor(p.output()).size()), times(p.geometry().kH(), p.geometry().kW()));
            default -> 0;
        };
    }

    private static long pow2(long n) {
        if (n <= 1) {
            return 1;
        }
        if (n > 1L << 62) {
            return Long.MAX_VALUE;
        }
        return Long.highestOneBit(n - 1) << 1;
    }

    private static long times(long a, long b) {
        if (a < 0 || b < 0) {
            return Long.MAX_VALUE; // never from a consistent model: refuse rather than wrap
        }
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static String describe(long n) {
        if (n == Long.MAX_VALUE) {
            return "more than 2^63";
        }
        int log = 63 - Long.numberOfLeadingZeros(n);
        return n + " (about 2^" + log + ")";
    }
}
