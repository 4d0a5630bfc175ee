package io.zkml4j.model.quant;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Review of the convolution's fast path against the checked one (the code before the change):
 * the same sums, or the same refusal. Edge geometries: 1x1 kernels, strides and dilations larger
 * than the input, padding wider than kernel and input (outputs that no input reaches keep the
 * bias), negative padding (cropping), groups with one channel each; edge magnitudes: Long.MIN_VALUE
 * weights, inputs and biases, biases near 2^62, and sums right below the bound.
 */
class ConvolutionReviewTest {
    private static QLayer.Conv conv(QLayer.ConvGeometry g, long[] weight, long[] bias) {
        return new QLayer.Conv("c", "x", "y", g, weight, bias, new Requant(0, Activation.IDENTITY));
    }

    private static String outcome(java.util.function.Supplier<long[]> f) {
        try {
            return Arrays.toString(f.get());
        } catch (ArithmeticException e) {
            return "ArithmeticException";
        }
    }

    private static void same(QLayer.Conv c, long[] x, String what) {
        assertEquals(outcome(() -> QuantizedExecutor.convExact(c, x)), outcome(() -> QuantizedExecutor.conv(c, x)), what);
    }

    private static long pick(SplittableRandom r, long bound) {
        return switch (r.nextInt(12)) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            case 3 -> (1L << 62) - 1;
            case 4 -> -(1L << 61);
            default -> r.nextLong(-bound, bound + 1);
        };
    }

    @Test
    void edgeGeometriesAndMagnitudes() {
        SplittableRandom r = new SplittableRandom(2026);
        int compared = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int groups = 1 + r.nextInt(3);
            int inC = groups * (1 + r.nextInt(2)), outC = groups * (1 + r.nextInt(3));
            int kH = 1 + r.nextInt(3), kW = 1 + r.nextInt(3);
            int dH = 1 + r.nextInt(4), dW = 1 + r.nextInt(4);
            int inH = 1 + r.nextInt(6), inW = 1 + r.nextInt(6);
            int[] pad = new int[4];
            for (int i = 0; i < 4; i++) {
                pad[i] = r.nextInt(6) == 0 ? -r.nextInt(2) : r.nextInt(9);
            }
            QLayer.ConvGeometry g = new QLayer.ConvGeometry(inC, inH, inW, outC, kH, kW, 1 + r.nextInt(4), 1 + r.nextInt(4),
                    pad[0], pad[1], pad[2], pad[3], dH, dW, groups);
            if (g.outH() < 1 || g.outW() < 1) {
                continue;
            }
            boolean edges = r.nextInt(4) == 0;
            long[] w = new long[outC * g.groupInC() * kH * kW];
            long[] b = new long[outC];
            long[] x = new long[inC * inH * inW];
            long wb = r.nextBoolean() ? 1 << 10 : 1L << 28, xb = r.nextBoolean() ? 1 << 10 : 1L << 28;
            for (int i = 0; i < w.length; i++) {
                w[i] = edges && r.nextInt(10) == 0 ? pick(r, wb) : r.nextLong(-wb, wb + 1);
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = edges && r.nextInt(10) == 0 ? pick(r, xb) : r.nextLong(-xb, xb + 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = edges && r.nextInt(3) == 0 ? pick(r, 1L << 61) : r.nextLong(-(1L << 40), 1L << 40);
            }
            same(conv(g, w, b), x, "trial " + trial + ": " + g);
            compared++;
        }
        assertEquals(true, compared > 1000);
    }

    @Test
    void paddingBeyondTheInputKeepsTheBias() {
        // 1x1 kernel, stride 3, pads of 4 around a 2x2 input: most outputs see no input
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(1, 2, 2, 1, 1, 1, 3, 3, 4, 4, 4, 4, 1, 1, 1);
        long[] x = {1, 2, 3, 4};
        QLayer.Conv c = conv(g, new long[] {10}, new long[] {-7});
        assertArrayEquals(QuantizedExecutor.convExact(c, x), QuantizedExecutor.conv(c, x));
        long[] y = QuantizedExecutor.conv(c, x);
        assertEquals(g.outH() * g.outW(), y.length);
        for (long v : y) {
            assertEquals(true, v == -7 || v == 3 || v == 13 || v == 23 || v == 33, "" + v);
        }
    }

    @Test
    void sumsJustBelowTheBound() {
        // taps·max|w|·max|x| + |bias| = 2^62 − 1: the fast path, every product of the same sign
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1);
        long w = 1L << 31, xv = (1L << 30) - 1;
        long bias = (1L << 62) - 1 - w * xv;
        QLayer.Conv c = conv(g, new long[] {-w}, new long[] {-bias});
        assertArrayEquals(new long[] {-((1L << 62) - 1)}, QuantizedExecutor.conv(c, new long[] {xv}));
    }
}
