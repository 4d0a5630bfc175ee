package io.zkml4j.evm;

import io.zkml4j.proof.CommitOptions;
import io.zkml4j.proof.InferenceProof;
import io.zkml4j.proof.Prover;
import io.zkml4j.proof.ProvingKey;
import io.zkml4j.proof.Zkml;

import java.nio.file.Path;

/** The bundled Fashion-MNIST MLP committed in the EVM profile and one proof of it, made once per test JVM. */
final class MlpFixture {
    static final Path EXAMPLES = Path.of("..", "examples", "fashion-mnist");
    private static MlpFixture instance;

    final ProvingKey key;
    final InferenceProof proof;

    private MlpFixture() throws Exception {
        key = ProvingKey.create(Zkml.quantize(EXAMPLES.resolve("mlp.onnx"), EXAMPLES.resolve("calibration.json")), CommitOptions.DEFAULT.forEvm());
        Prover prover = new Prover(key);
        proof = prover.prove(Zkml.readInputs(EXAMPLES.resolve("input.json"), prover.model()));
    }

    static synchronized MlpFixture get() throws Exception {
        if (instance == null) {
            instance = new MlpFixture();
        }
        return instance;
    }
}
