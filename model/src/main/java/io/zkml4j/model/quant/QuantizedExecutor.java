package io.zkml4j.model.quant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a quantised model exactly, in 64-bit integers with overflow checks. The trace it returns is
 * the prover's witness: every tensor's values and, for each requantising layer, its accumulator,
 * the requantised values t and the remainders.
 */
public final class QuantizedExecutor {
    private QuantizedExecutor() {}

    /** What a requantising layer computed. */
    public record LayerTrace(long[] accumulator, long[] requantized, long[] remainder) {}

    /** The witness: tensor values by name, and per-layer traces by layer name. */
    public record Trace(Map<String, long[]> values, Map<String, LayerTrace> layers) {
        public long[] value(String tensor) {
            long[] v = values.get(tensor);
            if (v == null) {
                throw new IllegalArgumentException("no value for tensor '" + tensor + "'");
            }
            return v;
        }
    }

    public static Trace run(QuantizedModel model, long[] input) {
        if (input.length != model.inputSpec().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the model expects " + model.inputSpec().size());
        }
        for (int i = 0; i < input.length; i++) {
            if (input[i] < Activation.MIN || input[i] > Activation.MAX) { // every tensor of a quantised model is 16-bit
                throw new IllegalArgumentException("input value " + i + " (" + input[i] + ") is outside the 16-bit range");
            }
        }
        Map<String, long[]> values = new HashMap<>();
        Map<String, LayerTrace> traces = new HashMap<>();
        values.put(model.input(), input.clone());
        for (QLayer layer : model.layers()) {
            List<String> in = layer.inputs();
            long[] out = switch (layer) {
                case QLayer.Dense d -> requantize(d.name(), dense(d, values.get(d.input())), d.requant(), traces);
                case QLayer.Conv c -> requantize(c.name(), conv(c, values.get(c.input())), c.requant(), traces);
                case QLayer.AvgPool p -> requantize(p.name(), avgPool(p, values.get(p.input())), p.requant(), traces);
                case QLayer.MaxPool p -> maxPool(p, values.get(p.input()));
                case QLayer.Add a -> requantize(a.name(), add(a, values.get(a.a()), values.get(a.b())), a.requant(), traces);
                case QLayer.Mul m -> requantize(m.name(), mul(m, values.get(m.a()), values.get(m.b())), m.requant(), traces);
                case QLayer.MatMul m -> requantize(m.name(), matMul(m, values.get(m.a()), values.get(m.b())), m.requant(), traces);
                case QLayer.Affine a -> requantize(a.name(), affine(a, values.get(a.input())), a.requant(), traces);
                case QLayer.Activate a -> requantize(a.name(), values.get(a.input()).clone(), a.requant(), traces);
                case QLayer.Reshape r -> values.get(r.input()).clone();
                case QLayer.Transpose t -> transpose(values.get(t.input()), model.tensor(t.input()).shape(), t.perm());
                case QLayer.Concat c -> concat(c, model, values);
                case QLayer.Broadcast b -> broadcast(values.get(b.input()), model.tensor(b.input()).shape(), model.tensor(b.output()).shape());
                case QLayer.Select s -> select(s, values.get(s.input()));
            };
            int expected = model.tensor(layer.output()).size();
            if (out.length != expected) {
                throw new IllegalStateException("layer " + layer.name() + " produced " + out.length + " values, its output holds " + expected);
            }
            for (String name : in) {
                if (!values.containsKey(name)) {
                    throw new IllegalStateException("layer " + layer.name() + " runs before its input '" + name + "' is computed");
                }
            }
            values.put(layer.output(), out);
        }
        return new Trace(values, traces);
    }

