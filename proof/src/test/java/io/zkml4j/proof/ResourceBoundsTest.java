package io.zkml4j.proof;

import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.CircuitBounds;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keys and proofs from untrusted sources declare the geometry the verifier compiles; both are
 * checked against {@link CircuitBounds} before anything is allocated. The review's denial of
 * service: a 292-byte verifying key declaring a 1×2048×2048 input and a 256×256 convolution made
 * {@code zkml verify} run 99 s and reach 8.6 GB before failing.
 */
class ResourceBoundsTest {
    static QuantizedModel hugeConvolution() {
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(1, 2048, 2048, 1, 256, 256, 1, 1, 0, 0, 0, 0, 1, 1, 1);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {1, 2048, 2048}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {1, g.outH(), g.outW()}, 1.0 / 1024));
        return new QuantizedModel("dos", tensors, "x", "y", List.of(new QLayer.Conv("conv", "x", "y", g, new long[0], new long[0],
                new Requant(16, Activation.IDENTITY))));
    }

    @Test
    void aSmallKeyDeclaringAHugeConvolutionIsRefusedAtOnce() {
        VerifyingKey evil = new VerifyingKey(hugeConvolution(), false, null, Postprocess.NONE,
                new Commitment(InferenceZeroKnowledgeTest.PARAMS, new byte[32], new int[] {16, 1}), 65537);
        byte[] bytes = evil.encode();
        assertTrue(bytes.length < 400, "the key is " + bytes.length + " bytes");
        FileFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(FileFormatException.class, () -> VerifyingKey.decode(bytes, "evil.vk")));
        assertTrue(e.getMessage().contains("evil.vk") && e.getMessage().contains("layer 'conv'")
                && e.getMessage().contains("above the bound of " + CircuitBounds.MAX_LAYER_ENTRIES), e.getMessage());
    }

    @Test
    void aProofDeclaringTooManySamplesIsRefusedBeforeCompiling() throws Exception {
        QuantizedModel mlp = TestModels.mlp(784, 256, 10, Activation.RELU, 5);
        ProvingKey pk = ProvingKey.create(mlp, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        InferenceProof honest = new Prover(pk).prove(List.of(new float[784]), true, Progress.NONE);
        int batch = 1 << 16; // a well-formed transcript, so only the declared batch is out of line
        InferenceProof proof = new InferenceProof(pk.verifyingKey().digest(), true, null,
                Collections.nCopies(batch, new long[10]), honest.transcript());
        InferenceProof decoded = InferenceProof.decode(proof.encode(), "many.proof");
        Verifier verifier = new Verifier(pk.verifyingKey(), 80);
        InvalidProofException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InvalidProofException.class, () -> verifier.verify(decoded)));
        assertTrue(e.getMessage().contains("batch of " + batch) && e.getMessage().contains("above the bound"), e.getMessage());
    }

    @Test
    void theBenchmarkModelsFit() {
        assertNull(CircuitBounds.problem(TestModels.mlp(784, 256, 10, Activation.RELU, 5), 64));
        // 4M weights: 2048 × 2048 dense layers.
        assertNull(CircuitBounds.problem(TestModels.mlp(2048, 2048, 10, Activation.RELU, 5), 1));
    }

    @Test
    void boundsSaturateInsteadOfWrapping() {
        QuantizedModel m = hugeConvolution();
        String p = CircuitBounds.problem(m, Integer.MAX_VALUE);
        assertNotNull(p);
        assertTrue(p.contains("above the bound"), p);
        assertNotNull(CircuitBounds.problem(m, 0));
    }
}
