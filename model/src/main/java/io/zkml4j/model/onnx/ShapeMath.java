package io.zkml4j.model.onnx;

/** Size arithmetic that cannot overflow, for dimensions read from untrusted files. */
final class ShapeMath {
    /** The most values one tensor may hold (a Java array, with the JVM's small header allowance). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private ShapeMath() {}

    /** The product of non-negative dims, saturated at Long.MAX_VALUE instead of overflowing. */
    static long saturatedSize(long[] dims) {
        long size = 1;
        for (long d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        for (long d : dims) {
            size = Math.multiplyHigh(size, d) != 0 || size * d < 0 ? Long.MAX_VALUE : size * d;
        }
        return size;
    }
}
