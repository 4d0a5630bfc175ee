package io.zkml4j.model.exec;

import io.zkml4j.model.ir.Node;

/**
 * The sliding-window geometry of a 2-D convolution or pooling node: kernel, strides, dilations,
 * the four pads and the output size, resolved from the node's attributes (including the
 * deprecated auto_pad) and the input's height and width. Conv, MaxPool and AveragePool share it,
 * and the importer writes the resolved values back as explicit attributes.
 *
 * <p>ONNX lists pads as [top, left, bottom, right] for 2-D (all begins, then all ends).
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
                       int padTop, int padLeft, int padBottom, int padRight, int outH, int outW) {

    /**
     * Resolves the geometry.
     *
     * @param kernelH the kernel height (from kernel_shape, or Conv's weight tensor when absent)
     * @throws IllegalArgumentException naming the attribute when it is malformed or the window does not fit
     */
    public static Window2d resolve(Node node, int inH, int inW, int kernelH, int kernelW) {
        String op = node.opType();
        long[] strides = pair(node, "strides");
        long[] dilations = pair(node, "dilations");
        for (int k = 0; k < 2; k++) {
            if (strides[k] < 1 || strides[k] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + " strides must be positive, got " + java.util.Arrays.toString(strides));
            }
            if (dilations[k] < 1 || dilations[k] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + " dilations must be positive, got " + java.util.Arrays.toString(dilations));
            }
        }
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException(op + " kernel must be at least 1x1, got " + kernelH + "x" + kernelW);
        }
        if (node.intAttr("ceil_mode", 0) != 0) {
            throw new IllegalArgumentException(op + " with ceil_mode=1 is not supported: only floor rounding of the output size");
        }
        int sh = (int) strides[0];
        int sw = (int) strides[1];
        int dh = (int) dilations[0];
        int dw = (int) dilations[1];
        long effH = (long) (kernelH - 1) * dh + 1;
        long effW = (long) (kernelW - 1) * dw + 1;
        String autoPad = node.stringAttr("auto_pad", "NOTSET");
        long[] pads;
        switch (autoPad) {
            case "NOTSET" -> {
                pads = node.intsAttr("pads", new long[4]);
                if (pads.length != 4) {
                    throw new IllegalArgumentException(op + " pads must have 4 values [top, left, bottom, right] for a 2-D input, got "
                            + pads.length);
                }
                for (long p : pads) {
                    if (p < 0 || p > Integer.MAX_VALUE / 4) {
                        throw new IllegalArgumentException(op + " pads must be non-negative, got " + java.util.Arrays.toString(pads));
                    }
                }
            }
            case "VALID" -> pads = new long[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                // Output = ceil(input / stride); the padding needed for that is split evenly, the odd
                // pixel going at the end (SAME_UPPER) or at the beginning (SAME_LOWER).
                long totalH = Math.max(0, (ceilDiv(inH, sh) - 1) * sh + effH - inH);
                long totalW = Math.max(0, (ceilDiv(inW, sw) - 1) * sw + effW - inW);
                boolean upper = autoPad.equals("SAME_UPPER");
                long top = upper ? totalH / 2 : totalH - totalH / 2;
                long left = upper ? totalW / 2 : totalW - totalW / 2;
                pads = new long[] {top, left, totalH - top, totalW - left};
            }
            default -> throw new IllegalArgumentException(op + " auto_pad '" + autoPad
                    + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
        long outH = Math.floorDiv(inH + pads[0] + pads[2] - effH, sh) + 1;
        long outW = Math.floorDiv(inW + pads[1] + pads[3] - effW, sw) + 1;
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + " window " + effH + "x" + effW + " (kernel " + kernelH + "x" + kernelW
                    + ", dilations " + dh + "x" + dw + ") does not fit the padded input " + (inH + pads[0] + pads[2]) + "x"
                    + (inW + pads[1] + pads[3]));
        }
        return new Window2d(kernelH, kernelW, sh, sw, dh, dw, (int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3],
                (int) outH, (int) outW);
    }

    /** The kernel_shape attribute of a pooling node, checked to be 2-D. */
    public static int[] poolKernel(Node node) {
        long[] k = node.intsAttr("kernel_shape", null);
        if (k == null) {
            throw new IllegalArgumentException(node.opType() + " needs the kernel_shape attribute");
        }
        if (k.length != 2) {
            throw new IllegalArgumentException(node.opType() + " kernel_shape must have 2 values for a 2-D input, got " + k.length);
        }
        if (k[0] < 1 || k[1] < 1 || k[0] > Integer.MAX_VALUE || k[1] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(node.opType() + " kernel_shape must be positive, got " + java.util.Arrays.toString(k));
        }
        return new int[] {(int) k[0], (int) k[1]};
    }

    /** Pads as ONNX lists them. */
    public long[] pads() {
        return new long[] {padTop, padLeft, padBottom, padRight};
    }

    private static long[] pair(Node node, String name) {
        long[] v = node.intsAttr(name, new long[] {1, 1});
        if (v.length != 2) {
            throw new IllegalArgumentException(node.opType() + " " + name + " must have 2 values for a 2-D input, got " + v.length);
        }
        return v;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
