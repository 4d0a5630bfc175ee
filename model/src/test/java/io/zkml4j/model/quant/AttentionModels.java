package io.zkml4j.model.quant;

import io.zkml4j.model.onnx.DataType;
import io.zkml4j.model.onnx.OnnxModelBuilder;

import java.util.List;
import java.util.SplittableRandom;

/** ONNX models of attention for the tests of the quantiser and of the proof (which reads this module's test jar). */
public final class AttentionModels {
    private AttentionModels() {}

    /**
     * Self-attention over 4 positions of width 8, random weights: Q = x·Wq, K = x·Wk, V = x·Wv,
     * softmax(Q·Kᵀ / √8)·V; Q·Kᵀ and the product with V multiply two computed matrices, and the
     * Softmax is inside the model. Input [1, 4, 8], output "y".
     */
    public static byte[] selfAttention(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] w = new float[3][8 * 8];
        for (float[] m : w) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) r.nextDouble(-0.6, 0.6);
            }
        }
        return new OnnxModelBuilder(13).input("x", DataType.FLOAT.code(), 1, 4, 8).initializer("wq", new int[] {8, 8}, w[0])
                .initializer("wk", new int[] {8, 8}, w[1]).initializer("wv", new int[] {8, 8}, w[2])
                .initializer("root", new int[0], (float) Math.sqrt(8))
                .node("q", "MatMul", List.of("x", "wq"), List.of("q")).node("k", "MatMul", List.of("x", "wk"), List.of("k"))
                .node("v", "MatMul", List.of("x", "wv"), List.of("v"))
                .node("kt", "Transpose", List.of("k"), List.of("kt"), OnnxModelBuilder.intsAttr("perm", 0, 2, 1))
                .node("scores", "MatMul", List.of("q", "kt"), List.of("s")).node("scale", "Div", List.of("s", "root"), List.of("ss"))
                .node("attn", "Softmax", List.of("ss"), List.of("a")).node("mix", "MatMul", List.of("a", "v"), List.of("y"))
                .output("y").build();
    }
}
