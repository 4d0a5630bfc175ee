package io.zkml4j.model.quant;

/**
 * y[e] = a[e]·x[e] + b[e] over the values of a tensor, in real numbers: what adding, subtracting
 * or multiplying by a constant and inference-mode batch normalisation do. Such steps compose into
 * one, fold into the weights of a preceding Dense or Conv layer, or become one {@link QLayer.Affine}.
 */
record ElementwiseAffine(double[] a, double[] b) {
    ElementwiseAffine {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a and b differ in length");
        }
    }

    /** This step followed by {@code next}. */
    ElementwiseAffine then(ElementwiseAffine next) {
        double[] a2 = new double[a.length];
        double[] b2 = new double[a.length];
        for (int e = 0; e < a.length; e++) {
            a2[e] = next.a[e] * a[e];
            b2[e] = next.a[e] * b[e] + next.b[e];
        }
        return new ElementwiseAffine(a2, b2);
    }

    /**
     * The step as one (a, b) per channel, when it is the same for every element of a channel.
     *
     * @param channelOf the channel of each element
     * @return {a per channel, b per channel}, or null when some channel's elements differ
     */
    double[][] perChannel(int[] channelOf, int channels) {
        double[] ca = new double[channels];
        double[] cb = new double[channels];
        boolean[] seen = new boolean[channels];
        for (int e = 0; e < a.length; e++) {
            int c = channelOf[e];
            if (!seen[c]) {
                seen[c] = true;
                ca[c] = a[e];
                cb[c] = b[e];
            } else if (ca[c] != a[e] || cb[c] != b[e]) {
                return null;
            }
        }
        return new double[][] {ca, cb};
    }

    /** The step as {@link QLayer.Affine} sees it: channels × inner elements, one (a, b) per channel. */
    record Blocks(int channels, int inner, double[] a, double[] b) {}

    /**
     * Views the tensor as [channels, inner] with the largest inner block (a product of trailing
     * dimensions of {@code shape}) over which a and b are constant: one (a, b) for a scalar
     * constant, one per channel for batch normalisation, one per element at worst.
     */
    Blocks blocks(int[] shape) {
        int n = a.length;
        int inner = n;
        for (int d = 0; d <= shape.length; d++) {
            inner = 1;
            for (int k = d; k < shape.length; k++) {
                inner *= shape[k];
            }
            if (constantOnBlocks(inner)) {
                break;
            }
        }
        int channels = inner == 0 ? 0 : n / inner;
        double[] ba = new double[channels];
        double[] bb = new double[channels];
        for (int c = 0; c < channels; c++) {
            ba[c] = a[c * inner];
            bb[c] = b[c * inner];
        }
        return new Blocks(channels, inner, ba, bb);
    }

    private boolean constantOnBlocks(int inner) {
        if (inner <= 1) {
            return true;
        }
        for (int start = 0; start < a.length; start += inner) {
            double ra = a[start];
            double rb = b[start];
            for (int e = start + 1; e < start + inner; e++) {
                if (a[e] != ra || b[e] != rb) {
                    return false;
                }
            }
        }
        return true;
    }
}
