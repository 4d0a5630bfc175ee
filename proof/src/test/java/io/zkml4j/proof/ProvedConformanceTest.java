package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.onnx.OnnxConformanceTest;
import io.zkml4j.model.onnx.SupportedOps;
import io.zkml4j.model.quant.QuantizedConformanceTest;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every ONNX backend test case that passes quantised conformance is also proved and verified:
 * the proof of the quantised model on the case's recorded input verifies, and the same proof
 * with one output value changed does not. Writes target/conformance-proved.md.
 */
class ProvedConformanceTest {
    /** Quantised cases that are not proved on purpose, each with the reason; proving them must fail. */
    static final Map<String, String> EXCLUDED = Map.of(
            "test_slice_start_out_of_bounds", "its output is empty (a slice that starts past the end): there is no value to prove");

    /** failure: null when proved; excluded: the reason when not proved on purpose. */
    record Outcome(QuantizedConformanceTest.Result result, String failure, String excluded) {}

    @Test
    void everyQuantisedCaseIsProvedAndVerified() throws IOException {
        assumeTrue(Files.isDirectory(OnnxConformanceTest.DATA), "ONNX backend test data not found at " + OnnxConformanceTest.DATA
                + "; install the Debian package libonnx-testdata to run the conformance test");
        List<Outcome> outcomes = new ArrayList<>();
        for (QuantizedConformanceTest.Result r : QuantizedConformanceTest.results()) {
            if (r.outcome() == QuantizedConformanceTest.Outcome.PASSED) {
                String failure = prove(r);
                String reason = EXCLUDED.get(r.name());
                if (reason != null) {
                    outcomes.add(new Outcome(r, failure == null ? "listed as excluded, but it proves: remove it from EXCLUDED" : null, reason));
                } else {
                    outcomes.add(new Outcome(r, failure, null));
                }
            }
        }
        assertTrue(outcomes.size() > 100, "expected over a hundred quantised cases, found " + outcomes.size());
        writeReport(outcomes);
        List<String> failures = outcomes.stream().filter(o -> o.failure != null)
                .map(o -> o.result.suite() + "/" + o.result.name() + ": " + o.failure).toList();
        assertTrue(failures.isEmpty(), failures.size() + " case(s) failed to prove (table in target/conformance-proved.md):\n"
                + String.join("\n", failures));
    }

    /** Null when every data set of the case proves, verifies, and rejects a changed output; else why not. */
    private static String prove(QuantizedConformanceTest.Result r) {
        long seed = 1;
        for (QuantizedConformanceTest.Prepared p : r.prepared()) {
            try {
                InferenceProtocolTest.Proven proven = InferenceProtocolTest.prove(p.quantization().model(), Circuit.Options.DEFAULT,
                        List.of(p.input()), seed++);
                InferenceProtocolTest.verify(proven, proven.inputs(), proven.outputs(), proven.proof());
                long[] wrong = proven.outputs().get(0).clone();
                wrong[wrong.length - 1] += 1;
                try {
                    InferenceProtocolTest.verify(proven, proven.inputs(), List.of(wrong), proven.proof());
                    return "a changed output verified";
                } catch (InvalidProofException expected) {
                    // as it must
                }
            } catch (InvalidProofException e) {
                return "the honest proof was rejected: " + e.getMessage();
            } catch (Exception e) {
                return e.toString();
            }
        }
        return null;
    }

    private static void writeReport(List<Outcome> outcomes) throws IOException {
        Map<String, int[]> perOp = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String op : o.result.ops()) {
                int[] c = perOp.computeIfAbsent(op, k -> new int[3]);
                c[o.failure != null ? 1 : o.excluded != null ? 2 : 0]++;
            }
        }
        long proved = outcomes.stream().filter(o -> o.failure == null && o.excluded == null).count();
        long excluded = outcomes.stream().filter(o -> o.failure == null && o.excluded != null).count();
        StringBuilder md = new StringBuilder("# Proved conformance on the ONNX backend tests\n\n");
        md.append("Every case that passes quantised conformance (model/target/conformance-quantized.md) is proved and verified "
                + "on its recorded input(s); the same proof with one output value changed must be rejected.\n\n");
        md.append(String.format("Cases: %d proved and verified, %d failed, %d excluded on purpose.%n%n", proved,
                outcomes.size() - proved - excluded, excluded));
        md.append("| operator | proved and verified | failed | excluded |\n| --- | ---: | ---: | ---: |\n");
        perOp.forEach((op, c) -> {
            SupportedOps.Op supported = SupportedOps.find(op);
            if (supported != null && supported.role() == SupportedOps.Role.COMPUTE) {
                md.append(String.format("| %s | %d | %d | %d |%n", op, c[0], c[1], c[2]));
            }
        });
        md.append("\n## Excluded\n\n");
        outcomes.stream().filter(o -> o.excluded != null).forEach(o -> md.append("- ").append(o.result.suite()).append('/')
                .append(o.result.name()).append(": ").append(o.excluded).append('\n'));
        md.append("\n## Failures\n\n");
        outcomes.stream().filter(o -> o.failure != null).forEach(o -> md.append("- ").append(o.result.suite()).append('/')
                .append(o.result.name()).append(": ").append(o.failure.replace("\n", " ")).append('\n'));
        Path out = Path.of("target", "conformance-proved.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }
}
