package io.zkml4j.model.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;
import io.zkml4j.model.onnx.GraphProto;
import io.zkml4j.model.onnx.ModelImportException;
import io.zkml4j.model.onnx.OnnxConformanceTest;
import io.zkml4j.model.onnx.OnnxDecoder;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.onnx.SupportedOps;
import io.zkml4j.model.onnx.UnsupportedModelException;
import io.zkml4j.model.onnx.UnsupportedOperatorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Quantised conformance on ONNX's own backend tests (Debian package libonnx-testdata), with the
 * discovery, input binding and exclusions of the float test ({@link OnnxConformanceTest}). For
 * every case the importer accepts: quantise with the case's input as the only calibration sample,
 * run the quantised executor, dequantise, apply the {@link Postprocess}, and compare with the
 * recorded output.
 *
 * <p>Tolerance, per output value: |q − y| ≤ |f(x̂) − y| + {@value #UNITS}·s_y (half that after a
 * Softmax, which moves no probability by more than half the change of a logit), where y is the
 * recorded output, x̂ the input as quantised (integers × input scale), f the float model and s_y
 * the output scale. The first term is the input's own rounding carried through the model, which
 * no quantiser can avoid; the second bounds what the quantised layers add: ½ unit per
 * requantisation, parameter rounding, and the rounding of intermediate tensors in the few
 * multi-layer cases.
 *
 * <p>Cases with several float inputs keep the first as the runtime input and bind the others as
 * constants ({@link OnnxImporter#load(byte[], String, Map)}), so that Gemm and MatMul get
 * constant weights and Add, Sub and Mul a constant operand; the report lists them. Cases refused
 * on purpose are listed in {@link #EXCLUDED} with the reason; the test fails on any other
 * refusal, on any result out of tolerance, and on an excluded case that quantises. Writes
 * target/conformance-quantized.md.
 */
public class QuantizedConformanceTest {
    static final double UNITS = 2;

    /**
     * Cases that quantise with more error than {@link #UNITS} allows, each with the tolerance it
     * gets instead and why; the report lists them.
     */
    static final Map<String, Double> WIDER_TOLERANCE = new TreeMap<>(Map.of(
            // The variance as E[x²] − E[x]² cancels in 16-bit intermediates, then a square root and a
            // reciprocal of it: measured 2.21 units beyond the input's rounding.
            "test_mvn_expanded", 3.0,
            // ReduceL2 as the square root of a sum of squares: two tables; measured 2.15 units.
            "test_reduce_l2_do_not_keepdims_example", 3.0, "test_reduce_l2_keep_dims_example", 3.0,
            "test_reduce_l2_negative_axes_keep_dims_example", 3.0));

    static {
        // LayerNormalization with its Mean and InvStdDev as graph outputs (three outputs): the normalised values and
        // InvStdDev (the rsqrt table's output) over few values per group, whose 16-bit variance rounds coarsely;
        // measured up to 4.58 units beyond the input's rounding, on Y and on InvStdDev.
        for (String c : List.of("test_layer_normalization_3d_axis2_epsilon", "test_layer_normalization_3d_axis_negative_1_epsilon",
                "test_layer_normalization_3d_axis_negative_2_epsilon", "test_layer_normalization_4d_axis0", "test_layer_normalization_4d_axis2",
                "test_layer_normalization_4d_axis3", "test_layer_normalization_4d_axis_negative_1", "test_layer_normalization_4d_axis_negative_4",
                "test_layer_normalization_default_axis")) {
            WIDER_TOLERANCE.put(c, 5.0);
        }
        // InstanceNormalization (its steps) over a channel's few spatial values: the same rounding of a small variance;
        // measured 3.74 units.
        WIDER_TOLERANCE.put("test_operator_symbolic_override", 5.0);
    }

    /** Cases the quantiser refuses on purpose, each with the reason. It must refuse every one of them. */
    static final Map<String, String> EXCLUDED = new TreeMap<>();

    private static void exclude(String reason, String... cases) {
        for (String c : cases) {
            EXCLUDED.put(c, reason);
        }
    }

    static {
        exclude("a model of only a Softmax: a final Softmax is left to the verifier, which leaves nothing to prove",
                "test_softmax_axis_0", "test_softmax_axis_1", "test_softmax_axis_2", "test_softmax_default_axis",
                "test_softmax_example", "test_softmax_large_number", "test_softmax_negative_axis", "test_Softmax",
                "test_softmax_functional_dim3", "test_softmax_lastdim");
        exclude("the output is a constant (shapes are static), so there is nothing to prove",
                "test_shape", "test_shape_clip_end", "test_shape_clip_start", "test_shape_end_1", "test_shape_end_negative_1",
                "test_shape_example", "test_shape_start_1", "test_shape_start_1_end_2", "test_shape_start_1_end_negative_1",
                "test_shape_start_negative_1");
        exclude("an input of no values (a zero dimension): there is nothing to prove", "test_split_zero_size_splits",
                "test_reshape_allowzero_reordered");
        exclude("no float runtime input (only integer inputs, or none): there is nothing to quantise",
                "test_constant", "test_Embedding", "test_Embedding_sparse", "test_operator_non_float_params",
                "test_pow_types_int64_int64", "test_max_int64", "test_min_int64", "test_tril", "test_tril_neg", "test_tril_one_row_neg",
                "test_tril_out_neg", "test_tril_out_pos", "test_tril_pos", "test_tril_square", "test_tril_square_neg", "test_tril_zero",
                "test_triu", "test_triu_neg", "test_triu_one_row", "test_triu_out_neg_out", "test_triu_out_pos", "test_triu_pos",
                "test_triu_square", "test_triu_square_neg", "test_triu_zero",
                "test_and2d", "test_and3d", "test_and4d", "test_and_bcast3v1d", "test_and_bcast3v2d", "test_and_bcast4v2d", "test_and_bcast4v3d",
                "test_and_bcast4v4d", "test_not_2d", "test_not_3d", "test_not_4d", "test_or2d", "test_or3d", "test_or4d", "test_or_bcast3v1d",
                "test_or_bcast3v2d", "test_or_bcast4v2d", "test_or_bcast4v3d", "test_or_bcast4v4d", "test_where_long_example", "test_xor2d",
                "test_xor3d", "test_xor4d", "test_xor_bcast3v1d", "test_xor_bcast3v2d", "test_xor_bcast4v2d", "test_xor_bcast4v3d",
                "test_xor_bcast4v4d");
        exclude("several outputs (Dropout's mask): a quantised model has one output",
                "test_dropout_default_mask", "test_dropout_default_mask_ratio", "test_training_dropout_zero_ratio_mask");
        exclude("the recorded output is NaN (square roots of negative inputs) and the float model's calibration with it: a "
                        + "quantised value is an integer, never NaN",
                "test_operator_sqrt");
        exclude("Pow whose exponent is a runtime value or a tensor (bound as a constant here): zkml4j proves x^p for one "
                        + "constant p, a table of x",
                "test_pow", "test_pow_bcast_array", "test_pow_example", "test_pow_types_float", "test_pow_types_float32_int64",
                "test_pow_types_int", "test_pow_types_int64_float32", "test_operator_pow", "test_pow_types_float32_int32");
        exclude("Expand that grows the leading axis, which zkml4j takes for the batch axis of an input [1, ...]: each sample is "
                        + "quantised on its own", "test_expand_shape_model3", "test_expand_shape_model4");
        exclude("MaxPool with dilations: the quantised MaxPool has contiguous windows",
                "test_maxpool_2d_dilations", "test_MaxPool1d_stride_padding_dilation", "test_MaxPool2d_stride_padding_dilation");
        exclude("Gemm with a bias that differs between rows: the rows share one bias per output column",
                "test_gemm_default_matrix_bias");
        exclude("Gemm whose bias is computed at runtime (another Gemm's output): the bias must be a constant",
                "test_operator_addmm");
        exclude("Squeeze of the leading 1, which the quantiser takes as the batch axis",
                "test_squeeze");
        exclude("the recorded inputs are uninitialised doubles (1e-316 to 1e199) that overflow float to ±∞",
                "test_operator_add_broadcast", "test_operator_add_size1_right_broadcast",
                "test_operator_add_size1_singleton_broadcast", "test_operator_addconstant");
    }

    public enum Outcome { PASSED, FAILED, EXCLUDED, SKIPPED }

    /** A quantised model with one of its recorded inputs, quantised: what a proved conformance test proves. */
    public record Prepared(Quantization quantization, long[] input) {}

    /**
     * @param bound the float inputs bound as constants
     * @param units the largest error beyond the input's own rounding, in output units (passed cases)
     */
    public record Result(String suite, String name, Set<String> ops, Outcome outcome, String detail, List<String> bound, double units,
                         List<Prepared> prepared) {
        Result(String suite, String name, Set<String> ops, Outcome outcome, String detail, List<String> bound, double units) {
            this(suite, name, ops, outcome, detail, bound, units, List.of());
        }
    }

    @Test
    void quantisedModelsMatchTheOnnxBackendTests() throws IOException {
        assumeTrue(Files.isDirectory(OnnxConformanceTest.DATA), "ONNX backend test data not found at "
                + OnnxConformanceTest.DATA + "; install the Debian package libonnx-testdata to run the conformance test");
        List<Result> results = results();
        assertTrue(results.size() > 100, "expected hundreds of test cases, found " + results.size());
        writeReport(results);
        List<String> problems = new ArrayList<>();
        for (Result r : results) {
            if (r.outcome() == Outcome.FAILED) {
                problems.add(r.suite() + "/" + r.name() + ": " + r.detail());
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " quantised conformance case(s) failed (table in "
                + "target/conformance-quantized.md):\n" + String.join("\n", problems));
    }

    /** Every case's outcome; passed cases carry their quantised models and inputs. */
    public static List<Result> results() throws IOException {
        List<Result> results = new ArrayList<>();
        for (Path c : OnnxConformanceTest.caseDirectories()) {
            results.add(runCase(c.getParent().getFileName().toString(), c));
        }
        return results;
    }

    private static Result runCase(String suite, Path dir) throws IOException {
        String name = dir.getFileName().toString();
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Set<String> ops = new LinkedHashSet<>();
        GraphProto proto;
        try {
            proto = OnnxDecoder.decodeModel(bytes, name).graph();
        } catch (ModelImportException e) {
            return new Result(suite, name, ops, Outcome.FAILED, "the model does not decode: " + e.getMessage(), List.of(), 0);
        }
        proto.nodes().forEach(n -> ops.add(n.qualifiedOpType()));
        List<Path> dataSets;
        try (Stream<Path> sets = Files.list(dir)) {
            dataSets = sets.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        String importExclusion = OnnxConformanceTest.EXCLUDED.get(name);
        String exclusion = EXCLUDED.get(name);
        List<String> bound = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        double worstUnits = 0;
        for (Path set : dataSets) {
            OnnxConformanceTest.DataSet data = OnnxConformanceTest.readDataSet(proto, set);
            // Every float input at run time (a model of several inputs); when that cannot be quantised (Gemm's weights, a
            // Pow's exponent, ...), the first at run time and the others bound as constants.
            Attempt attempt = attempt(bytes, name, data, data.fed().size());
            if (attempt.quantization() == null && data.fed().size() > 1 && (attempt.refusal() == null || attempt.isRefused())) {
                attempt = attempt(bytes, name, data, 1);
                for (String k : data.fed().keySet().stream().skip(1).toList()) {
                    if (!bound.contains(k)) {
                        bound.add(k);
                    }
                }
            }
            if (attempt.unsupported() != null) {
                return new Result(suite, name, ops, Outcome.SKIPPED, "unsupported: " + String.join(", ", attempt.unsupported().operators()),
                        bound, 0);
            }
            if (attempt.importProblem() != null) {
                if (importExclusion != null) {
                    return new Result(suite, name, ops, Outcome.EXCLUDED, "refused at import: " + importExclusion, bound, 0);
                }
                return new Result(suite, name, ops, Outcome.FAILED, "import failed: " + attempt.importProblem().getMessage(), bound, 0);
            }
            if (attempt.refusal() != null) {
                RuntimeException e = attempt.refusal();
                if (!attempt.isRefused()) {
                    return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": " + e, bound, 0);
                }
                if (exclusion != null) {
                    return new Result(suite, name, ops, Outcome.EXCLUDED, exclusion + " — " + e.getMessage(), bound, 0);
                }
                return new Result(suite, name, ops, Outcome.FAILED, "refused: " + e.getMessage(), bound, 0);
            }
            Quantization q = attempt.quantization();
            Graph graph = attempt.graph();
            if (exclusion != null) {
                return new Result(suite, name, ops, Outcome.FAILED, "listed as excluded (" + exclusion
                        + "), but it quantises: remove it from EXCLUDED", bound, 0);
            }
            List<Tensor> expected = new ArrayList<>();
            for (int k = 0; k < proto.outputs().size(); k++) {
                Path file = set.resolve("output_" + k + ".pb");
                if (!Files.exists(file)) {
                    return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": missing output_" + k + ".pb", bound, 0);
                }
                expected.add(OnnxConformanceTest.readTensor(file));
            }
            try {
                double units = excessUnits(graph, q, attempt.runtime(), expected);
                if (units > WIDER_TOLERANCE.getOrDefault(name, UNITS)) {
                    return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": off by " + units
                            + " output units beyond the input's rounding\n" + q.report().format(), bound, units);
                }
                worstUnits = Math.max(worstUnits, units);
                prepared.add(new Prepared(q, q.model().quantizeInput(packed(attempt.runtime()))));
            } catch (RuntimeException e) {
                return new Result(suite, name, ops, Outcome.FAILED, set.getFileName() + ": " + e, bound, 0);
            }
        }
        return new Result(suite, name, ops, Outcome.PASSED, "", bound, worstUnits, prepared);
    }

    /**
     * The largest error of the quantised result beyond the input's own rounding, max over values of
     * (|q − y| − |f(x̂) − y|) / s_y (times 2 after a Softmax).
     */
    private static double excessUnits(Graph graph, Quantization q, Map<String, Tensor> runtime, List<Tensor> expected) {
        QuantizedModel m = q.model();
        long[] xq = m.quantizeInput(packed(runtime));
        Map<String, Tensor> xHat = new LinkedHashMap<>();
        for (QuantizedModel.Port port : m.inputPorts()) {
            Tensor x = runtime.get(port.name());
            float[] v = new float[x.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (xq[port.offset() + i] * m.spec(port).scale());
            }
            xHat.put(port.name(), new Tensor(x.shape(), v));
        }
        Map<String, Tensor> fHat = new FloatExecutor(graph).runOutputs(xHat);
        double[] actual = q.postprocess().apply(m.dequantizeOutput(QuantizedExecutor.run(m, xq).value(m.output())),
                m.outputSpec().shape());
        int total = expected.stream().mapToInt(Tensor::size).sum();
        if (actual.length != total) {
            throw new IllegalStateException(actual.length + " output values, expected " + total);
        }
        double worst = 0;
        int at = 0;
        for (int k = 0; k < expected.size(); k++) {
            String output = graph.outputs().get(k).name();
            double scale = m.outputPorts().size() == 1 ? m.outputSpec().scale() : m.spec(m.outputPorts().get(k)).scale();
            double unit = scale * (q.postprocess().kind() == Postprocess.Kind.SOFTMAX ? 0.5 : 1);
            float[] f = fHat.get(output).data();
            for (int i = 0; i < expected.get(k).size(); i++, at++) {
                double y = expected.get(k).get(i);
                // The float model on the rounded input may leave its domain (acosh just below 1): then no rounding allowance.
                double allowance = Double.isNaN(f[i]) ? 0 : Math.abs(f[i] - y);
                double units = (Math.abs(actual[at] - y) - allowance) / unit;
                worst = Double.isNaN(units) ? Double.POSITIVE_INFINITY : Math.max(worst, units);
            }
        }
        return worst;
    }

    /** The runtime inputs' values one after another, in order: a sample of the quantised model. */
    private static float[] packed(Map<String, Tensor> runtime) {
        int n = runtime.values().stream().mapToInt(Tensor::size).sum();
        float[] out = new float[n];
        int at = 0;
        for (Tensor t : runtime.values()) {
            System.arraycopy(t.data(), 0, out, at, t.size());
            at += t.size();
        }
        return out;
    }

    /** A refusal of the quantiser (its checked exception, carried). */
    private static final class UnsupportedModelRefusal extends RuntimeException {
        UnsupportedModelRefusal(UnsupportedModelException e) {
            super(e.getMessage(), e);
        }
    }

    /** One way of importing and quantising a case: what came of it. */
    private record Attempt(Map<String, Tensor> runtime, Graph graph, Quantization quantization, UnsupportedOperatorException unsupported,
                           ModelImportException importProblem, RuntimeException refusal) {
        /** Whether the quantiser refused the model (rather than failing). */
        boolean isRefused() {
            return refusal instanceof IllegalArgumentException || refusal instanceof UnsupportedModelRefusal;
        }
    }

    /** Imports with the first {@code runtimeInputs} float inputs at run time (the others bound) and quantises. */
    private static Attempt attempt(byte[] bytes, String name, OnnxConformanceTest.DataSet data, int runtimeInputs) {
        Map<String, Tensor> constants = new LinkedHashMap<>(data.bound());
        Map<String, Tensor> runtime = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : data.fed().entrySet()) {
            (runtime.size() < runtimeInputs ? runtime : constants).put(e.getKey(), e.getValue());
        }
        Graph graph;
        try {
            graph = OnnxImporter.load(bytes, name, constants);
        } catch (UnsupportedOperatorException e) {
            return new Attempt(runtime, null, null, e, null, null);
        } catch (ModelImportException e) {
            return new Attempt(runtime, null, null, null, e, null);
        }
        try {
            return new Attempt(runtime, graph, Quantizer.quantize(graph, runtime.isEmpty() ? List.of() : List.of(packed(runtime))), null,
                    null, null);
        } catch (UnsupportedModelException e) {
            return new Attempt(runtime, graph, null, null, null, new UnsupportedModelRefusal(e));
        } catch (RuntimeException e) {
            return new Attempt(runtime, graph, null, null, null, e);
        }
    }

    private static void writeReport(List<Result> results) throws IOException {
        Map<String, int[]> perOp = new TreeMap<>();
        Map<String, Double> worstPerOp = new TreeMap<>();
        for (Result r : results) {
            for (String op : r.ops()) {
                if (r.outcome() == Outcome.PASSED) {
                    worstPerOp.merge(op, r.units(), Math::max);
                }
                int[] c = perOp.computeIfAbsent(op, k -> new int[Outcome.values().length + 1]);
                c[r.outcome().ordinal()]++;
                if (r.outcome() == Outcome.PASSED && !r.bound().isEmpty()) {
                    c[Outcome.values().length]++;
                }
            }
        }
        long[] totals = new long[Outcome.values().length];
        results.forEach(r -> totals[r.outcome().ordinal()]++);
        StringBuilder md = new StringBuilder();
        md.append("# Quantised conformance on the ONNX backend tests\n\n");
        md.append("Data: `").append(OnnxConformanceTest.DATA).append("` (suites ").append(String.join(", ", OnnxConformanceTest.SUITES))
                .append("). Each case is quantised with its own input as the only calibration sample (default options: "
                        + "16-bit tensors, headroom ×4), run by the quantised executor, dequantised, post-processed, and "
                        + "compared with the recorded output: |q − y| ≤ |f(x̂) − y| + " + (int) UNITS + "·s_y (half that "
                        + "after a final Softmax), where f(x̂) is the float model on the quantised input and s_y the output "
                        + "scale. A case counts under every operator its model uses.\n\n");
        md.append(String.format("Cases: %d passed, %d failed, %d excluded on purpose, %d skipped (unsupported operators).%n%n",
                totals[0], totals[1], totals[2], totals[3]));
        md.append("## Supported operators\n\nWorst error: the largest error beyond the input's rounding, in output units, over the "
                + "passed cases that use the operator.\n\n| operator | passed | of which with inputs bound | failed | excluded | skipped "
                + "| worst error |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, int[]> e : perOp.entrySet()) {
            SupportedOps.Op op = SupportedOps.find(e.getKey());
            int[] c = e.getValue();
            if (op != null && op.role() == SupportedOps.Role.COMPUTE) {
                Double worst = worstPerOp.get(e.getKey());
                md.append(String.format(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s |%n", e.getKey(), c[0], c[4], c[1], c[2],
                        c[3], worst == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", worst)));
            }
        }
        // What to support next: each missing operator with the skipped cases it blocks, and those it alone blocks.
        Map<String, int[]> missing = new TreeMap<>();
        for (Result r : results) {
            if (r.outcome() == Outcome.SKIPPED) {
                String[] ops = r.detail().substring("unsupported: ".length()).split(", ");
                for (String op : ops) {
                    int[] c = missing.computeIfAbsent(op, k -> new int[2]);
                    c[0]++;
                    c[1] += ops.length == 1 ? 1 : 0;
                }
            }
        }
        md.append("\n## Unsupported operators\n\n| operator | skipped cases using it | of which it is the only one missing |\n"
                + "| --- | ---: | ---: |\n");
        missing.entrySet().stream().sorted((a, b) -> b.getValue()[1] != a.getValue()[1] ? b.getValue()[1] - a.getValue()[1]
                        : b.getValue()[0] - a.getValue()[0])
                .forEach(e -> md.append(String.format("| %s | %d | %d |%n", e.getKey(), e.getValue()[0], e.getValue()[1])));
        md.append("\n## Passed cases\n\n| case | error beyond the input's rounding (output units) | inputs bound as constants |\n"
                + "| --- | ---: | --- |\n");
        for (Result r : results) {
            if (r.outcome() == Outcome.PASSED) {
                md.append(String.format("| %s/%s | %.2f | %s |%n", r.suite(), r.name(), r.units(), String.join(", ", r.bound())));
            }
        }
        md.append("\n## Excluded cases\n\n| case | reason — the message |\n| --- | --- |\n");
        for (Result r : results) {
            if (r.outcome() == Outcome.EXCLUDED) {
                md.append("| ").append(r.suite()).append('/').append(r.name()).append(" | ")
                        .append(r.detail().replace("|", "\\|").replace("\n", " ")).append(" |\n");
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
        Path out = Path.of("target", "conformance-quantized.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }
}
