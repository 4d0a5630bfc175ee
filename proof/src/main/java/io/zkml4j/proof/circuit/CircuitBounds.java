package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;

import java.util.HashSet;
import java.util.Set;

/**
 * Upper bounds on what compiling, proving or verifying a model's circuit costs, computed from the
 * declared geometry alone (shapes, kernels, windows, activations, batch) before anything is
 * allocated. A verifying key or a proof from an untrusted source declares that geometry: a
 * 300-byte key can declare a convolution whose im2col map has 2^37 entries, a few hundred
 * kilobytes of key can declare thousands of distinct activation tables, and a proof can declare
 * 65,536 samples. All are refused here, naming the bound, instead of running out of memory.
 *
 * <p>The estimates follow the proof layout: every per-sample block is a power of two of at least
 * {@link TensorLayout#MIN_SIZE} entries, a convolution's im2col block is {@link Im2colShape}'s,
 * dense weights are (padded outputs) × (padded inputs), and each computed tensor is charged four
 * witness vectors (value, remainder limbs, signs), so they bound the real circuit from above. The
 * limits leave room for the bundled benchmark models (a 4M-weight dense network, a CIFAR-shaped
 * CNN) with batches of 64.
 */
public final class CircuitBounds {
    /** Most values of one vector, padded, over the whole batch (2^26: 512 MiB as longs). */
    public static final long MAX_VECTOR_VALUES = 1L << 26;
    /** Most entries of one layer's gather maps per sample (im2col, pooling windows, concatenation), padding included. */
    public static final long MAX_LAYER_ENTRIES = 1L << 26;
    /**
     * Most values and entries of a whole circuit, over the batch, weights aside (2^29: GPT-2 small's
     * 12 layers over 16 tokens are charged about 2^28.3).
     */
    public static final long MAX_TOTAL = 1L << 29;
    /**
     * Most committed weight positions, padded (2^28). Charged apart: a verifier never holds them
     * (the weights proof checks them part by part), a prover does.
     */
    public static final long MAX_WEIGHTS = 1L << 28;
    /**
     * Most distinct activation tables (each has 2^16 rows, also charged to {@link #MAX_TOTAL}): GPT-2
     * small calibrates one reciprocal per attention head, 144 in all, and a few more per layer.
     */
    public static final int MAX_ACTIVATION_TABLES = 512;
    /** Most layers (the codec reads up to 2^20); each is also charged a fixed overhead for its plans and relations. */
    public static final int MAX_LAYERS = 1 << 16;
    private static final long PER_LAYER_OVERHEAD = 1 << 10;
    private static final int WITNESS_VECTORS_PER_TENSOR = 4;
    /** Per table row: two table columns, multiplicities, two inverse components and their masks. */
    private static final long VALUES_PER_TABLE_ROW = 6;
    private static final long ACTIVATION_TABLE_ROWS = 1L << Activation.BITS;

    private CircuitBounds() {}

