package io.zkml4j.model.data;

/**
 * Double.parseDouble with a fast path for the plain decimals data files are made of ("0",
 * "0.0039215689", "-12.5"): at most 15 significant digits and 22 fraction digits, the value is
 * m / 10^f with both exact doubles, and one IEEE division rounds it correctly, so the result is
 * the same double Double.parseDouble gives. Anything else (exponents, more digits, "NaN") goes to
 * Double.parseDouble itself.
 */
final class DecimalParser {
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p; // exact up to 10^22
            p *= 10;
        }
    }

    private static final int MAX_DIGITS = 15; // below 10^15 < 2^53: exact as a double

    private DecimalParser() {}

    /** The double {@code Double.parseDouble(text)} returns; NumberFormatException as it throws. */
    static double parse(String text) {
        int n = text.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;          // significant digits (leading zeros skipped)
        int fractionDigits = -1; // -1 until the point
        boolean any = false;
        for (; i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                any = true;
                if (mantissa != 0 || ch != '0') {
                    if (++digits > MAX_DIGITS) {
                        return Double.parseDouble(text);
                    }
                }
                mantissa = mantissa * 10 + (ch - '0');
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (ch == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                return Double.parseDouble(text); // exponent, suffix, spaces, words: the library decides
            }
        }
        if (!any || fractionDigits >= POWERS_OF_TEN.length) {
            return Double.parseDouble(text);
        }
        double v = fractionDigits <= 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -v : v;
    }
}
