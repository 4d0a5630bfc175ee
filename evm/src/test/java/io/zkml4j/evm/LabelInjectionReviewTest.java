package io.zkml4j.evm;

import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: layer names reach the generated Solidity inside `//` comments ("{ // label"). A name
 * holding a line break that Solidity's scanner honours (\n, \r, \u2028, ...) ends the comment, and
 * the rest of the name becomes code of the verifier: whoever publishes the model (its layer names)
 * writes code into a verifier that is meant to be a faithful twin of the Java one. The Java
 * verifier never interprets names, so the same key is sound in Java and not on-chain.
 */
class LabelInjectionReviewTest {
    static final String PAYLOAD = "INJECTED_BY_LAYER_NAME();";

    static QuantizedModel named(String layerName) {
        SplittableRandom r = new SplittableRandom(1);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {16}, 1.0 / 1024));
        tensors.put("h", new QuantizedModel.TensorSpec(new int[] {8}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {4}, 1.0 / 1024));
        QLayer.Dense l1 = new QLayer.Dense(layerName, "x", "h", 16, 8, r.longs(128, -100, 100).toArray(), r.longs(8, -3000, 3000).toArray(),
                new Requant(10, Activation.RELU));
        QLayer.Dense l2 = new QLayer.Dense("fc2", "h", "y", 8, 4, r.longs(32, -100, 100).toArray(), r.longs(4, -3000, 3000).toArray(),
                new Requant(9, Activation.IDENTITY));
        return new QuantizedModel("review-names", tensors, "x", "y", List.of(l1, l2));
    }

    /** Solidity's line breaks (its scanner ends a `//` comment at each). */
    static final String LINE_BREAKS = "[\\n\\r\\u000b\\u000c\\u0085\\u2028\\u2029]";

    @Test
    void aLayerNameCannotWriteCodeIntoTheVerifier() {
        for (String lineBreak : List.of("\n", "\r", "\u2028")) {
            String name = "fc1" + lineBreak + PAYLOAD + " //";
            Circuit circuit = CircuitCompiler.compile(named(name), 1, Circuit.Options.DEFAULT);
            String code = SectionVerifierWriter.library("ReviewSection", circuit);
            for (String line : code.split(LINE_BREAKS)) {
                int at = line.indexOf(PAYLOAD);
                int comment = line.indexOf("//");
                int string = line.indexOf('"');
                assertTrue(at < 0 || (comment >= 0 && comment < at) || (string >= 0 && string < at),
                        "a layer name with " + escape(lineBreak) + " writes code into the verifier: `" + line.strip() + "`");
            }
        }
    }

    static String escape(String s) {
        return s.chars().mapToObj(c -> String.format("U+%04X", c)).reduce("", String::concat);
    }
}
