package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/** The circuit that range-checks every committed weight to its declared width. */
class WeightsProofTest {
    /** Proves every part of the weights proof with {@code deviation}, and verifies them all; the checker must agree. */
    static boolean verifies(QuantizedModel m, List<Integer> widths, Witness.Deviation deviation) throws Exception {
        return verifies(m, ModelVectors.build(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT)), widths, deviation);
    }

    /** The same over given (possibly forged) model vectors. */
    static boolean verifies(QuantizedModel m, long[][] vectors, List<Integer> widths, Witness.Deviation deviation) throws Exception {
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        CircuitCompiler.WeightParts parts = CircuitCompiler.weightParts(m);
        List<byte[]> transcripts = new ArrayList<>();
        String failure = null;
        for (int k = 0; k < parts.count(); k++) {
            transcripts.add(WeightsProof.provePart(parts, k, widths, sealed, PARAMS, vectors, DIGEST, new Random(2 + k), deviation));
            if (failure == null) {
                failure = CircuitChecker.firstFailureOfWeights(parts.circuit(k, widths), vectors, deviation, 3);
            }
        }
        try {
            new WeightsProof(widths, transcripts).verifyParts(parts, sealed.commitment(), PARAMS, DIGEST);
        } catch (InvalidProofException e) {
            assertNotNull(failure, "the checker must name what the verifier rejected");
            return false;
        }
        assertNull(failure, "the checker says: " + failure);
        return true;
    }

    static List<Integer> widths(QuantizedModel m) {
        return ModelCommitter.widths(ModelVectors.build(CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT)));
    }

    @Test
    void weightsWithinTheirDeclaredWidthsVerify() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        List<Integer> w = widths(m);
        assertTrue(w.stream().allMatch(b -> b >= 2 && b <= 62), w.toString());
        assertTrue(verifies(m, w, Witness.Deviation.HONEST));
        // Wider declarations hold too.
        List<Integer> wider = new ArrayList<>();
        w.forEach(b -> wider.add(Math.min(62, b + 9)));
        assertTrue(verifies(m, wider, Witness.Deviation.HONEST));
    }

    /**
     * A width one bit below what a vector needs: the honest prover cannot even lay out the limbs;
     * a dishonest one counts an in-table tuple in place of the out-of-range limb, and the limb's
     * lookup rejects it.
     */
    @Test
    void aWeightBeyondItsDeclaredWidthIsRejected() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        List<Integer> w = widths(m);
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i) < 2) {
                continue;
            }
            List<Integer> tight = new ArrayList<>(w);
            tight.set(i, w.get(i) - 1);
            assertThrows(RuntimeException.class, () -> verifies(m, tight, Witness.Deviation.HONEST), "vector " + i);
            assertFalse(verifies(m, tight, new Witness.Deviation() {
                public long[] substituteTuple(TablePlan table, long[] tuple) {
                    return new long[] {0};
                }
            }), "vector " + i + " one bit narrower than its values");
        }
    }

    /** A 40-16-6 MLP whose first layer's weights take 11 bits (below ±1000) in a 32 × 64 layout: 2048 positions. */
    static QuantizedModel wideMlp(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        java.util.Map<String, QuantizedModel.TensorSpec> tensors = new java.util.LinkedHashMap<>();
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {40}, 1.0 / 1024));
        tensors.put("h", new QuantizedModel.TensorSpec(new int[] {16}, 1.0 / 1024));
        tensors.put("y", new QuantizedModel.TensorSpec(new int[] {6}, 1.0 / 1024));
        long[] fc1 = TestModels.randomInts(40 * 16, 1000, r);
        fc1[7] = -1000; // the width is 11 bits, whatever the draw
        var l1 = new io.zkml4j.model.quant.QLayer.Dense("fc1", "x", "h", 40, 16, fc1, TestModels.randomInts(16, 5000, r),
                new io.zkml4j.model.quant.Requant(14, Activation.RELU));
        var l2 = new io.zkml4j.model.quant.QLayer.Dense("fc2", "h", "y", 16, 6, TestModels.randomInts(16 * 6, 100, r), TestModels.randomInts(6, 5000, r),
                new io.zkml4j.model.quant.Requant(9, Activation.IDENTITY));
        return new QuantizedModel("wide-mlp", tensors, "x", "y", List.of(l1, l2));
    }

    /** The index of the model vector named {@code name} in the circuit's order. */
    static int vectorIndex(QuantizedModel m, String name) {
        List<Circuit.VectorSpec> vs = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT).modelVectors();
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i).ref().name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    /**
     * A vector of at least 2^w positions with weights of 9 to 16 bits is looked up whole, in a table
     * of 2^w rows: one committed part per weight, where 8-bit limbs took two. Its honest proof
     * verifies, at its width and one bit wider (still whole: 2^12 rows would be more than its
     * positions, so 12 bits go back to limbs).
     */
    @Test
    void weightsOfNineToSixteenBitsAreLookedUpWhole() throws Exception {
        QuantizedModel m = wideMlp(5);
        List<Integer> w = widths(m);
        int fc1 = vectorIndex(m, "fc1.weight");
        assertEquals(11, w.get(fc1));
        Circuit circuit = CircuitCompiler.weightParts(m).circuit(0, w);
        io.zkml4j.proof.circuit.Decomposition whole = circuit.decompositions().stream()
                .filter(d -> d.label().equals("fc1.weight#range")).findFirst().orElseThrow();
        assertEquals(1, whole.limbs().size(), "one part");
        assertEquals(11, whole.limbBits());
        assertTrue(circuit.tables().stream().anyMatch(t -> t.kind() == TablePlan.Kind.RANGE && t.bits() == 11), "a table of 2^11 rows");
        assertTrue(verifies(m, w, Witness.Deviation.HONEST));
        List<Integer> wider = new ArrayList<>(w);
        wider.set(fc1, 12);
        assertEquals(2, CircuitCompiler.weightParts(m).circuit(0, wider).decompositions().stream()
                .filter(d -> d.label().equals("fc1.weight#range")).findFirst().orElseThrow().limbs().size(), "12 bits in limbs");
        assertTrue(verifies(m, wider, Witness.Deviation.HONEST));
    }

    /**
     * Looked up whole, a weight beyond its declared width is still caught: declared 10 bits, the
     * honest prover cannot find −1000 + 512 in the table; a dishonest one that counts another row in
     * its place is rejected by the lookup.
     */
    @Test
    void aWholeWeightBeyondItsDeclaredWidthIsRejected() throws Exception {
        QuantizedModel m = wideMlp(5);
        List<Integer> tight = new ArrayList<>(widths(m));
        int fc1 = vectorIndex(m, "fc1.weight");
        tight.set(fc1, 10);
        assertEquals(1, CircuitCompiler.weightParts(m).circuit(0, tight).decompositions().stream()
                .filter(d -> d.label().equals("fc1.weight#range")).findFirst().orElseThrow().limbs().size(), "still whole");
        assertThrows(RuntimeException.class, () -> verifies(m, tight, Witness.Deviation.HONEST));
        assertFalse(verifies(m, tight, new Witness.Deviation() {
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                return new long[] {0};
            }
        }));
    }

    /**
     * Looked up whole, padding must still hold zeros: weights in range placed in fc1's padding rows
     * (outputs 16..31, extra hidden neurons) make the key unreadable.
     */
    @Test
    void aWholeWeightInPaddingIsRejected() throws Exception {
        QuantizedModel m = wideMlp(5);
        Circuit plain = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(plain);
        int fc1 = vectorIndex(m, "fc1.weight");
        assertEquals(2048, vectors[fc1].length);
        vectors[fc1][20 * 64 + 3] = io.zkml4j.core.field.Goldilocks.fromSigned(-77);
        ModelCommitter.Parameters params = ModelCommitter.parameters(m, KeysAndProofsTest.OPTIONS);
        SealedCommitment sealed = ModelCommitter.commit(vectors, params.sealed(), new byte[32]);
        byte[] body = VerifyingKey.body(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, sealed.commitment(), params.proof(),
                m.parameterCount()).toByteArray();
        WeightsProof proof = WeightsProof.prove(m, sealed, params.proof(), vectors, WeightsProof.statement(body));
        VerifyingKey vk = new VerifyingKey(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, sealed.commitment(), params.proof(),
                m.parameterCount(), proof);
        io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                () -> VerifyingKey.decode(vk.encode(), "padded.vk"));
        assertTrue(e.getMessage().contains("weights proof"), e.getMessage());
        vectors[fc1][20 * 64 + 3] = 0; // the same key without it is read
        SealedCommitment clean = ModelCommitter.commit(vectors, params.sealed(), new byte[32]);
        byte[] cleanBody = VerifyingKey.body(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, clean.commitment(), params.proof(),
                m.parameterCount()).toByteArray();
        VerifyingKey good = new VerifyingKey(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, clean.commitment(), params.proof(),
                m.parameterCount(), WeightsProof.prove(m, clean, params.proof(), vectors, WeightsProof.statement(cleanBody)));
        assertDoesNotThrow(() -> VerifyingKey.decode(good.encode(), "clean.vk"));
    }

    /**
     * At the key level: a verifying key states its widths and proves them; narrowing or widening a
     * declared width, or grafting another key's weights proof, makes the key unreadable.
     */
    @Test
    void aKeyWhoseWidthsOrWeightsProofAreForgedIsRefused() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        ProvingKey pk = ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        VerifyingKey vk = VerifyingKey.decode(pk.verifyingKey().encode(), "model.vk");
        assertEquals(widths(m), vk.weightWidths());
        List<Integer> narrower = new ArrayList<>(vk.weightWidths());
        narrower.set(0, narrower.get(0) - 1);
        VerifyingKey honest = pk.verifyingKey();
        WeightsProof original = honestProof(pk);
        List<Integer> wider = new ArrayList<>(vk.weightWidths());
        wider.set(1, wider.get(1) + 1);
        for (WeightsProof forged : List.of(new WeightsProof(narrower, original.transcripts()), new WeightsProof(wider, original.transcripts()),
                honestProof(ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS)))) {
            VerifyingKey evil = new VerifyingKey(m, false, null, io.zkml4j.model.quant.Postprocess.NONE, honest.commitment(),
                    honest.proofParameters(), m.parameterCount(), forged);
            io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                    () -> VerifyingKey.decode(evil.encode(), "evil.vk"));
            assertTrue(e.getMessage().contains("weights proof"), e.getMessage());
        }
    }

    /** Keys whose weights proof states the consistency weights written out (the version before) are refused by name, not failed as forged. */
    @Test
    void keysOfTheVersionBeforeAreRefusedWithTheReason() throws Exception {
        ProvingKey pk = ProvingKey.create(TestModels.mlp(40, 16, 6, Activation.RELU, 3), io.zkml4j.model.quant.Postprocess.NONE,
                KeysAndProofsTest.OPTIONS);
        byte[] vk = pk.verifyingKey().encode();
        vk[5] = (byte) (VerifyingKey.VERSION - 1); // the version: two bytes after the four letters
        byte[] key = pk.encode();
        key[5] = (byte) (ProvingKey.VERSION - 1);
        for (io.zkml4j.proof.format.FileFormatException e : List.of(
                assertThrows(io.zkml4j.proof.format.FileFormatException.class, () -> VerifyingKey.decode(vk, "old.vk")),
                assertThrows(io.zkml4j.proof.format.FileFormatException.class, () -> ProvingKey.decode(key, "old.pk")))) {
            assertTrue(e.getMessage().contains("consistency weights written out") && e.getMessage().contains("commit the model again"), e.getMessage());
        }
        assertDoesNotThrow(() -> VerifyingKey.decode(pk.verifyingKey().encode(), "model.vk"));
    }

    private static WeightsProof honestProof(ProvingKey pk) {
        return pk.verifyingKey().weightsProof();
    }
}
