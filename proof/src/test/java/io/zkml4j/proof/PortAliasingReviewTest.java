package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.ModelCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review of per-port visibility: shown ports whose tensors share one vector in the circuit (a port
 * that is both an input and an output, an output that is a reshape of another output, an output
 * that is a reshape of the input). Each shown port's values must be bound to the proof; none may
 * silently replace another's.
 *
 * <p>The model: inputs a [8] and meta [4] (packed into "in#packed" [12]); h = a ‖ meta; y = Dense(h) [4];
 * outputs y, y2 = y reshaped to [2, 2], and meta itself (the model echoes its second input).
 */
class PortAliasingReviewTest {
    static QuantizedModel model;
    static ProvingKey pk;
    static Verifier verifier;
    static List<long[]> inputs;

    static Map<String, QuantizedModel.TensorSpec> specs(Object... nameAndShape) {
        Map<String, QuantizedModel.TensorSpec> t = new LinkedHashMap<>();
        for (int i = 0; i < nameAndShape.length; i += 2) {
            t.put((String) nameAndShape[i], new QuantizedModel.TensorSpec((int[]) nameAndShape[i + 1], 1.0 / 1024));
        }
        return t;
    }

    static int[] range(int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i;
        }
        return r;
    }

    @BeforeAll
    static void commit() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        Map<String, QuantizedModel.TensorSpec> t = specs("in#packed", new int[] {12}, "a", new int[] {8}, "meta", new int[] {4},
                "h", new int[] {12}, "y", new int[] {4}, "y2", new int[] {2, 2}, "y2#flat", new int[] {4}, "out#packed", new int[] {12});
        List<QLayer> layers = List.of(
                new QLayer.Select("unpack a", "in#packed", "a", range(0, 8), 0),
                new QLayer.Select("unpack meta", "in#packed", "meta", range(8, 4), 0),
                new QLayer.Concat("join", List.of("a", "meta"), "h", 0),
                new QLayer.Dense("fc", "h", "y", 12, 4, TestModels.randomInts(48, 100, r), TestModels.randomInts(4, 3000, r),
                        new Requant(8, Activation.IDENTITY)),
                new QLayer.Reshape("square", "y", "y2"),
                new QLayer.Reshape("flatten y2", "y2", "y2#flat"),
                new QLayer.Concat("pack outputs", List.of("y", "y2#flat", "meta"), "out#packed", 0));
        model = new QuantizedModel("aliased-ports", t, "in#packed", "out#packed", layers,
                List.of(new QuantizedModel.Port("a", "a", 0), new QuantizedModel.Port("meta", "meta", 8)),
                List.of(new QuantizedModel.Port("y", "y", 0), new QuantizedModel.Port("y2", "y2", 4),
                        new QuantizedModel.Port("meta_out", "meta", 8)));
        // the key's model passes the structural checks a verifier applies to a key it reads
        BinaryWriter w = new BinaryWriter();
        ModelCodec.write(w, model, true);
        ModelCodec.read(new BinaryReader(w.toByteArray(), "key"), true);
        pk = ProvingKey.create(model, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        verifier = new Verifier(pk.verifyingKey(), 80);
        long[] x0 = TestModels.randomInts(12, 900, r);
        long[] x1 = TestModels.randomInts(12, 900, r);
        inputs = List.of(x0, x1);
    }

    private static InferenceProof withStatement(InferenceProof p, List<long[]> inputs, List<long[]> outputs) {
        return new InferenceProof(p.modelDigest(), p.privateInput(), inputs, outputs, p.transcript(), p.inputDigests(), p.outputDigests(),
                p.shownInputs(), p.shownOutputs());
    }

    private static List<long[]> changed(List<long[]> values, int sample, int at) {
        List<long[]> copy = new ArrayList<>(values.stream().map(long[]::clone).toList());
        copy.get(sample)[at] += 1;
        return copy;
    }

    private static InferenceProof prove(List<Boolean> shownInputs, boolean hashed, List<Boolean> shownOutputs) throws Exception {
        InferenceProof proof = new Prover(pk).prove(inputs, shownInputs, null, hashed, shownOutputs, Progress.NONE).proof();
        InferenceProof read = InferenceProof.decode(proof.encode(), "proof");
        verifier.verify(read);
        return read;
    }

    /**
     * Input "meta" and output "meta_out" are one tensor. Shown both (the image and y, y2 hidden), the
     * output's values replace the input's among the public tensors: the stated input values are bound
     * to nothing, and a statement whose input meta differs from its (echoed) output meta verifies.
     */
    @Test
    void aShownInputThatIsAlsoAShownOutputIsBound() throws Exception {
        InferenceProof proof = prove(List.of(false, true), false, List.of(false, false, true));
        assertArrayEquals(proof.inputs().get(0), proof.outputs().get(0), "meta in, meta out");
        InferenceProof forged = withStatement(proof, changed(proof.inputs(), 0, 1), proof.outputs());
        assertThrows(InvalidProofException.class, () -> verifier.verify(forged),
                "the input meta differs from the output meta, which the model copies from it");
    }

    /** Outputs y and y2 (y reshaped) shown, meta hidden: changing y's shown values must be rejected. */
    @Test
    void aShownOutputThatIsAReshapeOfAnotherShownOutputIsBound() throws Exception {
        InferenceProof proof = prove(List.of(true, true), false, List.of(true, true, false));
        for (int b = 0; b < 2; b++) {
            long[] y = QuantizedExecutor.run(model, inputs.get(b)).value("y");
            assertArrayEquals(y, java.util.Arrays.copyOfRange(proof.outputs().get(b), 0, 4));
        }
        InferenceProof forged = withStatement(proof, proof.inputs(), changed(proof.outputs(), 1, 2));
        assertThrows(InvalidProofException.class, () -> verifier.verify(forged), "y is not y2 flattened");
    }

    /** One input x [8]; outputs y = Dense(x) [4] and t = x reshaped to [2, 4] (the model echoes its input). */
    static QuantizedModel echo() {
        SplittableRandom r = new SplittableRandom(5);
        Map<String, QuantizedModel.TensorSpec> t = specs("x", new int[] {8}, "y", new int[] {4}, "t", new int[] {2, 4},
                "t#flat", new int[] {8}, "out#packed", new int[] {12});
        List<QLayer> layers = List.of(
                new QLayer.Dense("fc", "x", "y", 8, 4, TestModels.randomInts(32, 100, r), TestModels.randomInts(4, 3000, r),
                        new Requant(8, Activation.IDENTITY)),
                new QLayer.Reshape("fold", "x", "t"),
                new QLayer.Reshape("flatten t", "t", "t#flat"),
                new QLayer.Concat("pack outputs", List.of("y", "t#flat"), "out#packed", 0));
        QuantizedModel m = new QuantizedModel("echo", t, "x", "out#packed", layers, List.of(new QuantizedModel.Port("x", "x", 0)),
                List.of(new QuantizedModel.Port("y", "y", 0), new QuantizedModel.Port("t", "t", 4)));
        BinaryWriter w = new BinaryWriter();
        ModelCodec.write(w, m, true);
        try {
            ModelCodec.read(new BinaryReader(w.toByteArray(), "key"), true);
        } catch (io.zkml4j.proof.format.FileFormatException e) {
            throw new AssertionError(e);
        }
        return m;
    }

    /**
     * A public input and a shown output t that is the input reshaped (y hidden): t's values replace
     * the input's among the public tensors, so the stated input is bound to nothing.
     */
    @Test
    void aPublicInputBesideAShownOutputAliasingItIsBound() throws Exception {
        QuantizedModel m = echo();
        ProvingKey key = ProvingKey.create(m, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        Verifier v = new Verifier(key.verifyingKey(), 80);
        long[] x = TestModels.randomInts(8, 900, new SplittableRandom(6));
        InferenceProof proof = InferenceProof.decode(new Prover(key).prove(List.of(x), List.of(true), null, false, List.of(false, true),
                Progress.NONE).proof().encode(), "proof");
        v.verify(proof);
        InferenceProof forged = withStatement(proof, changed(proof.inputs(), 0, 0), proof.outputs());
        assertThrows(InvalidProofException.class, () -> v.verify(forged), "the input is not the output t it echoes");
    }

    /**
     * A private input and a shown output t that is the input reshaped (y hidden): t's plan is the
     * committed input's, its public root null, and the values the statement shows for t are checked
     * against nothing. A prover stating other values for t (its witness honest) must be rejected.
     */
    @Test
    void aShownOutputAliasingAPrivateInputIsBound() throws Exception {
        QuantizedModel m = echo();
        long[] x = TestModels.randomInts(8, 900, new SplittableRandom(7));
        io.zkml4j.proof.circuit.Circuit.Options options = io.zkml4j.proof.circuit.Circuit.Options.visibility(List.of(false), false,
                List.of(false, true));
        Deviating dishonest;
        try {
            dishonest = Deviating.prove(m, options, x, 5); // the statement's t[1], the witness's honest
        } catch (IllegalArgumentException | UnsupportedOperationException refused) {
            return; // refusing to show a port that is the private input is a fix too
        }
        List<long[]> shown = InferenceProtocol.shownValues(m.outputPorts(), m, options.shownOutputs(), dishonest.stated());
        assertNotEquals(x[1], shown.get(0)[1], "the statement shows a t that is not x");
        assertThrows(InvalidProofException.class, () -> dishonest.verify(java.util.Collections.singletonList(null), shown));
    }

    /**
     * A proof by a prover whose statement (output value {@code outputAt} of the one sample, none when negative)
     * is changed after its witness is laid out honestly.
     */
    record Deviating(io.zkml4j.proof.circuit.Circuit circuit, io.zkml4j.core.sealed.SealedCommitment sealed, List<long[]> stated, byte[] proof) {
        static Deviating prove(QuantizedModel m, io.zkml4j.proof.circuit.Circuit.Options options, long[] x, int outputAt) {
            io.zkml4j.proof.circuit.Circuit circuit = CircuitCompiler.compile(m, 1, options);
            long[][] vectors = io.zkml4j.proof.witness.ModelVectors.build(circuit);
            io.zkml4j.core.sealed.SealedCommitment sealed = TestCommitments.seal(vectors, new java.util.Random(1));
            io.zkml4j.core.transcript.FiatShamirProver p = new io.zkml4j.core.transcript.FiatShamirProver(InferenceProtocolTest.PARAMS.hash(),
                    TestCommitments.domain(InferenceProtocolTest.PARAMS));
            List<long[]> stated = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, InferenceProtocolTest.PARAMS,
                    vectors, List.of(x)), InferenceProtocolTest.DIGEST, p, new java.util.Random(2), Progress.NONE,
                    new io.zkml4j.proof.witness.Witness.Deviation() {
                        @Override
                        public void alterWitness(io.zkml4j.proof.witness.Witness w) {
                            if (outputAt >= 0) {
                                w.outputs().get(0)[outputAt] += 1;
                            }
                        }
                    });
            return new Deviating(circuit, sealed, stated, p.proof());
        }

        void verify(List<long[]> inputs, List<long[]> outputs) throws InvalidProofException {
            io.zkml4j.core.transcript.FiatShamirVerifier ch = new io.zkml4j.core.transcript.FiatShamirVerifier(
                    InferenceProtocolTest.PARAMS.hash(), TestCommitments.domain(InferenceProtocolTest.PARAMS), proof);
            InferenceProtocol.verify(circuit, sealed.commitment(), InferenceProtocolTest.PARAMS, InferenceProtocolTest.DIGEST, inputs, outputs,
                    ch, 0);
            ch.finish();
        }
    }

    /**
     * Inputs a [8] and meta [4], one output: meta reshaped to [2, 2]. With meta shown (a private),
     * the output's plan shares meta's public root, but its stated values are put under the output's
     * own name: they are absorbed, and checked against nothing. A prover stating another output
     * (its witness honest) must be rejected.
     */
    @Test
    void aPublicOutputAliasingAShownInputIsBound() throws Exception {
        Map<String, QuantizedModel.TensorSpec> t = specs("in#packed", new int[] {12}, "a", new int[] {8}, "meta", new int[] {4},
                "echo", new int[] {2, 2});
        QuantizedModel m = new QuantizedModel("echo-meta", t, "in#packed", "echo", List.of(
                new QLayer.Select("unpack a", "in#packed", "a", range(0, 8), 0),
                new QLayer.Select("unpack meta", "in#packed", "meta", range(8, 4), 0),
                new QLayer.Reshape("fold", "meta", "echo")),
                List.of(new QuantizedModel.Port("a", "a", 0), new QuantizedModel.Port("meta", "meta", 8)),
                List.of(new QuantizedModel.Port("echo", "echo", 0)));
        BinaryWriter w = new BinaryWriter();
        ModelCodec.write(w, m, true);
        ModelCodec.read(new BinaryReader(w.toByteArray(), "key"), true);
        long[] x = TestModels.randomInts(12, 900, new SplittableRandom(8));
        io.zkml4j.proof.circuit.Circuit.Options options = io.zkml4j.proof.circuit.Circuit.Options.visibility(List.of(false, true), false,
                List.of(true));
        List<long[]> shownIn = InferenceProtocol.shownValues(m.inputPorts(), m, options.shownInputs(), List.of(x));
        Deviating honest = Deviating.prove(m, options, x, -1);
        honest.verify(shownIn, honest.stated());
        Deviating dishonest;
        try {
            dishonest = Deviating.prove(m, options, x, 3);
        } catch (IllegalArgumentException refused) { // the prover checks its own statement; a verifier must too
            assertThrows(InvalidProofException.class, () -> honest.verify(shownIn, changed(honest.stated(), 0, 3)));
            return;
        }
        assertNotEquals(x[11], dishonest.stated().get(0)[3], "the statement's output is not meta");
        assertThrows(InvalidProofException.class, () -> dishonest.verify(shownIn, dishonest.stated()));
    }

    /**
     * Showing an output that is the private input reshaped is refused: by the prover with a clear
     * error, and by the verifier, for a proof file whose masks ask for it, as an invalid proof (not an
     * exception escaping the verifier).
     */
    @Test
    void aProofShowingAnOutputThatIsThePrivateInputIsInvalid() throws Exception {
        QuantizedModel m = echo();
        ProvingKey key = ProvingKey.create(m, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        Verifier v = new Verifier(key.verifyingKey(), 80);
        long[] x = TestModels.randomInts(8, 900, new SplittableRandom(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Prover(key).prove(List.of(x), List.of(false),
                null, false, List.of(false, true), Progress.NONE));
        assertTrue(e.getMessage().contains("'t'"), e.getMessage());
        InferenceProof all = new Prover(key).prove(List.of(x), List.of(false), null, false, List.of(true, true), Progress.NONE).proof();
        v.verify(all); // a private input, every output shown (t among them): the packed output is public, t tied to it
        InferenceProof forged = new InferenceProof(all.modelDigest(), true, null, List.of(java.util.Arrays.copyOfRange(all.outputs().get(0), 4, 12)),
                all.transcript(), null, null, null, List.of(false, true));
        InvalidProofException invalid = assertThrows(InvalidProofException.class, () -> v.verify(InferenceProof.decode(forged.encode(), "proof")));
        assertTrue(invalid.getMessage().contains("'t'"), invalid.getMessage());
    }
}
