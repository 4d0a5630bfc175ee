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

    /** An empty weights proof: these keys must be refused for their geometry before it is even looked at. */
    static WeightsProof noWeightsProof(int vectors) {
        return new WeightsProof(java.util.Collections.nCopies(vectors, 16), List.of(new byte[0]));
    }

    @Test
    void aSmallKeyDeclaringAHugeConvolutionIsRefusedAtOnce() {
        VerifyingKey evil = new VerifyingKey(hugeConvolution(), false, null, Postprocess.NONE,
                Commitment.unpacked(TestCommitments.SEALED, new byte[32], new int[] {16, 1}), InferenceZeroKnowledgeTest.PARAMS, 65537,
                noWeightsProof(2));
        byte[] bytes = evil.encode();
        assertTrue(bytes.length < 400, "the key is " + bytes.length + " bytes");
        FileFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(FileFormatException.class, () -> VerifyingKey.decode(bytes, "evil.vk")));
        assertTrue(e.getMessage().contains("evil.vk") && e.getMessage().contains("layer 'conv'")
                && e.getMessage().contains("above the bound of " + CircuitBounds.MAX_LAYER_ENTRIES), e.getMessage());
    }

    /** A key whose sealed weight commitment would make every verification transform vectors of 2^24 values. */
    @Test
    void aKeyDeclaringAHugeSealedGeometryIsRefusedAtOnce() {
        QuantizedModel mlp = TestModels.mlp(8, 4, 2, Activation.RELU, 5);
        io.zkml4j.core.pcs.LigeroParameters huge = new io.zkml4j.core.pcs.LigeroParameters(22, 24, 0, 2048, 0, io.zkml4j.core.hash.Sha256.INSTANCE);
        VerifyingKey evil = new VerifyingKey(mlp, false, null, Postprocess.NONE, Commitment.unpacked(huge, new byte[32], new int[] {5, 2, 3, 1}),
                InferenceZeroKnowledgeTest.PARAMS, mlp.parameterCount(), noWeightsProof(4));
        FileFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(FileFormatException.class, () -> VerifyingKey.decode(evil.encode(), "huge.vk")));
        assertTrue(e.getMessage().contains("huge.vk") && e.getMessage().contains("code length 2^24"), e.getMessage());
    }

    @Test
    void aProofDeclaringTooManySamplesIsRefusedBeforeCompiling() throws Exception {
        QuantizedModel mlp = TestModels.mlp(1500, 64, 10, Activation.RELU, 5);
        ProvingKey pk = ProvingKey.create(mlp, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        InferenceProof honest = new Prover(pk).prove(List.of(new float[1500]), true, Progress.NONE);
        int batch = 1 << 16; // a well-formed transcript, so only the declared batch is out of line (its input: 2^27 values)
        InferenceProof proof = new InferenceProof(pk.verifyingKey().digest(), true, null,
                Collections.nCopies(batch, new long[10]), honest.transcript());
        InferenceProof decoded = InferenceProof.decode(proof.encode(), "many.proof");
        Verifier verifier = new Verifier(pk.verifyingKey(), 80);
        InvalidProofException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InvalidProofException.class, () -> verifier.verify(decoded)));
        assertTrue(e.getMessage().contains("batch of " + batch) && e.getMessage().contains("above the bound"), e.getMessage());
    }

    /** Found by the independent review: the im2col block is padded factor by factor (kernel at least 32), far beyond its entries. */
    @Test
    void aDepthwiseConvolutionIsChargedItsPaddedIm2colBlock() {
        QLayer.ConvGeometry g = new QLayer.ConvGeometry(1024, 128, 128, 1024, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1024);
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {1024, 128, 128}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {1024, 128, 128}, 1.0 / 1024));
        QuantizedModel m = new QuantizedModel("depthwise", tensors, "x", "y", List.of(new QLayer.Conv("dw", "x", "y", g, new long[0],
                new long[0], new Requant(16, Activation.IDENTITY))));
        String p = CircuitBounds.problem(m, 1);
        assertNotNull(p, "a 2^29-entry im2col block passed the bounds");
        assertTrue(p.contains("layer 'dw'"), p);
    }

    /** A chain of {@code n} layers over one-element tensors t0 → t1 → ... → tn; layer i reads t(i−1) and writes t(i). */
    static QuantizedModel chain(int n, java.util.function.IntFunction<QLayer> layer) {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        List<QLayer> layers = new java.util.ArrayList<>();
        tensors.put("t0", new QuantizedModel.TensorSpec(new int[] {1}, 1.0 / 1024));
        for (int i = 1; i <= n; i++) {
            tensors.put("t" + i, new QuantizedModel.TensorSpec(new int[] {1}, 1.0 / 1024));
            layers.add(layer.apply(i));
        }
        return new QuantizedModel("chain", tensors, "t0", "t" + n, layers);
    }

    /** Found by the independent review: every distinct activation builds a 2^16-row table. */
    @Test
    void distinctActivationTablesAreCounted() {
        java.util.function.IntFunction<QLayer> sigmoid = i -> new QLayer.Activate("s" + i, "t" + (i - 1), "t" + i,
                new Requant(0, Activation.sigmoid(1.0 / (1000 + i), 14)));
        String p = CircuitBounds.problem(chain(CircuitBounds.MAX_ACTIVATION_TABLES + 1, sigmoid), 1);
        assertNotNull(p);
        assertTrue(p.contains("distinct activation tables"), p);
        assertNull(CircuitBounds.problem(chain(CircuitBounds.MAX_ACTIVATION_TABLES, sigmoid), 1));
    }

    /** Found by the independent review: commitment parameters in a key set the verifier's work (queries, code length). */
    @Test
    void commitmentParametersAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new io.zkml4j.core.pcs.LigeroParameters(4, 6, 1, 1 << 29, 0,
                io.zkml4j.core.hash.Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new io.zkml4j.core.pcs.LigeroParameters(4, 27, 1, 160, 0,
                io.zkml4j.core.hash.Sha256.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> new io.zkml4j.core.pcs.LigeroParameters(4, 24, 1, 160, 0,
                io.zkml4j.core.hash.Sha256.INSTANCE)); // a blowup of 2^20
    }

    /** Found by the second review: each concatenated input gets its own map and part, so 1,024 copies of one tensor cost 1,024 outputs. */
    @Test
    void concatenationIsChargedPerInput() {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {2048}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {1 << 21}, 1.0 / 1024));
        QuantizedModel m = new QuantizedModel("concat", tensors, "x", "y", List.of(new QLayer.Concat("c", Collections.nCopies(1024, "x"), "y", 0)));
        String p = CircuitBounds.problem(m, 1);
        assertNotNull(p, "a 5 KB key whose compile needs 16 GiB passed the bounds");
        assertTrue(p.contains("layer 'c'"), p);
    }

    @Test
    void theNumberOfLayersIsBounded() {
        String p = CircuitBounds.problem(chain(CircuitBounds.MAX_LAYERS + 1, i -> new QLayer.Reshape("r" + i, "t" + (i - 1), "t" + i)), 1);
        assertNotNull(p);
        assertTrue(p.contains("layers"), p);
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
