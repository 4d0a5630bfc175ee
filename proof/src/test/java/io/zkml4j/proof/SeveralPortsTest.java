package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.onnx.OnnxImporter;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Quantizer;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.format.ModelCodec;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A PyTorch model of two inputs ("image" [1, 16], "meta" [1, 3]) and two outputs ("logits" [1, 4],
 * "score" [1, 1]) proved end to end: everything shown, one input private and the other shown, one
 * output hidden and the other shown; and every statement changed in one place rejected.
 */
class SeveralPortsTest {
    static QuantizedModel model;
    static ProvingKey pk;
    static Verifier verifier;
    static List<long[]> inputs;

    @BeforeAll
    static void commit() throws Exception {
        byte[] onnx;
        try (InputStream in = SeveralPortsTest.class.getResourceAsStream("/pytorch/two_inputs_two_outputs.onnx")) {
            onnx = in.readAllBytes();
        }
        Graph g = OnnxImporter.load(onnx, "two_inputs_two_outputs.onnx");
        List<float[]> samples = SingleProof.uniformSamples(10, 19, 3);
        model = Quantizer.quantize(g, samples.subList(0, 8)).model();
        pk = ProvingKey.create(model, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        verifier = new Verifier(pk.verifyingKey(), 80);
        inputs = List.of(model.quantizeInput(samples.get(8)), model.quantizeInput(samples.get(9)));
    }

    private static long[] expected(long[] x) {
        return QuantizedExecutor.run(model, x).value(model.output());
    }

    private static Prover.Proven prove(List<Boolean> shownInputs, boolean hashedOutput, List<Boolean> shownOutputs) throws Exception {
        return new Prover(pk).prove(inputs, shownInputs, null, hashedOutput, shownOutputs, Progress.NONE);
    }

    private static InferenceProof withStatement(InferenceProof p, List<long[]> inputs, List<long[]> outputs, List<Boolean> shownInputs,
                                                List<Boolean> shownOutputs) {
        return new InferenceProof(p.modelDigest(), p.privateInput(), inputs, outputs, p.transcript(), p.inputDigests(), p.outputDigests(),
                shownInputs, shownOutputs);
    }

    private static List<long[]> changed(List<long[]> values, int sample, int at) {
        List<long[]> copy = new ArrayList<>(values.stream().map(long[]::clone).toList());
        copy.get(sample)[at] += 1;
        return copy;
    }

    @Test
    void everythingShownVerifiesAndAChangedOutputOrSwappedSamplesAreRejected() throws Exception {
        InferenceProof proof = new Prover(pk).proveQuantized(inputs, false, Progress.NONE);
        VerifiedInference v = verifier.verify(InferenceProof.decode(proof.encode(), "proof"));
        for (int b = 0; b < 2; b++) {
            assertArrayEquals(expected(inputs.get(b)), v.outputs().get(b));
        }
        // each output read on its own scale
        assertEquals(v.outputs().get(0)[4] * model.spec(model.outputPorts().get(1)).scale(), v.values().get(0)[4], 1e-12);
        assertEquals(v.outputs().get(0)[0] * model.spec(model.outputPorts().get(0)).scale(), v.values().get(0)[0], 1e-12);
        for (int at : new int[] {2, 4}) { // a logit, the score
            InferenceProof forged = withStatement(proof, proof.inputs(), changed(proof.outputs(), 1, at), null, null);
            assertThrows(InvalidProofException.class, () -> verifier.verify(forged), "output " + at);
        }
        InferenceProof changedMeta = withStatement(proof, changed(proof.inputs(), 0, 17), proof.outputs(), null, null);
        assertThrows(InvalidProofException.class, () -> verifier.verify(changedMeta));
        InferenceProof swapped = withStatement(proof, proof.inputs(), List.of(proof.outputs().get(1), proof.outputs().get(0)), null, null);
        assertThrows(InvalidProofException.class, () -> verifier.verify(swapped));
    }

    @Test
    void aPrivateImageWithShownMetadataShowsOnlyTheMetadata() throws Exception {
        Prover.Proven proven = prove(List.of(false, true), false, List.of(true, true));
        InferenceProof proof = InferenceProof.decode(proven.proof().encode(), "proof");
        assertTrue(proof.privateInput());
        assertEquals(List.of(false, true), proof.shownInputs());
        assertArrayEquals(Arrays.copyOfRange(inputs.get(1), 16, 19), proof.inputs().get(1), "only meta's 3 values are stated");
        VerifiedInference v = verifier.verify(proof);
        assertArrayEquals(expected(inputs.get(0)), v.outputs().get(0));

        InferenceProof changedMeta = withStatement(proof, changed(proof.inputs(), 1, 2), proof.outputs(), List.of(false, true), null);
        assertThrows(InvalidProofException.class, () -> verifier.verify(changedMeta));
        // the same values claimed to be the image's: another statement
        assertThrows(InvalidProofException.class,
                () -> verifier.verify(withStatement(proof, proof.inputs(), proof.outputs(), List.of(true, false), null)));
        InferenceProof allPrivate = new InferenceProof(proof.modelDigest(), true, null, proof.outputs(), proof.transcript(), null, null,
                null, null);
        assertThrows(InvalidProofException.class, () -> verifier.verify(allPrivate), "dropping the shown input changes the statement");
    }

    @Test
    void aHiddenScoreWithShownLogitsShowsOnlyTheLogits() throws Exception {
        Prover.Proven proven = prove(List.of(true, true), false, List.of(true, false));
        InferenceProof proof = InferenceProof.decode(proven.proof().encode(), "proof");
        assertEquals(4, proof.outputs().get(0).length);
        assertArrayEquals(Arrays.copyOfRange(expected(inputs.get(1)), 0, 4), proof.outputs().get(1));
        VerifiedInference v = verifier.verify(proof);
        assertEquals(4, v.values().get(0).length);
        assertThrows(InvalidProofException.class,
                () -> verifier.verify(withStatement(proof, proof.inputs(), changed(proof.outputs(), 0, 3), null, List.of(true, false))));
        assertThrows(InvalidProofException.class, () -> verifier.verify(withStatement(proof, proof.inputs(), proof.outputs(), null, null)),
                "four values are not the five outputs");
        assertThrows(IllegalArgumentException.class, () -> prove(List.of(true, true), false, List.of(false, false)),
                "a proof that shows no output and hashes none states nothing");
    }

    @Test
    void hashedOutputsWithOneShownAndAPrivateInputVerify() throws Exception {
        Prover.Proven proven = prove(List.of(false, false), true, List.of(false, true));
        InferenceProof proof = InferenceProof.decode(proven.proof().encode(), "proof");
        assertNull(proof.inputs());
        assertEquals(1, proof.outputs().get(0).length);
        VerifiedInference v = verifier.verify(proof);
        assertArrayEquals(HashedValues.outputDigest(expected(inputs.get(0)), proven.outputSalts().get(0)), v.outputDigests().get(0));
        assertThrows(InvalidProofException.class,
                () -> verifier.verify(withStatement(proof, null, changed(proof.outputs(), 1, 0), null, List.of(false, true))));
    }

    /** A prover whose copy of "meta" out of the packed input differs in one value (all else honest) is rejected. */
    @Test
    void aWrongCopyOfOneInputOutOfThePackedInputIsRejected() throws Exception {
        long[] x = inputs.get(0);
        SingleProof.provedAndVerified(model, x);
        SingleProof dishonest = SingleProof.prove(model, x, new Witness.Deviation() {
            @Override
            public void alterTrace(int b, QuantizedExecutor.Trace trace) {
                trace.value("meta")[1] += 1;
            }
        });
        assertThrows(InvalidProofException.class, () -> dishonest.verify(x, dishonest.outputs()));
    }

    /** A key whose input "meta" would be copied from the wrong place in the packed input is refused when read. */
    @Test
    void aKeyWhosePortsDoNotMatchItsLayersIsRefused() {
        List<QLayer> layers = new ArrayList<>();
        for (QLayer l : model.layers()) {
            if (l instanceof QLayer.Select s && s.output().equals("meta")) {
                layers.add(new QLayer.Select(s.name(), s.input(), s.output(), new int[] {0, 1, 2}, 0));
            } else {
                layers.add(l);
            }
        }
        QuantizedModel lying = new QuantizedModel(model.name(), model.tensors(), model.input(), model.output(), layers,
                model.inputPorts(), model.outputPorts());
        BinaryWriter w = new BinaryWriter();
        ModelCodec.write(w, lying, true);
        FileFormatException e = assertThrows(FileFormatException.class, () -> ModelCodec.read(new BinaryReader(w.toByteArray(), "key"), true));
        assertTrue(e.getMessage().contains("input 'meta' is not copied out of the packed input"), e.getMessage());
    }

    /**
     * Zero knowledge of a private input beside a shown one: the image's first feature made dead (its
     * weights zero), two images differing only there give the same outputs; with "meta" shown and
     * "score" hidden, the proofs' words are distributed alike for both (fixed challenges, fresh prover
     * randomness).
     */
    @Test
    void proofsDoNotDependOnThePrivateInputBesideAShownOne() {
        List<QLayer> layers = new ArrayList<>();
        for (QLayer l : model.layers()) {
            if (l instanceof QLayer.Dense d && d.input().equals("image")) {
                long[] w = d.weight().clone();
                for (int o = 0; o < d.out(); o++) {
                    w[o * d.in()] = 0;
                }
                layers.add(new QLayer.Dense(d.name(), d.input(), d.output(), d.in(), d.out(), w, d.bias(), d.requant()));
            } else {
                layers.add(l);
            }
        }
        QuantizedModel dead = new QuantizedModel(model.name(), model.tensors(), model.input(), model.output(), layers,
                model.inputPorts(), model.outputPorts());
        assertTrue(layers.stream().anyMatch(l -> l instanceof QLayer.Dense d && d.input().equals("image")), "the image's own layer");
        long[] x = inputs.get(0);
        long[] y = x.clone();
        y[0] = -x[0] + 11;
        assertArrayEquals(QuantizedExecutor.run(dead, x).value(dead.output()), QuantizedExecutor.run(dead, y).value(dead.output()));
        io.zkml4j.proof.circuit.Circuit.Options options = io.zkml4j.proof.circuit.Circuit.Options.visibility(List.of(false, true), false,
                List.of(true, false));
        int runs = 40;
        InferenceZeroKnowledgeTest.assertIndistinguishable(InferenceZeroKnowledgeTest.transcripts(dead, options, x, runs, 5),
                InferenceZeroKnowledgeTest.transcripts(dead, options, y, runs, 6));
    }
}
