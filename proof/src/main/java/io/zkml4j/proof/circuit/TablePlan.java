package io.zkml4j.proof.circuit;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.logup.LookupTable;
import io.zkml4j.model.quant.Activation;

/**
 * A public lookup table with its committed multiplicities (the numerators of its fraction tree): a range
 * [0, 2^bits) (8-bit limbs, or a whole value of up to 16 bits when there are enough of them to pay
 * for the table); the sign table of pairs (h, [h ≥ 0]) for h in [−2^7, 2^7); or an activation's
 * pairs (t, f(t)) for t in [−2^15, 2^15); or, for training, an activation's triples (t, f(t), f'(t)) with
 * the derivative of {@link #derivative} ({@code bits} holding its fraction bits); or the softmax's
 * exponential, pairs (d, E(d)) for d in [0, 2^16) ({@link #expValues}, {@code bits} holding the
 * activations' fraction bits).
 */
public record TablePlan(String label, Kind kind, Activation activation, int bits, LookupTable table, VectorRef multiplicities) {
    public enum Kind { RANGE, SIGN, ACTIVATION, DERIVATIVE, EXP }

    /** Bits of the range table: limbs of every range check have this many bits. */
    public static final int RANGE_BITS = 8;

    public int numVars() {
        return table.numVars();
    }

    /** The table row holding these column values (as signed integers), or −1 if there is none. */
    public int rowOf(long[] values) {
        long v = values[0];
        return switch (kind) {
            case RANGE -> v >= 0 && v < 1L << bits ? (int) v : -1;
            case SIGN -> v >= -(1 << (RANGE_BITS - 1)) && v < 1 << (RANGE_BITS - 1) && values[1] == (v >= 0 ? 1 : 0)
                    ? (int) (v + (1 << (RANGE_BITS - 1))) : -1;
            case ACTIVATION -> v >= Activation.MIN && v <= Activation.MAX && values[1] == activation.apply(v) ? (int) (v - Activation.MIN) : -1;
            case DERIVATIVE -> {
                long half = 1L << (table.numVars() - 1); // the table's rows are t in [−half, half)
                yield v >= -half && v < half && values[1] == activation.apply(v) && values[2] == derivative(activation, v, bits) ? (int) (v + half) : -1;
            }
            case EXP -> v >= 0 && v < 1L << expTableBits(bits) && values[1] == exp(v, bits) ? (int) v : -1;
        };
    }

    /** The widest range table: a whole 16-bit value in one lookup. */
    public static final int MAX_RANGE_BITS = 16;

    public static LookupTable rangeTable(int bits) {
        return LookupTable.range(bits);
    }

    /** Row j holds (j − 2^7, [j ≥ 2^7]). */
    public static LookupTable signTable() {
        int rows = 1 << RANGE_BITS;
        long[] high = new long[rows];
        long[] sign = new long[rows];
        for (int j = 0; j < rows; j++) {
            long h = j - (rows >> 1);
            high[j] = Goldilocks.fromSigned(h);
            sign[j] = h >= 0 ? 1 : 0;
        }
        return LookupTable.of(high, sign);
    }

    /** Row j holds (j − 2^15, f(j − 2^15)). */
    public static LookupTable activationTable(Activation f) {
        return overInputs(Activation.MIN, 1 << Activation.BITS, f::apply);
    }

    /** Row j holds t = first + j and each function of t. */
    private static LookupTable overInputs(long first, int rows, java.util.function.LongUnaryOperator... functions) {
        long[][] columns = new long[functions.length + 1][rows];
        for (int j = 0; j < rows; j++) {
            long t = first + j;
            columns[0][j] = Goldilocks.fromSigned(t);
            for (int c = 0; c < functions.length; c++) {
                columns[c + 1][j] = Goldilocks.fromSigned(functions[c].applyAsLong(t));
            }
        }
        return LookupTable.of(columns);
    }

    /** Whether a training step looks f's derivative up beside f(t) ({@link #derivative}): sigmoid, tanh, leaky ReLU. */
    public static boolean hasDerivative(Activation f) {
        return switch (f.kind()) {
            case SIGMOID, TANH, LEAKY_RELU -> true;
            default -> false;
        };
    }

    /**
     * The derivative a training step multiplies the gradient by where f follows a layer, as an integer
     * with {@code fractionBits} fraction bits, for a 16-bit t: for sigmoid and tanh it comes from the
     * looked-up output y = f(t) (o = its fraction bits, fractionBits = 2·o), as PyTorch's backward
     * does from the output: y·(2^o − y) for sigmoid, 2^(2o) − y² for tanh; for leaky ReLU it is 1 for
     * t ≥ 0 (as the trainer takes ReLU's, 1 at 0) and the slope α rounded to fractionBits below 0.
     */
    public static long derivative(Activation f, long t, int fractionBits) {
        return switch (f.kind()) {
            case SIGMOID, TANH -> {
                if (fractionBits != 2 * f.outputBits()) {
                    throw new IllegalArgumentException("the derivative of " + f.describe() + " has " + 2 * f.outputBits() + " fraction bits, not "
                            + fractionBits);
                }
                long y = f.apply(t);
                yield f.kind() == Activation.Kind.SIGMOID ? y * ((1L << f.outputBits()) - y) : (1L << fractionBits) - y * y;
            }
            case LEAKY_RELU -> t >= 0 ? 1L << fractionBits : leakySlope(f.alpha(), fractionBits);
            default -> throw new IllegalArgumentException("a training step takes no table derivative of " + f.describe());
        };
    }

