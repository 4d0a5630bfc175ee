package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The debug checker passes honest witnesses of every layer type and names the check a wrong trace breaks. */
class CircuitCheckerTest {
    static String check(QuantizedModel m, int inputSize, Witness.Deviation deviation) {
        Circuit circuit = CircuitCompiler.compile(m, 2, Circuit.Options.DEFAULT);
        return CircuitChecker.firstFailure(circuit, ModelVectors.build(circuit), List.of(TestModels.input(inputSize, 1),
                TestModels.input(inputSize, 2)), deviation, 5);
    }

    @Test
    void honestWitnessesPass() {
        assertNull(check(TestModels.mlp(40, 20, 10, Activation.RELU, 1), 40, Witness.Deviation.HONEST));
        assertNull(check(TestModels.mlp(40, 20, 10, Activation.sigmoid(1.0 / 1024, 14), 2), 40, Witness.Deviation.HONEST));
        for (QuantizedModel m : List.of(TestModels.cnn(3), TestModels.groupedConvAvgPool(4), TestModels.elementwise(5))) {
            assertNull(check(m, m.inputSpec().size(), Witness.Deviation.HONEST), m.name());
        }
    }

    @Test
    void aWrongRequantisationIsNamed() {
        String failure = check(TestModels.mlp(40, 20, 10, Activation.RELU, 3), 40, new Witness.Deviation() {
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                if (b == 1) {
                    trace.values().get("y")[3] += 1;
                    trace.layers().get("fc2").requantized()[3] += 1;
                }
            }
        });
        assertNotNull(failure);
        assertTrue(failure.contains("fc2"), failure);
    }
}
