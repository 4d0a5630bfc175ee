package io.zkml4j.core.testing;

/** Small statistical tests used to show that revealed values do not depend on hidden ones. */
public final class Statistics {
    /** The 0.999 quantile of χ² with 15 degrees of freedom (16 bins). */
    public static final double CHI2_15_P001 = 37.70;

    private Statistics() {}

    /** χ² statistic of the low {@code bits} bits of the samples against the uniform distribution. */
    public static double chiSquareUniformLowBits(long[] samples, int bits) {
        int bins = 1 << bits;
        long[] counts = new long[bins];
        for (long s : samples) {
            counts[(int) (s & (bins - 1))]++;
        }
        double expected = samples.length / (double) bins;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    /** Two-sample χ² homogeneity statistic on the low bits (df = bins − 1). */
    public static double chiSquareHomogeneityLowBits(long[] a, long[] b, int bits) {
        int bins = 1 << bits;
        long[] ca = new long[bins], cb = new long[bins];
        for (long s : a) {
            ca[(int) (s & (bins - 1))]++;
        }
        for (long s : b) {
            cb[(int) (s & (bins - 1))]++;
        }
        double n = a.length + b.length;
        double chi = 0;
        for (int i = 0; i < bins; i++) {
            double col = ca[i] + cb[i];
            if (col == 0) {
                continue;
            }
            double ea = col * a.length / n, eb = col * b.length / n;
            chi += (ca[i] - ea) * (ca[i] - ea) / ea + (cb[i] - eb) * (cb[i] - eb) / eb;
        }
        return chi;
    }
}
