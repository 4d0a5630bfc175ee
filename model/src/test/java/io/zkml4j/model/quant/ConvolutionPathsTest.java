package io.zkml4j.model.quant;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The convolution's fast path (weight by weight over the output plane, unchecked products where
 * the magnitudes rule out overflow) against the checked one on random geometries: strides,
 * dilations, asymmetric padding wider than the kernel, groups, zero weights; and magnitudes that
 * could overflow taking the checked path, which still refuses a real overflow.
 */
class ConvolutionPathsTest {
    private static QLayer.Conv conv(QLayer.ConvGeometry g, long[] weight, long[] bias) {
        return new QLayer.Conv("c", "x", "y", g, weight, bias, new Requant(0, Activation.IDENTITY));
    }

    private static long[] values(int n, long bound, SplittableRandom r) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(5) == 0 ? 0 : r.nextLong(-bound, bound + 1);
        }
        return v;
    }

    @Test
    void fastPathIsTheCheckedConvolution() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            int groups = 1 + r.nextInt(3);
            int inC = groups * (1 + r.nextInt(3)), outC = groups * (1 + r.nextInt(3));
            int kH = 1 + r.nextInt(4), kW = 1 + r.nextInt(4);
            int dH = 1 + r.nextInt(2), dW = 1 + r.nextInt(2);
            int inH = dH * (kH - 1) + 1 + r.nextInt(7), inW = dW * (kW - 1) + 1 + r.nextInt(7);
            QLayer.ConvGeometry g = new QLayer.ConvGeometry(inC, inH, inW, outC, kH, kW, 1 + r.nextInt(3), 1 + r.nextInt(3),
                    r.nextInt(5), r.nextInt(5), r.nextInt(5), r.nextInt(5), dH, dW, groups);
            if (g.outH() < 1 || g.outW() < 1) {
                continue;
            }
            QLayer.Conv c = conv(g, values(outC * g.groupInC() * kH * kW, 1 << 15, r), values(outC, 1L << 40, r));
            long[] x = values(inC * inH * inW, 1 << 16, r);
            assertArrayEquals(QuantizedExecutor.convExact(c, x), QuantizedExecutor.conv(c, x), "trial " + trial + ": " + g);
        }
    }

    @Test
    void magnitudesThatCouldOverflowTakeTheCheckedPath() {
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(2, 3, 3, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1);
        long big = 1L << 60;
        // could overflow by the bound, does not: the checked path gives the exact sums
        long[] weight = {big, -big, 0, 0, 0, 0, 0, 0};
        long[] x = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        QLayer.Conv c = conv(g, weight, new long[] {5});
        assertArrayEquals(new long[] {5, 5, 5, 5}, QuantizedExecutor.conv(c, x));
        // does overflow: refused as before
        long[] ones = new long[18];
        java.util.Arrays.fill(ones, 4);
        assertThrows(ArithmeticException.class, () -> QuantizedExecutor.conv(conv(g, new long[] {big, big, 0, 0, 0, 0, 0, 0}, new long[1]), ones));
    }
}