    /** Null when the circuit of {@code model} for {@code batch} samples fits every bound, else which bound it exceeds and where. */
    public static String problem(QuantizedModel model, int batch) {
        if (batch < 1) {
            return "the batch size must be at least 1, not " + batch;
        }
        long samples = pow2(batch);
        long total = 0;
        for (var e : model.tensors().entrySet()) {
            long values = times(sampleBlock(e.getValue().size()), samples);
            if (values > MAX_VECTOR_VALUES) {
                return "tensor '" + e.getKey() + "' takes " + describe(values) + " values over a batch of " + batch
                        + ", above the bound of " + MAX_VECTOR_VALUES + " values per vector";
            }
            total = plus(total, times(values, WITNESS_VECTORS_PER_TENSOR));
        }
        if (model.layers().size() > MAX_LAYERS) {
            return "the model has " + model.layers().size() + " layers, above the bound of " + MAX_LAYERS;
        }
        Set<Activation> tables = new HashSet<>();
        long allWeights = 0;
        for (QLayer layer : model.layers()) {
            String at = "layer '" + layer.name() + "'";
            long entries = entries(model, layer);
            if (entries > MAX_LAYER_ENTRIES) {
                return at + " gathers " + describe(entries) + " entries per sample, above the bound of " + MAX_LAYER_ENTRIES;
            }
            long weights = weights(model, layer);
            if (weights > MAX_VECTOR_VALUES) {
                return at + " has " + describe(weights) + " weights, above the bound of " + MAX_VECTOR_VALUES + " values per vector";
            }
            long witness = times(witnessBeyondOutput(model, layer), samples);
            if (witness > MAX_VECTOR_VALUES) {
                return at + " takes " + describe(witness) + " witness values over a batch of " + batch + ", above the bound of "
                        + MAX_VECTOR_VALUES;
            }
            allWeights = plus(allWeights, weights);
            if (allWeights > MAX_WEIGHTS) {
                return "the model's weights take more than " + MAX_WEIGHTS + " committed positions (" + at + " adds " + describe(weights) + ")";
            }
            total = plus(total, plus(PER_LAYER_OVERHEAD, plus(entries, witness)));
            Activation f = activation(layer);
            if (f != null && f.kind() != Activation.Kind.IDENTITY && f.kind() != Activation.Kind.RELU && tables.add(f)
                    && tables.size() > MAX_ACTIVATION_TABLES) {
                return "the model uses more than " + MAX_ACTIVATION_TABLES + " distinct activation tables (" + at + " adds another)";
            }
        }
        total = plus(total, times(tables.size(), ACTIVATION_TABLE_ROWS * VALUES_PER_TABLE_ROW));
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

    /** A per-sample block as the proof lays it out: a power of two, at least MIN_SIZE. */
    private static long sampleBlock(long size) {
        return Math.max(TensorLayout.MIN_SIZE, pow2(size));
    }

    /** The activation a layer's requantisation applies, or null for layers without one. */
    private static Activation activation(QLayer layer) {
        io.zkml4j.model.quant.Requant rq = QLayer.requantOf(layer); // every requantising kind, so a new one is never missed
        return rq == null ? null : rq.activation();
    }

    /** Entries and constants of the layer's sparse gather maps for one sample, padding included. */
    private static long entries(QuantizedModel model, QLayer layer) {
        long out = model.tensor(layer.output()).size();
        long outBlock = sampleBlock(out);
        return switch (layer) {
            case QLayer.Conv c -> {
                QLayer.ConvGeometry g = c.geometry();
                long real = times(out / Math.max(1, g.outC()), times(g.inC(), times(g.kH(), g.kW())));
                yield plus(real, Im2colShape.of(g).sample());
            }
            case QLayer.MaxPool p -> times(plus(out, outBlock), times(p.geometry().kH(), p.geometry().kW()));
            case QLayer.AvgPool p -> plus(times(out, times(p.geometry().kH(), p.geometry().kW())), outBlock);
            case QLayer.Concat c -> plus(out, times(c.inputs().size(), outBlock)); // one map, with its constants, per input
            case QLayer.Broadcast b -> plus(out, outBlock); // one entry per output value, and the map's constants
            case QLayer.Select s -> plus(out, outBlock);
            case QLayer.MatMul m -> { // the operands read into their matrix layouts
                MatMulShape s = MatMulShape.of(m);
                yield plus(plus(times(m.rows(), m.inner()), times(m.inner(), m.columns())), plus(s.a(), s.b()));
            }
            default -> 0;
        };
    }

    /** Committed weights of the layer, padded as the model commitment lays them out. */
    private static long weights(QuantizedModel model, QLayer layer) {
        return switch (layer) {
            case QLayer.Dense d -> times(sampleBlock(d.out()), sampleBlock(model.tensor(d.input()).size()));
            case QLayer.Conv c -> {
                Im2colShape shape = Im2colShape.of(c.geometry());
                yield times(shape.kernel(), times(shape.channelsPadded(), shape.groups()));
            }
            default -> 0;
        };
    }

    /**
     * Per-sample witness values beyond the output tensor: the im2col block (no longer committed, its
     * value at the relation's point being a claim on the input, but still charged as before: a bound
     * from above), one difference vector per window offset, one output-sized part per concatenated input.
     */
    private static long witnessBeyondOutput(QuantizedModel model, QLayer layer) {
        long outBlock = sampleBlock(model.tensor(layer.output()).size());
        return switch (layer) {
            case QLayer.Conv c -> Im2colShape.of(c.geometry()).sample();
            case QLayer.MaxPool p -> times(outBlock, times(p.geometry().kH(), p.geometry().kW()));
            case QLayer.Concat c -> times(outBlock, c.inputs().size());
            case QLayer.MatMul m -> { // both matrices, and the output's own padded layout with its requantisation vectors
                MatMulShape s = MatMulShape.of(m);
                yield plus(plus(s.a(), s.b()), times(WITNESS_VECTORS_PER_TENSOR, s.output()));
            }
            default -> 0;
        };
    }

    private static long pow2(long n) {
        return Im2colShape.ceilPow2(n);
    }

    /** a·b for non-negative sizes, saturating at Long.MAX_VALUE. */
    static long times(long a, long b) {
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
