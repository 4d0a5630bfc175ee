package io.zkml4j.core.ntt;

/** The bit-reversal permutation of power-of-two-length arrays. */
public final class BitReverse {
    private BitReverse() {}

    /** Reverses the low {@code bits} bits of i. */
    public static int reverse(int i, int bits) {
        return bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }

    public static void permute(long[] a) {
        int bits = Ntt.log2Exact(a.length);
        for (int i = 0; i < a.length; i++) {
            int j = reverse(i, bits);
            if (i < j) {
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }
}
