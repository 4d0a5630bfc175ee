package io.zkml4j.model.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs ONNX's own backend test suite (Debian package libonnx-testdata): for every test directory
 * whose model uses only operators zkml4j supports, imports the model, runs the float executor on
 * each recorded input set and compares with the recorded outputs (|actual − expected| ≤ 1e-4 +
 * 1e-4·|expected|). Directories with unsupported operators are counted as skipped. Writes a
 * per-operator table to target/conformance-float.md.
 *
 * <p>Fails when a supported case fails, and also when a case listed in {@link #EXCLUDED} passes
 * or is not refused with a clear import error (so that the list never hides a working feature
 * or a wrong result).
 */
public class OnnxConformanceTest {
    public static final Path DATA = Path.of("/usr/share/libonnx-testdata/data");
    public static final List<String> SUITES = List.of("node", "pytorch-converted", "pytorch-operator", "simple");
    static final double TOLERANCE = 1e-4;

    /** Cases zkml4j refuses on purpose, each with the reason. The importer must reject every one of them. */
    public static final Map<String, String> EXCLUDED = new TreeMap<>();

    private static void exclude(String reason, String... cases) {
        for (String c : cases) {
            EXCLUDED.put(c, reason);
        }
    }

    static {
        exclude("integer data input: zkml4j runs float models and does not model integer arithmetic (uint8 wrap-around)",
                "test_gathernd_example_int32", "test_gathernd_example_int32_batch_dim1",
                "test_add_uint8", "test_sub_uint8", "test_mul_uint8", "test_maxpool_2d_uint8",
                "test_clip_default_int8_inbounds", "test_clip_default_int8_max", "test_clip_default_int8_min",
                "test_div_uint8", "test_pow_types_float32_int32", "test_pow_types_float32_uint32", "test_pow_types_float32_uint64",
                "test_pow_types_int32_float32", "test_pow_types_int32_int32", "test_edge_pad", "test_reflect_pad",
                "test_max_int16", "test_max_int32", "test_max_int8", "test_max_uint16", "test_max_uint32", "test_max_uint64", "test_max_uint8",
                "test_min_int16", "test_min_int32", "test_min_int8", "test_min_uint16", "test_min_uint32", "test_min_uint64", "test_min_uint8",
                "test_equal", "test_equal_bcast");
        exclude("a comparison of computed values: zkml4j folds comparisons over constants (masks) and does not prove them",
                "test_greater", "test_greater_bcast", "test_greater_equal", "test_greater_equal_bcast", "test_greater_equal_bcast_expanded",
                "test_greater_equal_expanded", "test_less", "test_less_bcast", "test_less_equal", "test_less_equal_bcast",
                "test_less_equal_bcast_expanded", "test_less_equal_expanded");
        exclude("FLOAT16, BFLOAT16 and STRING tensors are not read",
                "test_castlike_BFLOAT16_to_FLOAT", "test_castlike_FLOAT_to_BFLOAT16", "test_castlike_DOUBLE_to_FLOAT16",
                "test_castlike_FLOAT16_to_DOUBLE", "test_castlike_FLOAT16_to_FLOAT", "test_castlike_FLOAT_to_FLOAT16", "test_max_float16",
                "test_min_float16", "test_castlike_FLOAT_to_STRING", "test_castlike_STRING_to_FLOAT",
                "test_cast_BFLOAT16_to_FLOAT", "test_cast_DOUBLE_to_FLOAT16", "test_cast_FLOAT16_to_DOUBLE",
                "test_cast_FLOAT16_to_FLOAT", "test_cast_FLOAT_to_BFLOAT16", "test_cast_FLOAT_to_FLOAT16",
                "test_cast_FLOAT_to_STRING", "test_cast_STRING_to_FLOAT",
                "test_castlike_BFLOAT16_to_FLOAT_expanded", "test_castlike_DOUBLE_to_FLOAT16_expanded",
                "test_castlike_FLOAT16_to_DOUBLE_expanded", "test_castlike_FLOAT16_to_FLOAT_expanded",
                "test_castlike_FLOAT_to_BFLOAT16_expanded", "test_castlike_FLOAT_to_FLOAT16_expanded",
                "test_castlike_FLOAT_to_STRING_expanded", "test_castlike_STRING_to_FLOAT_expanded");
        exclude("optional and sequence values are not tensors", "test_identity_opt", "test_identity_sequence");
        exclude("ceil_mode=1 is refused on purpose (windows hanging over the padded input)",
                "test_averagepool_2d_ceil", "test_maxpool_2d_ceil");
        exclude("3-D convolution and pooling: zkml4j proves 1-D (lowered to 2-D) and 2-D only",
                "test_averagepool_3d_default", "test_maxpool_3d_default",
                "test_AvgPool3d", "test_AvgPool3d_stride", "test_AvgPool3d_stride1_pad0_gpu_input",
                "test_Conv3d", "test_Conv3d_dilated", "test_Conv3d_dilated_strided", "test_Conv3d_groups",
                "test_Conv3d_no_bias", "test_Conv3d_stride", "test_Conv3d_stride_padding",
                "test_MaxPool3d", "test_MaxPool3d_stride", "test_MaxPool3d_stride_padding", "test_convtranspose_3d");
        exclude("MaxPool's Indices output is not supported",
                "test_maxpool_with_argmax_2d_precomputed_pads", "test_maxpool_with_argmax_2d_precomputed_strides");
        exclude("training mode (batch statistics, random dropout) is refused: zkml4j imports inference models",
                "test_batchnorm_epsilon_training_mode", "test_batchnorm_example_training_mode",
                "test_training_dropout", "test_training_dropout_default", "test_training_dropout_default_mask",
                "test_training_dropout_mask", "test_training_dropout_zero_ratio", "test_training_dropout_zero_ratio_mask");
        exclude("PRelu's slope fed as a runtime input: zkml4j needs it constant (the quantised test binds it, and the case passes there)",
                "test_prelu_broadcast", "test_prelu_example");
        exclude("ConvTranspose's weights fed as a runtime input: zkml4j flips them at import, so they must be constant (the quantised "
                        + "test binds them, and the cases pass there)",
                "test_convtranspose", "test_convtranspose_1d", "test_convtranspose_autopad_same", "test_convtranspose_dilations",
                "test_convtranspose_kernel_shape", "test_convtranspose_output_shape", "test_convtranspose_pad", "test_convtranspose_pads",
                "test_convtranspose_with_kernel");
        exclude("Resize's scales (or roi) fed as a runtime input: zkml4j turns them into constant maps at import, so they must be "
                        + "constant (the quantised test binds them, and the cases pass there)",
                "test_resize_downsample_scales_cubic", "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
                "test_resize_downsample_scales_cubic_align_corners", "test_resize_downsample_scales_linear",
                "test_resize_downsample_scales_linear_align_corners", "test_resize_downsample_scales_nearest", "test_resize_tf_crop_and_resize",
                "test_resize_upsample_scales_cubic", "test_resize_upsample_scales_cubic_A_n0p5_exclude_outside",
                "test_resize_upsample_scales_cubic_align_corners", "test_resize_upsample_scales_cubic_asymmetric",
                "test_resize_upsample_scales_linear", "test_resize_upsample_scales_linear_align_corners", "test_resize_upsample_scales_nearest",
                "test_upsample_nearest");
        exclude("InstanceNormalization's scale and bias fed as runtime inputs: zkml4j needs them constant (the quantised test binds "
                        + "them, and the cases pass there)", "test_instancenorm_epsilon", "test_instancenorm_example");
        exclude("CumSum's axis fed as an INT32 runtime input: zkml4j needs it constant (the quantised test binds it, and the cases "
                        + "pass there)", "test_cumsum_1d", "test_cumsum_1d_exclusive", "test_cumsum_1d_reverse", "test_cumsum_1d_reverse_exclusive",
                "test_cumsum_2d_axis_0", "test_cumsum_2d_axis_1", "test_cumsum_2d_negative_axis");
        exclude("a scatter that combines updates (reduction add or mul): zkml4j scatters without reduction (a proved copy)",
                "test_scatter_elements_with_duplicate_indices", "test_scatternd_add", "test_scatternd_multiply");
        exclude("a loss's class weights fed as a runtime input: zkml4j needs them constant (the quantised test binds them, and the "
                        + "cases pass there)",
                "test_nllloss_NCd1_mean_weight_negative_ii", "test_nllloss_NCd1_weight", "test_nllloss_NCd1_weight_ii",
                "test_nllloss_NCd1d2_with_weight", "test_nllloss_NCd1d2_with_weight_reduction_mean",
                "test_nllloss_NCd1d2_with_weight_reduction_sum", "test_nllloss_NCd1d2_with_weight_reduction_sum_ii",
                "test_nllloss_NCd1d2d3_sum_weight_high_ii", "test_nllloss_NCd1d2d3d4d5_mean_weight",
                "test_sce_NCd1_mean_weight_negative_ii", "test_sce_NCd1_mean_weight_negative_ii_expanded",
                "test_sce_NCd1_mean_weight_negative_ii_log_prob", "test_sce_NCd1_mean_weight_negative_ii_log_prob_expanded",
                "test_sce_NCd1d2d3_sum_weight_high_ii", "test_sce_NCd1d2d3_sum_weight_high_ii_expanded",
                "test_sce_NCd1d2d3_sum_weight_high_ii_log_prob", "test_sce_NCd1d2d3_sum_weight_high_ii_log_prob_expanded",
                "test_sce_NCd1d2d3d4d5_mean_weight", "test_sce_NCd1d2d3d4d5_mean_weight_expanded",
                "test_sce_NCd1d2d3d4d5_mean_weight_log_prob", "test_sce_NCd1d2d3d4d5_mean_weight_log_prob_expanded",
                "test_sce_mean_weight", "test_sce_mean_weight_expanded", "test_sce_mean_weight_ii", "test_sce_mean_weight_ii_3d",
                "test_sce_mean_weight_ii_3d_expanded", "test_sce_mean_weight_ii_3d_log_prob",
                "test_sce_mean_weight_ii_3d_log_prob_expanded", "test_sce_mean_weight_ii_4d", "test_sce_mean_weight_ii_4d_expanded",
                "test_sce_mean_weight_ii_4d_log_prob", "test_sce_mean_weight_ii_4d_log_prob_expanded", "test_sce_mean_weight_ii_expanded",
                "test_sce_mean_weight_ii_log_prob", "test_sce_mean_weight_ii_log_prob_expanded", "test_sce_mean_weight_log_prob",
                "test_sce_mean_weight_log_prob_expanded", "test_sce_none_weights", "test_sce_none_weights_expanded",
                "test_sce_none_weights_log_prob", "test_sce_none_weights_log_prob_expanded");
        exclude("hard shrinkage (Shrink with bias ≠ lambd jumps at ±lambd): zkml4j lowers soft shrinkage only", "test_shrink_hard");
        exclude("Pad's constant value fed as a runtime input: zkml4j needs it constant (the quantised test binds it, and the case passes there)",
                "test_constant_pad");
    }

    enum Outcome { PASSED, FAILED, EXCLUDED, SKIPPED }

    record Result(String suite, String name, Set<String> ops, Outcome outcome, String detail) {}

    @Test
    void floatExecutorMatchesTheOnnxBackendTests() throws IOException {
        assumeTrue(Files.isDirectory(DATA), "ONNX backend test data not found at " + DATA
                + "; install the Debian package libonnx-testdata to run the conformance test");
        List<Result> results = new ArrayList<>();
        for (Path c : caseDirectories()) {
            results.add(runCase(c.getParent().getFileName().toString(), c));
        }
        assertTrue(results.size() > 100, "expected hundreds of test cases under " + DATA + ", found " + results.size());
        writeReport(results);
        List<String> problems = new ArrayList<>();
        for (Result r : results) {
            if (r.outcome() == Outcome.FAILED) {
                problems.add(r.suite() + "/" + r.name() + ": " + r.detail());
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " conformance case(s) failed (table in target/conformance-float.md):\n"
                + String.join("\n", problems));
    }

    /** Every test case directory of the suites, suite by suite, each in name order. */
    public static List<Path> caseDirectories() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String suite : SUITES) {
            Path dir = DATA.resolve(suite);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> cases = Files.list(dir)) {
                dirs.addAll(cases.filter(p -> p.getFileName().toString().startsWith("test_")).sorted().toList());
            }
        }
        return dirs;
    }

    private static Result runCase(String suite, Path dir) throws IOException {
        String name = dir.getFileName().toString();
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Set<String> ops = new LinkedHashSet<>();
        GraphProto proto;
        try {
            proto = OnnxDecoder.decodeModel(bytes, name).graph();
        } catch (ModelFormatException e) {
            return new Result(suite, name, ops, Outcome.FAILED, "the model does not decode: " + e.getMessage());
        }
        proto.nodes().forEach(n -> ops.add(n.qualifiedOpType()));
        List<Path> dataSets;
        try (Stream<Path> sets = Files.list(dir)) {
            dataSets = sets.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        if (dataSets.isEmpty()) {
            return new Result(suite, name, ops, Outcome.FAILED, "no test_data_set_* directory");
        }
        String exclusion = EXCLUDED.get(name);
        for (Path set : dataSets) {
            DataSet data = readDataSet(proto, set);
            Graph graph;
            try {
                graph = OnnxImporter.load(bytes, name, data.bound());
            } catch (UnsupportedOperatorException e) {
                return new Result(suite, name, ops, Outcome.SKIPPED, "unsupported: " + String.join(", ", e.operators()));
            } catch (ModelImportException e) {
                if (exclusion != null) {
                    return new Result(suite, name, ops, Outcome.EXCLUDED, e.getMessage());
                }
                return new Result(suite, name, ops, Outcome.FAILED, "import failed: " + e.getMessage());
            }
            if (exclusion != null) {
                return new Result(suite, name, ops, Outcome.FAILED, "listed as excluded (" + exclusion
                        + "), but the importer accepts it: remove it from EXCLUDED if it passes");
            }
            try {
                Map<String, Tensor> outputs = new FloatExecutor(graph).runOutputs(data.fed());
                for (int k = 0; k < graph.outputs().size(); k++) {
                    Path file = set.resolve("output_" + k + ".pb");
                    if (!Files.exists(file)) {
                        return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": missing " + file.getFileName());
                    }
                    String output = graph.outputs().get(k).name();
                    String diff = compare(readTensor(file), outputs.get(output));
                    if (diff != null) {
                        return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": output '" + output + "': " + diff);
                    }
                }
            } catch (RuntimeException e) {
                return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": " + e);
            }
        }
        return new Result(suite, name, ops, Outcome.PASSED, "");
    }

    /** A test data set's inputs: those fed at run time, and the parameters bound as constants at import. */
    public record DataSet(Map<String, Tensor> fed, Map<String, Tensor> bound) {}

    /**
     * Reads input_N.pb for the N-th graph input that has no initializer. The node tests pass
     * parameters such as Reshape's shape, Squeeze's axes, Gather's indices or Dropout's
     * training_mode as INT64/BOOL graph inputs; zkml4j requires those to be constants, so they are
     * bound at import (see {@link OnnxImporter#load(byte[], String, Map)}). Inputs of other types
     * are fed at run time (the importer refuses non-float ones).
     */
    public static DataSet readDataSet(GraphProto proto, Path set) throws IOException {
        Set<String> initialized = new LinkedHashSet<>();
        proto.initializers().forEach(t -> initialized.add(t.name()));
        List<ValueInfoProto> inputs = proto.inputs().stream().filter(i -> !initialized.contains(i.name())).toList();
        Map<String, Tensor> fed = new LinkedHashMap<>();
        Map<String, Tensor> bound = new LinkedHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            Path file = set.resolve("input_" + k + ".pb");
            ValueInfoProto in = inputs.get(k);
            DataType type = DataType.ofCode(in.elemType());
            if (!Files.exists(file) || type == null || !type.isSupported()) {
                continue;
            }
            if (type == DataType.INT64 || type == DataType.BOOL) {
                bound.put(in.name(), readTensor(file));
            } else {
                fed.put(in.name(), readTensor(file));
            }
        }
        return new DataSet(fed, bound);
    }

    public static Tensor readTensor(Path file) throws IOException {
        try {
            return OnnxDecoder.decodeTensor(Files.readAllBytes(file), file.toString()).toTensor(file.toString());
        } catch (ModelImportException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String compare(Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.get(i);
            float a = actual.get(i);
            boolean same = (Float.isNaN(e) && Float.isNaN(a)) || e == a || Math.abs(a - e) <= TOLERANCE + TOLERANCE * Math.abs(e);
            if (!same) {
                return "value " + a + " at index " + i + ", expected " + e;
            }
        }
        return null;
    }

    private static void writeReport(List<Result> results) throws IOException {
        Map<String, int[]> perOp = new TreeMap<>();
        for (Result r : results) {
            for (String op : r.ops()) {
                perOp.computeIfAbsent(op, k -> new int[Outcome.values().length])[r.outcome().ordinal()]++;
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Float executor conformance on the ONNX backend tests\n\n");
        md.append("Data: `").append(DATA).append("` (suites ").append(String.join(", ", SUITES)).append("). ");
        md.append("Tolerance: |actual − expected| ≤ 1e-4 + 1e-4·|expected|. ");
        md.append("A case counts under every operator its model uses.\n\n");
        long[] totals = new long[Outcome.values().length];
        results.forEach(r -> totals[r.outcome().ordinal()]++);
        md.append(String.format("Cases: %d passed, %d failed, %d excluded on purpose, %d skipped (unsupported operators).%n%n",
                totals[0], totals[1], totals[2], totals[3]));
        md.append("## Supported operators\n\n| operator | passed | failed | excluded | skipped | total | handled |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        StringBuilder unsupported = new StringBuilder();
        for (Map.Entry<String, int[]> e : perOp.entrySet()) {
            int[] c = e.getValue();
            SupportedOps.Op op = SupportedOps.find(e.getKey());
            if (op != null) {
                md.append(String.format("| %s | %d | %d | %d | %d | %d | %s |%n", e.getKey(), c[0], c[1], c[2], c[3],
                        c[0] + c[1] + c[2] + c[3], op.notes()));
            } else {
                unsupported.append(String.format("| %s | %d |%n", e.getKey(), c[3]));
            }
        }
        md.append("\n## Excluded cases\n\n| case | reason | the importer's message |\n| --- | --- | --- |\n");
        for (Result r : results) {
            if (r.outcome() == Outcome.EXCLUDED) {
                md.append("| ").append(r.suite()).append('/').append(r.name()).append(" | ")
                        .append(EXCLUDED.get(r.name()).replace("|", "\\|")).append(" | ")
                        .append(r.detail().replace("|", "\\|")).append(" |\n");
            }
        }
        md.append("\n## Failures\n\n");
        boolean any = false;
        for (Result r : results) {
            if (r.outcome() == Outcome.FAILED) {
                md.append("- ").append(r.suite()).append('/').append(r.name()).append(": ")
                        .append(r.detail().replace("\n", " ")).append('\n');
                any = true;
            }
        }
        if (!any) {
            md.append("None.\n");
        }
        md.append("\n## Unsupported operators (cases skipped)\n\n| operator | cases |\n| --- | ---: |\n").append(unsupported);
        Path out = Path.of("target", "conformance-float.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }
}
