package io.zkml4j.model.onnx;

import static io.zkml4j.model.onnx.OnnxModelBuilder.FLOAT;
import static io.zkml4j.model.onnx.OnnxModelBuilder.INT64;
import static io.zkml4j.model.onnx.OnnxModelBuilder.floatAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.intsAttr;
import static io.zkml4j.model.onnx.OnnxModelBuilder.stringAttr;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed attributes and inputs of the composite lowerings (ConvTranspose, Resize, the
 * compositions, the index maps, the losses): each is refused with a {@link ModelImportException}
 * naming the node, never another exception, an unbounded allocation or a silently wrong graph.
 */
class LoweringRobustnessReviewTest {
    private final List<String> failures = new ArrayList<>();

    /** Every case of a test is tried; the failures are reported together, each with its line. */
    private void refused(OnnxModelBuilder b, String node) {
        byte[] model = b.build();
        int line = new Throwable().getStackTrace()[1].getLineNumber();
        try {
            OnnxImporter.load(model, "m.onnx");
            failures.add("line " + line + ": accepted");
        } catch (ModelImportException e) {
            if (!e.getMessage().contains("node '" + node + "'")) {
                failures.add("line " + line + ": does not name the node: " + e.getMessage());
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            failures.add("line " + line + ": " + e);
        }
    }

    @AfterEach
    void everyCaseWasRefused() {
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static ProtoWriter int64(String name, int[] dims, long... values) {
        ProtoWriter t = new ProtoWriter();
        for (int d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, INT64).packedVarints(7, values).string(8, name);
    }

    // ---- ConvTranspose ----

    private static OnnxModelBuilder convT(ProtoWriter... attrs) {
        return new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4).output("y")
                .initializer("w", new int[] {2, 1, 3, 3}, new float[18])
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y"), attrs);
    }

    @Test
    void convTransposeBadStridesDilationsKernelPads() {
        refused(convT(intsAttr("strides", 0, 1)), "ct");
        refused(convT(intsAttr("strides", -1, 1)), "ct");
        refused(convT(intsAttr("strides", 1L << 40, 1)), "ct");
        refused(convT(intsAttr("strides", 2)), "ct");
        refused(convT(intsAttr("dilations", 0, 1)), "ct");
        refused(convT(intsAttr("dilations", 1, -3)), "ct");
        refused(convT(intsAttr("pads", -1, 0, 0, 0)), "ct");
        refused(convT(intsAttr("pads", 0, 0)), "ct");
        refused(convT(intsAttr("pads", 100, 100, 100, 100)), "ct");
        refused(convT(intsAttr("pads", Integer.MAX_VALUE, 0, 0, 0)), "ct");
        refused(convT(intsAttr("output_padding", 1, 1)), "ct"); // ≥ stride 1
        refused(convT(intsAttr("output_padding", -1, 0)), "ct");
        refused(convT(intsAttr("output_shape", 8)), "ct");
        refused(convT(intsAttr("kernel_shape", 3)), "ct");
        refused(convT(stringAttr("auto_pad", "WHATEVER")), "ct");
    }

    @Test
    void convTransposeHugeStrideIsRefused() {
        refused(convT(intsAttr("strides", 1 << 20, 1 << 20)), "ct");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4096, 4096).output("y")
                .initializer("w", new int[] {1, 1, 1, 1}, 1f)
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y"), intsAttr("strides", 1 << 20, 1 << 20)), "ct");
    }

    @Test
    void convTransposeOutputShapeOutOfRangeIsRefused() {
        refused(convT(intsAttr("output_shape", 1L << 40, 8)), "ct");
        refused(convT(intsAttr("output_shape", -5, 8)), "ct");
        refused(convT(intsAttr("output_shape", 0, 8)), "ct");
        refused(convT(intsAttr("output_shape", 1L << 33, 8), stringAttr("auto_pad", "SAME_UPPER")), "ct");
    }

