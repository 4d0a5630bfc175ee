package io.zkml4j.model.quant;

import java.util.List;

/**
 * One layer of a quantised model, in exact integer arithmetic. Layers that requantise compute an
 * accumulator (with their fixed-point multipliers already folded in), then apply their
 * {@link Requant}. Layers read and write tensors by name; tensor shapes and scales live in the
 * model. Multi-dimensional tensors are row-major, as in ONNX.
 */
public sealed interface QLayer {
    /** The ONNX node(s) this layer came from, for messages. */
    String name();

    List<String> inputs();

    String output();

    /** The layer's requantisation, or null for layers that do not requantise (pooling by max, views, concatenation). */
    static Requant requantOf(QLayer layer) {
        return switch (layer) {
            case Dense d -> d.requant();
            case Conv c -> c.requant();
            case AvgPool p -> p.requant();
            case Add a -> a.requant();
            case Mul m -> m.requant();
            case MatMul m -> m.requant();
            case Affine a -> a.requant();
            case Activate a -> a.requant();
            case MaxPool p -> null;
            case Reshape r -> null;
            case Transpose t -> null;
            case Concat c -> null;
            case Broadcast b -> null;
            case Select s -> null;
        };
    }

    /** acc[o] = Σ_i weight[o·in + i]·x[i] + bias[o], the input flattened; then requantised. */
    record Dense(String name, String input, String output, int in, int out, long[] weight, long[] bias, Requant requant)
            implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** 2-D convolution of a [C, H, W] input with weight [outC, C/groups, kH, kW]; then requantised. */
    record Conv(String name, String input, String output, ConvGeometry geometry, long[] weight, long[] bias, Requant requant)
            implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** Window sums of a [C, H, W] input, times a per-output-position multiplier (1/count folded in); then requantised. */
    record AvgPool(String name, String input, String output, PoolGeometry geometry, boolean countIncludePad,
                   long[] multipliers, Requant requant) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** Window maxima of a [C, H, W] input (padding never wins); exact, same scale. */
    record MaxPool(String name, String input, String output, PoolGeometry geometry) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** acc = multA·a + multB·b for same-shaped a and b; then requantised. */
    record Add(String name, String a, String b, String output, long multA, long multB, Requant requant) implements QLayer {
        public List<String> inputs() {
            return List.of(a, b);
        }
    }

    /** acc = multiplier·a·b element-wise; then requantised. */
    record Mul(String name, String a, String b, String output, long multiplier, Requant requant) implements QLayer {
        public List<String> inputs() {
            return List.of(a, b);
        }
    }

    /**
     * acc[i][j] = multiplier·Σ_k a[i][k]·b[k][j] for computed a [rows, inner] and b [inner, columns]
     * (attention's Q·Kᵀ and A·V); then requantised.
     */
    record MatMul(String name, String a, String b, String output, int rows, int inner, int columns, long multiplier, Requant requant)
            implements QLayer {
        public List<String> inputs() {
            return List.of(a, b);
        }
    }

    /**
     * acc = scale[c]·x + shift[c] per channel c of an input seen as [channels, inner] (batch
     * normalisation, or multiplying or adding a constant); then requantised.
     */
    record Affine(String name, String input, String output, int channels, int inner, long[] scale, long[] shift,
                  Requant requant) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** acc = x: an activation (or a range check) on its own. */
    record Activate(String name, String input, String output, Requant requant) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** The same values under another shape (Reshape, Flatten). */
    record Reshape(String name, String input, String output) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /** Axes permuted: output axis j is input axis perm[j]. */
    record Transpose(String name, String input, String output, int[] perm) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }
    }

    /**
     * The input repeated to the output's shape under numpy broadcasting (axes of size 1, or missing
     * on the left, repeated): what an Add, Sub or Mul of two computed tensors of different shapes
     * reads. Exact, same scale.
     */
    record Broadcast(String name, String input, String output) implements QLayer {
        public List<String> inputs() {
            return List.of(input);
        }

        /**
         * For each output position (row-major), the input position it repeats; null when the
         * input's shape does not broadcast to the output's.
         */
        public static int[] sourceIndex(int[] inShape, int[] outShape) {
            if (inShape.length > outShape.length) {
                return null;
            }
            int offset = outShape.length - inShape.length;
            for (int d = 0; d < inShape.length; d++) {
                if (inShape[d] != 1 && inShape[d] != outShape[offset + d]) {
                    return null;
                }
            }
            long size = 1;
            for (int s : outShape) {
                size *= s;
            }
            int[] index = new int[Math.toIntExact(size)];
            int[] coordinate = new int[outShape.length];
            for (int i = 0; i < index.length; i++) {
                int at = 0;
                for (int d = 0; d < inShape.length; d++) {
                    at = at * inShape[d] + (inShape[d] == 1 ? 0 : coordinate[offset + d]);
                }
                index[i] = at;
                io.zkml4j.model.exec.Shapes.advance(coordinate, outShape);
            }
            return index;
        }
    }

    /**
     * out[i] = input[sourceIndex[i]], or {@code fill} where the index is −1: any copy of values to
     * other positions that a public index map says (Slice, Pad in constant, reflect or edge mode).
     * Exact, same scale; fill is in the input's units.
     */
    record Select(String name, String input, String output, int[] sourceIndex, long fill) implements QLayer {
        public Select {
            sourceIndex = sourceIndex.clone();
        }

        public List<String> inputs() {
            return List.of(input);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Select s && s.name.equals(name) && s.input.equals(input) && s.output.equals(output)
                    && java.util.Arrays.equals(s.sourceIndex, sourceIndex) && s.fill == fill;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, input, output, java.util.Arrays.hashCode(sourceIndex), fill);
        }
    }

    /** Inputs joined along an axis. */
    record Concat(String name, List<String> inputs, String output, int axis) implements QLayer {
    }

    /** Geometry of a 2-D convolution; pads are (top, left, bottom, right). */
    record ConvGeometry(int inC, int inH, int inW, int outC, int kH, int kW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW, int groups) {
        public int outH() {
            return (inH + padTop + padBottom - dilationH * (kH - 1) - 1) / strideH + 1;
        }

        public int outW() {
            return (inW + padLeft + padRight - dilationW * (kW - 1) - 1) / strideW + 1;
        }

        /** Input channels per group. */
        public int groupInC() {
            return inC / groups;
        }
    }

    /** Geometry of a 2-D pooling window; pads are (top, left, bottom, right). */
    record PoolGeometry(int channels, int inH, int inW, int kH, int kW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight) {
        public int outH() {
            return (inH + padTop + padBottom - kH) / strideH + 1;
        }

        public int outW() {
            return (inW + padLeft + padRight - kW) / strideW + 1;
        }
    }
}
