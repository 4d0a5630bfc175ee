package io.zkml4j.evm;

import io.zkml4j.evm.verifier.SectionVerifierWriter;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.CircuitCompiler;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review: a model whose output is its input reshaped (beside a layer whose result nothing reads)
 * has one public vector under two names. Java's statement must give the output the input's values
 * (InferenceProtocol.putRoot: another output is a conflicting statement, rejected). The written
 * section absorbs the contract's output array but evaluates that vector as the input everywhere,
 * and the contract never compares the two: the output is bound to nothing. The writer must refuse
 * such a circuit (or the contract must require output == input position by position).
 */
class StatementAliasReviewTest {
    @Test
    void anOutputThatIsTheInputIsRefusedOrBound() {
        SplittableRandom r = new SplittableRandom(2);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {16}, 1.0 / 1024));
        tensors.put("h", new QuantizedModel.TensorSpec(new int[] {8}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {4, 4}, 1.0 / 1024));
        Circuit circuit;
        try {
            QuantizedModel m = new QuantizedModel("review-alias", tensors, "x", "y", List.of(
                    new QLayer.Dense("fc", "x", "h", 16, 8, r.longs(128, -100, 100).toArray(), r.longs(8, -3000, 3000).toArray(),
                            new Requant(10, Activation.RELU)),
                    new QLayer.Reshape("square", "x", "y")));
            circuit = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        } catch (RuntimeException e) {
            Assumptions.abort("such a model cannot be built: " + e);
            return;
        }
        System.out.printf("review alias: input root %s, output root %s%n", circuit.input().publicRoot(), circuit.output().publicRoot());
        if (circuit.input().publicRoot().equals(circuit.output().publicRoot())) {
            assertThrows(UnsupportedOperationException.class, () -> SectionVerifierWriter.library("AliasSection", circuit),
                    "the writer accepts a circuit whose public output is the public input under another name: the contract leaves the output unbound");
        } else { // the compiler copies such an output (y#copy), a vector of its own that the statement binds
            assertTrue(circuit.output().publicRoot() != null && !circuit.output().publicRoot().equals(circuit.input().publicRoot()));
            SectionVerifierWriter.library("AliasSection", circuit);
        }
    }
}
