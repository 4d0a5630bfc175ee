package io.zkml4j.model.quant;

import io.zkml4j.model.onnx.DataType;
import io.zkml4j.model.onnx.OnnxModelBuilder;

import java.util.List;
import java.util.SplittableRandom;

/** ONNX models of attention for the tests of the quantiser and of the proof (which reads this module's test jar). */
public final class AttentionModels {
    private AttentionModels() {}

    /** Three random 8×8 projections (Q, K, V), entries uniform in [−0.6, 0.6). */
    private static float[][] projections(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] w = new float[3][8 * 8];
        for (float[] m : w) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) r.nextDouble(-0.6, 0.6);
            }
        }
        return w;
    }

    /**
     * Self-attention over 4 positions of width 8, random weights: Q = x·Wq, K = x·Wk, V = x·Wv,
     * softmax(Q·Kᵀ / √8)·V; Q·Kᵀ and the product with V multiply two computed matrices, and the
     * Softmax is inside the model. Input [1, 4, 8], output "y".
     */
    public static byte[] selfAttention(long seed) {
        float[][] w = projections(seed);
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

    /**
     * Multi-head self-attention as nanoGPT writes it: Q, K, V projections of width 8 split into 2
     * heads by Reshape and Transpose ([1, 2, 4, 4]), softmax(Q·Kᵀ / 2)·V per head as one batched
     * MatMul, heads joined back by Transpose and Reshape. Input [1, 4, 8], output "y" [1, 4, 8].
     */
    public static byte[] multiHead(long seed) {
        float[][] w = projections(seed);
        io.zkml4j.model.onnx.ProtoWriter split = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 4).varint(2, OnnxModelBuilder.INT64)
                .packedVarints(7, 1, 4, 2, 4).string(8, "split_heads");
        io.zkml4j.model.onnx.ProtoWriter join = new io.zkml4j.model.onnx.ProtoWriter().varint(1, 3).varint(2, OnnxModelBuilder.INT64)
                .packedVarints(7, 1, 4, 8).string(8, "join_heads");
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", DataType.FLOAT.code(), 1, 4, 8).initializer("wq", new int[] {8, 8}, w[0])
                .initializer("wk", new int[] {8, 8}, w[1]).initializer("wv", new int[] {8, 8}, w[2]).initializer("two", new int[0], 2f)
                .initializer(split).initializer(join);
        for (String t : List.of("q", "k", "v")) {
            b.node(t, "MatMul", List.of("x", "w" + t), List.of(t))
                    .node(t + "4", "Reshape", List.of(t, "split_heads"), List.of(t + "4"))
                    .node(t + "h", "Transpose", List.of(t + "4"), List.of(t + "h"),
                            OnnxModelBuilder.intsAttr("perm", 0, 2, t.equals("k") ? 3 : 1, t.equals("k") ? 1 : 3));
        }
        return b.node("scores", "MatMul", List.of("qh", "kh"), List.of("s")).node("scale", "Div", List.of("s", "two"), List.of("ss"))
                .node("attn", "Softmax", List.of("ss"), List.of("a")).node("mix", "MatMul", List.of("a", "vh"), List.of("o"))
                .node("back", "Transpose", List.of("o"), List.of("ob"), OnnxModelBuilder.intsAttr("perm", 0, 2, 1, 3))
                .node("join", "Reshape", List.of("ob", "join_heads"), List.of("y")).output("y").build();
    }
}