    private static long[] requantize(String layer, long[] acc, Requant rq, Map<String, LayerTrace> traces) {
        long[] t = new long[acc.length];
        long[] r = new long[acc.length];
        long[] y = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            t[i] = rq.round(acc[i], layer, i);
            r[i] = rq.remainder(acc[i], t[i]);
            y[i] = rq.activation().apply(t[i]);
        }
        traces.put(layer, new LayerTrace(acc, t, r));
        return y;
    }

    static long[] matMul(QLayer.MatMul m, long[] a, long[] b) {
        long[] acc = new long[m.rows() * m.columns()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.columns(); j++) {
                long s = 0;
                for (int k = 0; k < m.inner(); k++) {
                    s = Math.addExact(s, Math.multiplyExact(a[i * m.inner() + k], b[k * m.columns() + j]));
                }
                acc[i * m.columns() + j] = Math.multiplyExact(m.multiplier(), s);
            }
        }
        return acc;
    }

    static long[] dense(QLayer.Dense d, long[] x) {
        if (x.length != d.in()) {
            throw new IllegalArgumentException("layer " + d.name() + " expects " + d.in() + " inputs, got " + x.length);
        }
        long[] acc = new long[d.out()];
        for (int o = 0; o < d.out(); o++) {
            long s = d.bias()[o];
            int row = o * d.in();
            for (int i = 0; i < d.in(); i++) {
                s = Math.addExact(s, Math.multiplyExact(d.weight()[row + i], x[i]));
            }
            acc[o] = s;
        }
        return acc;
    }

    /**
     * The convolution of x: weight by weight over the output plane when no sum can leave the long
     * range (checked from the largest magnitudes, then plain products, which C2 vectorises), else
     * with every product and sum checked ({@link #convExact}). The values are the same.
     */
    static long[] conv(QLayer.Conv c, long[] x) {
        QLayer.ConvGeometry g = c.geometry();
        if (!sumsFitLong(c, x)) {
            return convExact(c, x);
        }
        int outH = g.outH(), outW = g.outW();
        int perGroupOut = g.outC() / g.groups();
        int cin = g.groupInC();
        int kH = g.kH(), kW = g.kW(), inH = g.inH(), inW = g.inW();
        int sH = g.strideH(), sW = g.strideW(), dH = g.dilationH(), dW = g.dilationW();
        long[] acc = new long[g.outC() * outH * outW];
        long[] weight = c.weight();
        for (int co = 0; co < g.outC(); co++) {
            int plane = co * outH * outW;
            java.util.Arrays.fill(acc, plane, plane + outH * outW, c.bias()[co]);
            int group = co / perGroupOut;
            for (int ci = 0; ci < cin; ci++) {
                int channel = (group * cin + ci) * inH * inW;
                for (int kh = 0; kh < kH; kh++) {
                    for (int kw = 0; kw < kW; kw++) {
                        long w = weight[((co * cin + ci) * kH + kh) * kW + kw];
                        if (w == 0) {
                            continue;
                        }
                        int shift = kw * dW - g.padLeft(); // iw = ow·sW + shift must lie in [0, inW)
                        int owFrom = shift >= 0 ? 0 : (-shift + sW - 1) / sW;
                        int owTo = Math.min(outW, inW - 1 - shift < 0 ? 0 : (inW - 1 - shift) / sW + 1);
                        for (int oh = 0; oh < outH; oh++) {
                            int ih = oh * sH + kh * dH - g.padTop();
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            int out = plane + oh * outW;
                            int in = channel + ih * inW + shift;
                            if (sW == 1) {
                                for (int ow = owFrom; ow < owTo; ow++) {
                                    acc[out + ow] += w * x[in + ow];
                                }
                            } else {
                                for (int ow = owFrom; ow < owTo; ow++) {
                                    acc[out + ow] += w * x[in + ow * sW];
                                }
                            }
                        }
                    }
                }
            }
        }
        return acc;
    }

    /** Whether |bias| + (taps per output)·max|w|·max|x| stays below 2^62, so that no sum can overflow. */
    private static boolean sumsFitLong(QLayer.Conv c, long[] x) {
        QLayer.ConvGeometry g = c.geometry();
        try {
            long taps = Math.multiplyExact((long) g.groupInC(), (long) g.kH() * g.kW());
            long bound = Math.multiplyExact(Math.multiplyExact(taps, maxAbs(c.weight())), maxAbs(x));
            return Math.addExact(bound, maxAbs(c.bias())) < 1L << 62;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static long maxAbs(long[] values) {
        long max = 0;
        for (long v : values) {
            if (v == Long.MIN_VALUE) {
                throw new ArithmeticException("no magnitude");
            }
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The convolution with every product and sum checked for overflow. */
    static long[] convExact(QLayer.Conv c, long[] x) {
        QLayer.ConvGeometry g = c.geometry();
        int outH = g.outH(), outW = g.outW();
        int perGroupOut = g.outC() / g.groups();
        int cin = g.groupInC();
        long[] acc = new long[g.outC() * outH * outW];
        for (int co = 0; co < g.outC(); co++) {
            int group = co / perGroupOut;
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    long s = c.bias()[co];
                    for (int ci = 0; ci < cin; ci++) {
                        int channel = group * cin + ci;
                        for (int kh = 0; kh < g.kH(); kh++) {
                            int ih = oh * g.strideH() + kh * g.dilationH() - g.padTop();
                            if (ih < 0 || ih >= g.inH()) {
                                continue;
                            }
                            for (int kw = 0; kw < g.kW(); kw++) {
                                int iw = ow * g.strideW() + kw * g.dilationW() - g.padLeft();
                                if (iw < 0 || iw >= g.inW()) {
                                    continue;
                                }
                                long w = c.weight()[((co * cin + ci) * g.kH() + kh) * g.kW() + kw];
                                s = Math.addExact(s, Math.multiplyExact(w, x[(channel * g.inH() + ih) * g.inW() + iw]));
                            }
                        }
                    }
                    acc[(co * outH + oh) * outW + ow] = s;
                }
            }
        }
        return acc;
    }

    static long[] avgPool(QLayer.AvgPool p, long[] x) {
        QLayer.PoolGeometry g = p.geometry();
        int outH = g.outH(), outW = g.outW();
        long[] acc = new long[g.channels() * outH * outW];
        for (int c = 0; c < g.channels(); c++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    long s = 0;
                    for (int kh = 0; kh < g.kH(); kh++) {
                        int ih = oh * g.strideH() + kh - g.padTop();
                        for (int kw = 0; kw < g.kW(); kw++) {
                            int iw = ow * g.strideW() + kw - g.padLeft();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                s = Math.addExact(s, x[(c * g.inH() + ih) * g.inW() + iw]);
                            }
                        }
                    }
                    acc[(c * outH + oh) * outW + ow] = Math.multiplyExact(s, p.multipliers()[oh * outW + ow]);
                }
            }
        }
        return acc;
    }

    static long[] maxPool(QLayer.MaxPool p, long[] x) {
        QLayer.PoolGeometry g = p.geometry();
        int outH = g.outH(), outW = g.outW();
        long[] out = new long[g.channels() * outH * outW];
        for (int c = 0; c < g.channels(); c++) {
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    long m = Long.MIN_VALUE;
                    for (int kh = 0; kh < g.kH(); kh++) {
                        int ih = oh * g.strideH() + kh - g.padTop();
                        for (int kw = 0; kw < g.kW(); kw++) {
                            int iw = ow * g.strideW() + kw - g.padLeft();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                m = Math.max(m, x[(c * g.inH() + ih) * g.inW() + iw]);
                            }
                        }
                    }
                    if (m == Long.MIN_VALUE) {
                        throw new IllegalStateException("layer " + p.name() + ": a pooling window covers only padding");
                    }
                    out[(c * outH + oh) * outW + ow] = m;
                }
            }
        }
        return out;
    }

    static long[] add(QLayer.Add a, long[] x, long[] y) {
        long[] acc = new long[x.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = Math.addExact(Math.multiplyExact(a.multA(), x[i]), Math.multiplyExact(a.multB(), y[i]));
        }
        return acc;
    }

    static long[] mul(QLayer.Mul m, long[] x, long[] y) {
        long[] acc = new long[x.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = Math.multiplyExact(m.multiplier(), Math.multiplyExact(x[i], y[i]));
        }
        return acc;
    }

    static long[] affine(QLayer.Affine a, long[] x) {
        long[] acc = new long[x.length];
        for (int c = 0; c < a.channels(); c++) {
            for (int j = 0; j < a.inner(); j++) {
                int i = c * a.inner() + j;
                acc[i] = Math.addExact(Math.multiplyExact(a.scale()[c], x[i]), a.shift()[c]);
            }
        }
        return acc;
    }

    /** Row-major transpose: output axis j is input axis perm[j]. */
    public static long[] transpose(long[] x, int[] shape, int[] perm) {
        int rank = shape.length;
        int[] outShape = new int[rank];
        for (int j = 0; j < rank; j++) {
            outShape[j] = shape[perm[j]];
        }
        int[] inStride = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            inStride[d] = s;
            s *= shape[d];
        }
        long[] out = new long[x.length];
        int[] idx = new int[rank];
        for (int o = 0; o < out.length; o++) {
            int src = 0;
            for (int j = 0; j < rank; j++) {
                src += idx[j] * inStride[perm[j]];
            }
            out[o] = x[src];
            for (int j = rank - 1; j >= 0; j--) { // next output multi-index
                if (++idx[j] < outShape[j]) {
                    break;
                }
                idx[j] = 0;
            }
        }
        return out;
    }

    static long[] select(QLayer.Select s, long[] x) {
        long[] out = new long[s.sourceIndex().length];
        for (int i = 0; i < out.length; i++) {
            int from = s.sourceIndex()[i];
            out[i] = from < 0 ? s.fill() : x[from];
        }
        return out;
    }

    static long[] broadcast(long[] x, int[] inShape, int[] outShape) {
        int[] from = QLayer.Broadcast.sourceIndex(inShape, outShape);
        long[] out = new long[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[from[i]];
        }
        return out;
    }

    static long[] concat(QLayer.Concat c, QuantizedModel model, Map<String, long[]> values) {
        int[] outShape = model.tensor(c.output()).shape();
        int outer = 1;
        for (int d = 0; d < c.axis(); d++) {
            outer *= outShape[d];
        }
        long[] out = new long[model.tensor(c.output()).size()];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (String name : c.inputs()) {
                long[] v = values.get(name);
                int block = v.length / outer;
                System.arraycopy(v, o * block, out, at, block);
                at += block;
            }
        }
        return out;
    }
}