    @Test
    void convTransposeGroupAndWeightMismatchesAreRefused() {
        refused(convT(intAttr("group", 3)), "ct");
        refused(convT(intAttr("group", 0)), "ct");
        refused(convT(intAttr("group", -2)), "ct");
        refused(convT(intAttr("group", (1L << 32) + 1)), "ct"); // must not wrap to 1
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4).output("y")
                .initializer("w", new int[] {2, 1, 3}, new float[6])
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y")), "ct");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4).output("y")
                .initializer("w", new int[] {3, 1, 3, 3}, new float[27])
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y")), "ct");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4).output("y")
                .initializer("w", new int[] {2, 1, 0, 3}, new float[0])
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y")), "ct");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4).output("y")
                .initializer("w", new int[] {2, 1, 3, 3}, new float[18]).initializer("b", new int[] {5}, new float[5])
                .node("ct", "ConvTranspose", List.of("x", "w", "b"), List.of("y")), "ct");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 2, 4, 4, 4).output("y")
                .initializer("w", new int[] {2, 1, 3, 3, 3}, new float[54])
                .node("ct", "ConvTranspose", List.of("x", "w"), List.of("y")), "ct");
    }

    // ---- Resize / Upsample ----

    private static OnnxModelBuilder resizeScales(float... scales) {
        return new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .initializer("scales", new int[] {scales.length}, scales)
                .node("up", "Resize", List.of("x", "", "scales"), List.of("y"), stringAttr("mode", "nearest"));
    }

    private static OnnxModelBuilder resizeSizes(ProtoWriter... attrs) {
        return new OnnxModelBuilder(18).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .int64Initializer("sizes", 1, 1, 8, 8)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), attrs);
    }

    @Test
    void resizeBadScalesAreRefused() {
        refused(resizeScales(1, 1, 0, 2), "up");
        refused(resizeScales(1, 1, -2, 2), "up");
        refused(resizeScales(1, 1, Float.NaN, 2), "up");
        refused(resizeScales(1, 1, Float.POSITIVE_INFINITY, 2), "up");
        refused(resizeScales(1, 1, 1e30f, 2), "up");
        refused(resizeScales(1, 1, 1e-30f, 2), "up");
        refused(resizeScales(1, 1, 2), "up");
    }

    @Test
    void resizeBadSizesAreRefused() {
        for (long s : new long[] {0, -3, 1L << 24}) {
            refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 1, 1, s, 4)
                    .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y")), "up");
        }
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 1, 1, 4)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y")), "up");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 1, 1, 4, 4)
                .initializer("scales", new int[] {4}, 1, 1, 1, 1)
                .node("up", "Resize", List.of("x", "", "scales", "sizes"), List.of("y")), "up");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .node("up", "Resize", List.of("x", "", "", ""), List.of("y")), "up");
    }

    @Test
    void resizeOfAnEmptyAxisIsRefused() {
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 0, 4).output("y").int64Initializer("sizes", 1, 1, 4, 4)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), stringAttr("mode", "linear")), "up");
    }

    @Test
    void resizeBadRoiModesAndAxesAreRefused() {
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 1, 1, 8, 8)
                .initializer("roi", new int[] {3}, 0, 0, 1)
                .node("up", "Resize", List.of("x", "roi", "", "sizes"), List.of("y"),
                        stringAttr("coordinate_transformation_mode", "tf_crop_and_resize")), "up");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 1, 1, 8, 8)
                .initializer("roi", new int[] {8}, 0, 0, Float.NaN, 0, 1, 1, 1, 1)
                .node("up", "Resize", List.of("x", "roi", "", "sizes"), List.of("y"), stringAttr("mode", "linear"),
                        stringAttr("coordinate_transformation_mode", "tf_crop_and_resize")), "up");
        refused(resizeSizes(stringAttr("mode", "spline")), "up");
        refused(resizeSizes(stringAttr("coordinate_transformation_mode", "sideways")), "up");
        refused(resizeSizes(stringAttr("nearest_mode", "round_to_nowhere")), "up");
        refused(resizeSizes(intAttr("antialias", 1)), "up");
        refused(resizeSizes(stringAttr("keep_aspect_ratio_policy", "not_larger")), "up");
        refused(resizeSizes(stringAttr("mode", "cubic"), floatAttr("cubic_coeff_a", Float.NaN)), "up");
        refused(new OnnxModelBuilder(18).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 8, 8)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), intsAttr("axes", 2, 7)), "up");
        refused(new OnnxModelBuilder(18).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 8, 2)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), intsAttr("axes", 3, 3)), "up");
        refused(new OnnxModelBuilder(18).input("x", FLOAT, 1, 1, 4, 4).output("y").int64Initializer("sizes", 8)
                .node("up", "Resize", List.of("x", "", "", "sizes"), List.of("y"), intsAttr("axes", (1L << 32) + 3)), "up");
    }

    @Test
    void upsampleBadScalesAreRefused() {
        refused(new OnnxModelBuilder(9).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .initializer("scales", new int[] {4}, 1, 1, 0, 2)
                .node("up", "Upsample", List.of("x", "scales"), List.of("y")), "up");
        refused(new OnnxModelBuilder(9).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .initializer("scales", new int[] {3}, 1, 2, 2)
                .node("up", "Upsample", List.of("x", "scales"), List.of("y")), "up");
        refused(new OnnxModelBuilder(9).input("x", FLOAT, 1, 1, 4, 4).output("y")
                .node("up", "Upsample", List.of("x"), List.of("y")), "up");
    }

    // ---- Sum, Mean, CumSum, DepthToSpace, SpaceToDepth, GlobalMaxPool, InstanceNormalization, Shrink ----

    @Test
    void sumAndMeanWithAnEmptyInputAreRefused() {
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).output("y")
                .node("s", "Sum", List.of("x", ""), List.of("y")), "s");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).output("y")
                .node("s", "Mean", List.of("x", "", "x"), List.of("y")), "s");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).input("z", FLOAT, 1, 3).output("y")
                .node("s", "Sum", List.of("x", "z"), List.of("y")), "s");
    }

    @Test
    void cumSumBadAxesAreRefused() {
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).output("y").int64Initializer("axis", 2)
                .node("c", "CumSum", List.of("x", "axis"), List.of("y")), "c");
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).output("y").int64Initializer("axis", -3)
                .node("c", "CumSum", List.of("x", "axis"), List.of("y")), "c");
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).output("y").int64Initializer("axis", 0, 1)
                .node("c", "CumSum", List.of("x", "axis"), List.of("y")), "c");
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).output("y").initializer("axis", new int[0], 0.5f)
                .node("c", "CumSum", List.of("x", "axis"), List.of("y")), "c");
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).output("y").int64Initializer("axis")
                .node("c", "CumSum", List.of("x", "axis"), List.of("y")), "c");
        refused(new OnnxModelBuilder(14).input("x", FLOAT, 1, 5).input("a", FLOAT).output("y")
                .node("c", "CumSum", List.of("x", "a"), List.of("y")), "c");
    }

    private static OnnxModelBuilder blocks(String op, int c, int h, long b) {
        return new OnnxModelBuilder(13).input("x", FLOAT, 1, c, h, h).output("y")
                .node("d", op, List.of("x"), List.of("y"), intAttr("blocksize", b));
    }

    @Test
    void depthAndSpaceBadBlocksizesAreRefused() {
        refused(blocks("DepthToSpace", 4, 2, 0), "d");
        refused(blocks("DepthToSpace", 4, 2, -2), "d");
        refused(blocks("DepthToSpace", 6, 2, 2), "d");
        refused(blocks("DepthToSpace", 4, 2, 65536), "d"); // b² wraps to 0 in int
        refused(blocks("DepthToSpace", 4, 2, 46341), "d"); // b² wraps negative
        refused(blocks("DepthToSpace", 4, 2, (1L << 32) + 2), "d"); // must not wrap to 2
        refused(blocks("SpaceToDepth", 4, 6, 4), "d");
        refused(blocks("SpaceToDepth", 4, 6, 0), "d");
        refused(blocks("SpaceToDepth", 4, 6, (1L << 32) + 2), "d");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 4, 2, 2).output("y")
                .node("d", "DepthToSpace", List.of("x"), List.of("y"), intAttr("blocksize", 2)), "d");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4, 2, 2).output("y")
                .node("d", "DepthToSpace", List.of("x"), List.of("y"), intAttr("blocksize", 2), stringAttr("mode", "XYZ")), "d");
    }

    @Test
    void globalMaxPoolInstanceNormalizationAndShrinkMisuseIsRefused() {
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 4, 2).output("y")
                .node("g", "GlobalMaxPool", List.of("x"), List.of("y")), "g");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 3, 4).output("y")
                .initializer("s", new int[] {2}, 1, 1).initializer("b", new int[] {3}, 0, 0, 0)
                .node("in", "InstanceNormalization", List.of("x", "s", "b"), List.of("y")), "in");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 3, 4).output("y")
                .initializer("s", new int[] {3}, 1, 1, 1).initializer("b", new int[] {4}, 0, 0, 0, 0)
                .node("in", "InstanceNormalization", List.of("x", "s", "b"), List.of("y")), "in");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 3, 4).output("y")
                .initializer("s", new int[] {3}, 1, 1, 1)
                .node("in", "InstanceNormalization", List.of("x", "s", ""), List.of("y")), "in");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 3, 4).output("y")
                .initializer("s", new int[] {4}, 1, 1, 1, 1).initializer("b", new int[] {4}, 0, 0, 0, 0)
                .node("in", "InstanceNormalization", List.of("x", "s", "b"), List.of("y")), "in");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).output("y")
                .node("sh", "Shrink", List.of("x"), List.of("y"), floatAttr("lambd", Float.NaN), floatAttr("bias", Float.NaN)), "sh");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 1, 4).output("y")
                .node("sh", "Shrink", List.of("x"), List.of("y"), floatAttr("lambd", 1f)), "sh");
    }

    // ---- GatherND, ScatterElements, Scatter, ScatterND, Compress ----

    private static OnnxModelBuilder gatherNd(int[] indexDims, long[] indices, long batchDims) {
        return new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer(int64("i", indexDims, indices))
                .node("g", "GatherND", List.of("x", "i"), List.of("y"), intAttr("batch_dims", batchDims));
    }

    @Test
    void gatherNdBadIndicesAreRefused() {
        refused(gatherNd(new int[] {1, 2}, new long[] {2, 0}, 0), "g");
        refused(gatherNd(new int[] {1, 2}, new long[] {0, -4}, 0), "g");
        refused(gatherNd(new int[] {1, 3}, new long[] {0, 0, 0}, 0), "g");
        refused(gatherNd(new int[0], new long[] {0}, 0), "g");
        refused(gatherNd(new int[] {1, 1}, new long[] {0}, 2), "g");
        refused(gatherNd(new int[] {1, 1}, new long[] {0}, -1), "g");
        refused(gatherNd(new int[] {1, 1}, new long[] {0}, (1L << 32)), "g"); // must not wrap to 0
        refused(gatherNd(new int[] {1, 1}, new long[] {0}, 1), "g"); // batch 1 of indices against 2 of the data
        refused(gatherNd(new int[] {3, 1}, new long[] {0, 0, 0}, 1), "g");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("i", new int[] {1, 1}, 0.5f)
                .node("g", "GatherND", List.of("x", "i"), List.of("y")), "g");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).input("i", FLOAT, 1, 1).output("y")
                .node("g", "GatherND", List.of("x", "i"), List.of("y")), "g");
    }

    private static OnnxModelBuilder scatter(String op, int[] indexDims, long[] indices, int[] updateDims, ProtoWriter... attrs) {
        int size = 1;
        for (int d : updateDims) {
            size *= d;
        }
        return new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer(int64("i", indexDims, indices))
                .initializer("u", updateDims, new float[size])
                .node("s", op, List.of("x", "i", "u"), List.of("y"), attrs);
    }

    @Test
    void scatterElementsBadIndicesAreRefused() {
        for (String op : List.of("ScatterElements", "Scatter")) {
            refused(scatter(op, new int[] {1, 1}, new long[] {3}, new int[] {1, 1}), "s");
            refused(scatter(op, new int[] {1, 1}, new long[] {-3}, new int[] {1, 1}), "s");
            refused(scatter(op, new int[] {1, 2}, new long[] {0, 1}, new int[] {1, 1}), "s");
            refused(scatter(op, new int[] {2}, new long[] {0, 1}, new int[] {2}), "s");
            refused(scatter(op, new int[] {1, 4}, new long[] {0, 0, 0, 0}, new int[] {1, 4}), "s");
            refused(scatter(op, new int[] {1, 1}, new long[] {0}, new int[] {1, 1}, intAttr("axis", 2)), "s");
            refused(scatter(op, new int[] {1, 1}, new long[] {0}, new int[] {1, 1}, intAttr("axis", (1L << 32) + 1)), "s");
            refused(scatter(op, new int[] {1, 1}, new long[] {0}, new int[] {1, 1}, stringAttr("reduction", "add")), "s");
        }
    }

    @Test
    void scatterNdBadIndicesAndUpdatesAreRefused() {
        refused(scatter("ScatterND", new int[] {1, 1}, new long[] {2}, new int[] {1, 3}), "s");
        refused(scatter("ScatterND", new int[] {1, 3}, new long[] {0, 0, 0}, new int[] {1}), "s");
        refused(scatter("ScatterND", new int[0], new long[] {0}, new int[] {3}), "s");
        refused(scatter("ScatterND", new int[] {1, 1}, new long[] {0}, new int[] {1, 2}), "s"); // updates too short
        refused(scatter("ScatterND", new int[] {1, 1}, new long[] {0}, new int[] {1, 4}), "s"); // updates too long
        refused(scatter("ScatterND", new int[] {1, 1}, new long[] {0}, new int[] {3, 1}), "s"); // same size, wrong shape
        refused(scatter("ScatterND", new int[] {2, 1}, new long[] {0, 1}, new int[] {1, 3}), "s");
        refused(scatter("ScatterND", new int[] {1, 1}, new long[] {0}, new int[] {1, 3}, stringAttr("reduction", "mul")), "s");
    }

    @Test
    void compressMisuseIsRefused() {
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("c", new int[] {0})
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 1)), "c1");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("c", new int[] {3}, 0, 0, 0)
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 1)), "c1");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("c", new int[] {2}, 1, 1)
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 2)), "c1");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("c", new int[] {2}, 1, 1)
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", (1L << 32) + 1)), "c1");
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).input("c", FLOAT, 2).output("y")
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 0)), "c1");
        // a true condition beyond the axis (false ones there are harmless)
        refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("c", new int[] {4}, 1, 0, 1, 1)
                .node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 1)), "c1");
        assertDoesNotThrow(() -> OnnxImporter.load(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y")
                .initializer("c", new int[] {4}, 1, 0, 1, 0).node("c1", "Compress", List.of("x", "c"), List.of("y"), intAttr("axis", 1))
                .build(), "m.onnx"));
    }

    // ---- NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss ----

    private static OnnxModelBuilder loss(String op, int[] targetDims, long[] targets, float[] weight, ProtoWriter... attrs) {
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer(int64("t", targetDims, targets));
        if (weight != null) {
            b.initializer("w", new int[] {weight.length}, weight);
        }
        return b.node("l", op, weight != null ? List.of("x", "t", "w") : List.of("x", "t", ""), List.of("y"), attrs);
    }

    @Test
    void lossBadTargetsAndWeightsAreRefused() {
        for (String op : List.of("NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss")) {
            refused(loss(op, new int[] {2}, new long[] {0, 3}, null), "l");
            refused(loss(op, new int[] {2}, new long[] {-1, 0}, null), "l");
            refused(loss(op, new int[] {3}, new long[] {0, 1, 2}, null), "l");
            refused(loss(op, new int[] {2, 1}, new long[] {0, 1}, null), "l");
            refused(loss(op, new int[0], new long[] {0}, null), "l");
            refused(loss(op, new int[] {2}, new long[] {0, 1}, new float[] {1, 1}), "l");
            refused(loss(op, new int[] {2}, new long[] {0, 1}, null, stringAttr("reduction", "max")), "l");
            refused(loss(op, new int[] {2}, new long[] {1, 1}, null, intAttr("ignore_index", 1)), "l"); // mean of nothing
            refused(loss(op, new int[] {2}, new long[] {0, 1}, new float[] {0, 0, 1}), "l"); // mean over weight 0
            refused(loss(op, new int[] {2}, new long[] {0, 1L << 24}, null), "l");
            refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("t", new int[] {2}, 0, Float.NaN)
                    .node("l", op, List.of("x", "t"), List.of("y")), "l");
            refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).output("y").initializer("t", new int[] {2}, 0, 1.5f)
                    .node("l", op, List.of("x", "t"), List.of("y")), "l");
            refused(new OnnxModelBuilder(13).input("x", FLOAT, 2, 3).input("t", FLOAT, 2).output("y")
                    .node("l", op, List.of("x", "t"), List.of("y")), "l");
            refused(new OnnxModelBuilder(13).input("x", FLOAT, 3).output("y").int64Initializer("t", 0)
                    .node("l", op, List.of("x", "t"), List.of("y")), "l");
        }
    }
}