    /** α with {@code fractionBits} fraction bits, rounded half up. */
    public static long leakySlope(double alpha, int fractionBits) {
        return (long) Math.floor(Math.scalb(alpha, fractionBits) + 0.5);
    }

    /**
     * Row j holds (t, f(t), f'(t)) for t = j − 2^(b−1), b = {@link #derivativeDomainBits}: the 16-bit
     * inputs where f or f' still changes (a saturated sigmoid or tanh reads its row at the clamped t).
     */
    public static LookupTable derivativeTable(Activation f, int fractionBits) {
        int b = derivativeDomainBits(f, fractionBits);
        return overInputs(-(1L << (b - 1)), 1 << b, f::apply, t -> derivative(f, t, fractionBits));
    }

    /** The smallest derivative table: 2^8 rows, as the range table (a fraction tree needs a few variables). */
    static final int MIN_DERIVATIVE_DOMAIN_BITS = 8;

    private static final java.util.Map<java.util.List<Object>, Integer> DOMAIN_BITS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The fewest bits b, from 8 to 16, such that f and its derivative are constant on the 16-bit inputs below
     * −2^(b−1) and on those from 2^(b−1) − 1 up: outside [−2^(b−1), 2^(b−1)) a training step looks
     * (f(t), f'(t)) up at t clamped into it. Sigmoid and tanh saturate (with 8 fraction bits beyond
     * |t| ≈ 1,600 and ≈ 900), so their tables shrink from 2^16 rows to 2^12 and 2^11; leaky ReLU does not.
     */
    public static int derivativeDomainBits(Activation f, int fractionBits) {
        return DOMAIN_BITS.computeIfAbsent(java.util.List.of(f, fractionBits), k -> {
            long low = Activation.MIN; // every t ≤ low has f(t), f'(t) = f(MIN), f'(MIN)
            while (low < Activation.MAX && sameRow(f, fractionBits, low + 1, Activation.MIN)) {
                low++;
            }
            long high = Activation.MAX; // every t ≥ high has the values of MAX
            while (high > Activation.MIN && sameRow(f, fractionBits, high - 1, Activation.MAX)) {
                high--;
            }
            for (int b = MIN_DERIVATIVE_DOMAIN_BITS; b < Activation.BITS; b++) {
                if (-(1L << (b - 1)) <= low && (1L << (b - 1)) - 1 >= high) {
                    return b;
                }
            }
            return Activation.BITS;
        });
    }

    private static boolean sameRow(Activation f, int fractionBits, long t, long u) {
        return f.apply(t) == f.apply(u) && derivative(f, t, fractionBits) == derivative(f, u, fractionBits);
    }

    /** t clamped into the derivative table's inputs [−2^(b−1), 2^(b−1)). */
    public static long clampToDerivativeDomain(Activation f, int fractionBits, long t) {
        long half = 1L << (derivativeDomainBits(f, fractionBits) - 1);
        return Math.max(-half, Math.min(half - 1, t));
    }

    /** Fraction bits of the softmax's exponentials: E(0) = 2^16. */
    public static final int EXP_FRACTION = 16;

    private static final java.util.Map<Integer, long[]> EXP_VALUES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * round(exp(−d/2^fa)·2^16) for d = 0, 1, 2, … while it is not 0: the training's softmax reads
     * E(d) for the gap d between a row's maximum logit and a logit (0 beyond this list).
     */
    public static long[] expValues(int activationFraction) {
        return EXP_VALUES.computeIfAbsent(activationFraction, fa -> {
            java.util.List<Long> values = new java.util.ArrayList<>();
            for (int d = 0; ; d++) {
                long e = Math.round(Math.scalb(StrictMath.exp(-Math.scalb((double) d, -fa)), EXP_FRACTION));
                if (e == 0) {
                    break;
                }
                values.add(e);
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }).clone();
    }

    /** E(d) for a gap d ≥ 0. */
    public static long exp(long d, int activationFraction) {
        long[] values = EXP_VALUES.get(activationFraction);
        if (values == null) {
            expValues(activationFraction);
            values = EXP_VALUES.get(activationFraction);
        }
        return d < values.length ? values[(int) d] : 0;
    }

    /**
     * Bits of the exponential's table: enough rows that its last one is past every non-zero E (so a
     * larger gap, clamped to it, reads 0), at most 16 (every gap of two 16-bit values).
     */
    public static int expTableBits(int activationFraction) {
        exp(0, activationFraction); // fills the cache
        int nonZero = EXP_VALUES.get(activationFraction).length;
        return Math.min(Activation.BITS, 64 - Long.numberOfLeadingZeros(nonZero));
    }

    /** Row d holds (d, E(d)) for d in [0, 2^expTableBits). */
    public static LookupTable expTable(int activationFraction) {
        int rows = 1 << expTableBits(activationFraction);
        long[] in = new long[rows];
        long[] out = new long[rows];
        for (int d = 0; d < rows; d++) {
            in[d] = d;
            out[d] = exp(d, activationFraction);
        }
        return LookupTable.of(in, out);
    }
}
