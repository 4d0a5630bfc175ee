package io.zkml4j.proof;

import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.zkml4j.proof.InferenceProtocolTest.prove;
import static io.zkml4j.proof.InferenceProtocolTest.verify;
import static org.junit.jupiter.api.Assertions.*;

/** Every layer type proven and verified, with tampering rejected, for public and private inputs and batches. */
class LayerProofTest {
    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("cnn", TestModels.cnn(1)), Arguments.of("grouped conv + avgpool", TestModels.groupedConvAvgPool(2)),
                Arguments.of("affine, add, sigmoid, mul, concat, transpose", TestModels.elementwise(3)),
                Arguments.of("maxpool output", TestModels.poolOutput(4)));
    }

    private static List<long[]> inputs(QuantizedModel m, int count, long seed) {
        List<long[]> xs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            xs.add(TestModels.input(m.inputSpec().size(), seed + i));
        }
        return xs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void provesAndRejectsTampering(String label, QuantizedModel m) throws Exception {
        List<long[]> xs = inputs(m, 1, 10);
        InferenceProtocolTest.Proven pr = prove(m, Circuit.Options.DEFAULT, xs, 11);
        assertArrayEquals(QuantizedExecutor.run(m, xs.get(0)).value(m.output()), pr.outputs().get(0));
        verify(pr, pr.inputs(), pr.outputs(), pr.proof());

        long[] y = pr.outputs().get(0).clone();
        y[y.length - 1] += 1;
        assertThrows(InvalidProofException.class, () -> verify(pr, pr.inputs(), List.of(y), pr.proof()));
        long[] x = xs.get(0).clone();
        x[x.length / 2] -= 1;
        assertThrows(InvalidProofException.class, () -> verify(pr, List.of(x), pr.outputs(), pr.proof()));
        ProofMutator.assertEveryElementMatters(pr.proof(), 997, bytes -> verify(pr, pr.inputs(), pr.outputs(), bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void privateInputBatchOfThree(String label, QuantizedModel m) throws Exception {
        List<long[]> xs = inputs(m, 3, 20);
        InferenceProtocolTest.Proven pr = prove(m, new Circuit.Options(true), xs, 21);
        for (int b = 0; b < xs.size(); b++) {
            assertArrayEquals(QuantizedExecutor.run(m, xs.get(b)).value(m.output()), pr.outputs().get(b));
        }
        List<long[]> hidden = Arrays.asList(null, null, null);
        verify(pr, hidden, pr.outputs(), pr.proof());
        List<long[]> swapped = List.of(pr.outputs().get(2), pr.outputs().get(1), pr.outputs().get(0));
        assertThrows(InvalidProofException.class, () -> verify(pr, hidden, swapped, pr.proof()));
    }
}
