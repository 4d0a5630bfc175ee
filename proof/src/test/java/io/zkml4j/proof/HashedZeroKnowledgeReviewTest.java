package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Review: with hashed input and output, transcripts (challenges fixed) must not depend on the input or the output. */
class HashedZeroKnowledgeReviewTest {
    static long[][] transcripts(QuantizedModel m, Circuit.Options options, long[] x, boolean hashedInput, int runs, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, 1, options);
        long[][] vectors = ModelVectors.build(circuit);
        return InferenceZeroKnowledgeTest.words(vectors, runs, seed, (model, ch, prover) ->
                InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, InferenceZeroKnowledgeTest.PARAMS, vectors, List.of(x),
                        hashedInput ? List.of(HashedValues.randomSalt()) : null, options.hashedOutput() ? List.of(HashedValues.randomSalt()) : null),
                        new byte[] {1}, ch, prover));
    }

    @Test
    void hashedOutputProofsDoNotDependOnTheOutput() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 33);
        long[] x = TestModels.input(40, 34), y = TestModels.input(40, 35);
        assertFalse(Arrays.equals(QuantizedExecutor.run(m, x).value("y"), QuantizedExecutor.run(m, y).value("y")));
        Circuit.Options both = new Circuit.Options(true, true);
        InferenceZeroKnowledgeTest.assertIndistinguishable(transcripts(m, both, x, true, 40, 3), transcripts(m, both, y, true, 40, 4));
    }

    @Test
    void hashedOutputWithPublicInput() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 33);
        long[] x = TestModels.input(40, 34), y = TestModels.input(40, 35);
        Circuit.Options out = new Circuit.Options(false, true);
        InferenceZeroKnowledgeTest.assertIndistinguishable(transcripts(m, out, x, false, 40, 3), transcripts(m, out, y, false, 40, 4));
    }
}
