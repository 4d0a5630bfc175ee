package io.zkml4j.cli;

import io.zkml4j.model.quant.Quantization;
import io.zkml4j.proof.Zkml;
import io.zkml4j.proof.circuit.CircuitBounds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;

/** The resource bounds on untrusted keys leave room for every bundled model with a batch of 64. */
class BundledModelsFitTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @ParameterizedTest
    @CsvSource({
        "fashion-mnist/mlp.onnx, fashion-mnist/calibration.json",
        "fashion-mnist/cnn.onnx, fashion-mnist/calibration.json",
        "bench/dense-4m.onnx, bench/dense-4m-input.json",
        "bench/cifar-cnn.onnx, bench/cifar-cnn-input.json",
    })
    void fitsWithABatchOf64(String model, String calibration) throws Exception {
        Quantization q = Zkml.quantize(EXAMPLES.resolve(model), EXAMPLES.resolve(calibration));
        assertNull(CircuitBounds.problem(q.model(), 64), model);
    }
}
