package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/** Attacks and edge cases from a review of hashed visibility, kept as regression tests. */
class HashedReviewTest {

    record Run(Circuit circuit, SealedCommitment sealed, List<long[]> outputs, byte[] proof) {}

    static Run prove(QuantizedModel m, Circuit.Options options, List<long[]> xs, List<long[]> inSalts, List<long[]> outSalts,
                     Witness.Deviation dev) {
        Circuit circuit = CircuitCompiler.compile(m, xs.size(), options);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, xs, inSalts, outSalts),
                DIGEST, p, new Random(2), Progress.NONE, dev);
        return new Run(circuit, sealed, outputs, p.proof());
    }

    static void verify(Run r, List<long[]> inputs, List<long[]> outputs, List<long[]> inDigests, List<long[]> outDigests) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), r.proof());
        InferenceProtocol.verify(r.circuit(), r.sealed().commitment(), PARAMS, DIGEST, inputs, outputs, inDigests, outDigests, v, 0);
        v.finish();
    }

    static List<long[]> salts(int n) {
        List<long[]> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(HashedValues.randomSalt());
        }
        return s;
    }

    static List<long[]> outDigests(List<long[]> ys, List<long[]> salts) {
        List<long[]> d = new ArrayList<>();
        for (int b = 0; b < ys.size(); b++) {
            d.add(HashedValues.outputDigest(ys.get(b), salts.get(b)));
        }
        return d;
    }

    /** x[40] → Dense 6 → the given activation as the model's output (a binary/multi-label classifier head). */
    static QuantizedModel head(Activation act) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 3);
        b.layer(new QLayer.Dense("fc", "x", "y", 40, 6, b.ints(40 * 6, 100), b.ints(6, 3000), new Requant(10, act)), 6);
        return b.build("sigmoid-head", "y");
    }

    /** x[40] → Dense 6 (identity) → Activate(act) as the output. */
    static QuantizedModel activateHead(Activation act) {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 3);
        b.layer(new QLayer.Dense("fc", "x", "z", 40, 6, b.ints(40 * 6, 100), b.ints(6, 3000), new Requant(10, Activation.IDENTITY)), 6);
        b.layer(new QLayer.Activate("act", "z", "y", new Requant(0, act)), 6);
        return b.build("activate-head", "y");
    }

    // ---------------------------------------------------------------------------------------------
    // Finding 1 (completeness): the link assumes the output's padding positions hold 0, but the
    // compiler gives the output the pad value f(0) of its activation (sigmoid(0) = 2^(bits−1),
    // clip with a positive low end, ...), and the layer's relations force it there. An honest
    // hashed-output proof of such a model is rejected.
    // ---------------------------------------------------------------------------------------------

    @Test
    void sigmoidOutputPublicVerifies() throws Exception {
        QuantizedModel m = head(Activation.sigmoid(1.0 / 1024, 14));
        long[] x = TestModels.input(40, 5);
        Run r = prove(m, new Circuit.Options(false, false), List.of(x), null, null, Witness.Deviation.HONEST);
        verify(r, List.of(x), r.outputs(), null, null);
        assertNotEquals(0, r.circuit().output().padValue(), "sigmoid(0) pads the output with a non-zero value");
    }

    @Test
    void honestHashedSigmoidOutputVerifies() throws Exception {
        QuantizedModel m = head(Activation.sigmoid(1.0 / 1024, 14));
        long[] x = TestModels.input(40, 5);
        List<long[]> s = salts(1);
        Run r = prove(m, new Circuit.Options(false, true), List.of(x), null, s, Witness.Deviation.HONEST);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), r.outputs().get(0));
        verify(r, List.of(x), null, null, outDigests(r.outputs(), s)); // failed before the link stated the padding value
    }

    @Test
    void honestHashedActivateSigmoidOutputVerifies() throws Exception {
        QuantizedModel m = activateHead(Activation.sigmoid(1.0 / 1024, 14));
        long[] x = TestModels.input(40, 6);
        List<long[]> s = salts(1);
        Run r = prove(m, new Circuit.Options(false, true), List.of(x), null, s, Witness.Deviation.HONEST);
        verify(r, List.of(x), null, null, outDigests(r.outputs(), s)); // failed before the link stated the padding value
    }

    @Test
    void honestHashedClipOutputVerifies() throws Exception {
        QuantizedModel m = head(Activation.clip(10, 1000));
        long[] x = TestModels.input(40, 7);
        List<long[]> s = salts(1);
        Run r = prove(m, new Circuit.Options(false, true), List.of(x), null, s, Witness.Deviation.HONEST);
        verify(r, List.of(x), null, null, outDigests(r.outputs(), s)); // failed before the link stated the padding value
    }

    /** The same through the public API (ProvingKey/Prover/Verifier, batch 3 padded to 4). */
    @Test
    void honestHashedSigmoidOutputThroughTheApi() throws Exception {
        QuantizedModel m = head(Activation.sigmoid(1.0 / 1024, 14));
        ProvingKey pk = ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        Prover prover = new Prover(pk);
        List<long[]> xs = List.of(TestModels.input(40, 1), TestModels.input(40, 2), TestModels.input(40, 3));
        Prover.Proven proven = prover.prove(xs, false, null, true, Progress.NONE);
        new Verifier(pk.verifyingKey(), 80).verify(proven.proof()); // failed before the link stated the padding value
    }

    // ---------------------------------------------------------------------------------------------
    // Checks that hold (attacks that fail); kept as regression tests.
    // ---------------------------------------------------------------------------------------------

    static QuantizedModel mlp() {
        return TestModels.mlp(40, 16, 6, Activation.RELU, 7);
    }

    /** Digests of two samples swapped: the link is per block, so this is rejected. */
    @Test
    void swappedInputDigestsAreRejected() {
        QuantizedModel m = mlp();
        List<long[]> xs = List.of(TestModels.input(40, 1), TestModels.input(40, 2));
        List<long[]> s = salts(2);
        Run r = prove(m, new Circuit.Options(true), xs, s, null, new Witness.Deviation() {
            @Override
            public List<long[]> hashedInputs(List<long[]> inputs) {
                return List.of(inputs.get(1), inputs.get(0));
            }
        });
        List<long[]> claimed = List.of(HashedValues.inputDigest(xs.get(1), s.get(0)), HashedValues.inputDigest(xs.get(0), s.get(1)));
        assertThrows(InvalidProofException.class, () -> verify(r, java.util.Collections.nCopies(2, null), r.outputs(), claimed, null));
    }

    /**
     * Batch 3 padded to 4, hashed input: the prover runs the padded block on another input x'
     * (a full, consistent execution) while the digests are those of the 3 real samples. The
     * padded sponge must hash to D_0, so the padded block is bound to sample 0: rejected.
     */
    @Test
    void paddedBlockOnAnotherInputIsRejected() {
        QuantizedModel m = mlp();
        List<long[]> xs = List.of(TestModels.input(40, 1), TestModels.input(40, 2), TestModels.input(40, 3));
        List<long[]> s = salts(3);
        long[] other = TestModels.input(40, 77);
        Run r = prove(m, new Circuit.Options(true), xs, s, null, new Witness.Deviation() {
            @Override
            public void alterWitness(Witness w) {
                // Replace block 3 of the input by `other` (its padding kept zero).
                long[] in = w.tensor("x").clone();
                int size = w.circuit().input().layout().sampleSize();
                for (int i = 0; i < 40; i++) {
                    in[3 * size + i] = Goldilocks.fromSigned(other[i]);
                }
                w.replace("x", in);
            }
        });
        List<long[]> d = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            d.add(HashedValues.inputDigest(xs.get(b), s.get(b)));
        }
        assertThrows(InvalidProofException.class, () -> verify(r, java.util.Collections.nCopies(3, null), r.outputs(), d, null));
    }

    /** Junk in the hashed output's padding positions (a prover replacing the committed output). */
    @Test
    void junkInOutputPaddingIsRejected() {
        QuantizedModel m = mlp();
        long[] x = TestModels.input(40, 9);
        List<long[]> s = salts(1);
        Run r = prove(m, new Circuit.Options(false, true), List.of(x), null, s, new Witness.Deviation() {
            @Override
            public void alterWitness(Witness w) {
                long[] y = w.tensor("y").clone();
                y[20] = Goldilocks.fromSigned(5);
                w.replace("y", y);
            }
        });
        assertThrows(InvalidProofException.class, () -> verify(r, List.of(x), null, null, outDigests(r.outputs(), s)));
    }

    /** A hashed input's digest offered as an output digest (domain 11 vs 12) is rejected: no cross-domain reuse. */
    @Test
    void hashedInputAndOutputOnTheSameVerify() throws Exception {
        QuantizedModel m = mlp();
        long[] x = TestModels.input(40, 9);
        List<long[]> si = salts(1), so = salts(1);
        Run r = prove(m, new Circuit.Options(true, true), List.of(x), si, so, Witness.Deviation.HONEST);
        verify(r, java.util.Collections.singletonList(null), null, List.of(HashedValues.inputDigest(x, si.get(0))), outDigests(r.outputs(), so));
        assertThrows(InvalidProofException.class, () -> verify(r, java.util.Collections.singletonList(null), null,
                List.of(HashedValues.inputDigest(x, si.get(0))),
                List.of(io.zkml4j.core.hash.Poseidon2Sponge.hash(HashedValues.INPUT_DOMAIN, HashedValues.message(r.outputs().get(0), so.get(0))))));
    }

    // ---------------------------------------------------------------------------------------------
    // Fragile: hashed visibility and SpongeShape's message bound (4096 elements).
    // ---------------------------------------------------------------------------------------------

    /** A model whose input has more than 4092 values cannot be proven with a hashed input: IllegalArgumentException. */
    @Test
    void largeInputCannotBeHashed() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {5000}, 3);
        b.layer(new QLayer.Dense("fc", "x", "y", 5000, 2, b.ints(5000 * 2, 3), b.ints(2, 3000), new Requant(10, Activation.IDENTITY)), 2);
        QuantizedModel m = b.build("wide", "y");
        long[] x = TestModels.input(5000, 1);
        Run r = prove(m, new Circuit.Options(true), List.of(x), salts(1), null, Witness.Deviation.HONEST); // throws IAE
        assertNotNull(r);
    }

    // ---------------------------------------------------------------------------------------------
    // Completeness over output layouts (channel-major, grouped, transposed alias, ReLU output), batch 3.
    // ---------------------------------------------------------------------------------------------

    static void hashedOutputRoundTrip(QuantizedModel m, int inputSize, boolean hashedInput) throws Exception {
        List<long[]> xs = List.of(TestModels.input(inputSize, 1), TestModels.input(inputSize, 2), TestModels.input(inputSize, 3));
        List<long[]> so = salts(3), si = hashedInput ? salts(3) : null;
        Run r = prove(m, new Circuit.Options(hashedInput, true), xs, si, so, Witness.Deviation.HONEST);
        List<long[]> di = null;
        if (hashedInput) {
            di = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                di.add(HashedValues.inputDigest(xs.get(b), si.get(b)));
            }
        }
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(QuantizedExecutor.run(m, xs.get(b)).value(m.output()), r.outputs().get(b));
        }
        verify(r, hashedInput ? java.util.Collections.nCopies(3, null) : xs, null, di, outDigests(r.outputs(), so));
    }

    @Test
    void poolOutputHashed() throws Exception {
        hashedOutputRoundTrip(TestModels.poolOutput(3), 128, true);
    }

    @Test
    void reluOutputHashed() throws Exception {
        hashedOutputRoundTrip(TestModels.reluOutput(3), 40, false);
    }

    @Test
    void elementwiseHashed() throws Exception {
        hashedOutputRoundTrip(TestModels.elementwise(3), 32, true);
    }

    /** x[2,8,8] → Conv 3×3 (3 out channels, padded to 4) as the output. */
    @Test
    void convOutputHashed() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {2, 8, 8}, 3);
        b.layer(new QLayer.Conv("conv", "x", "y", TestModels.conv(2, 8, 8, 3, 3, 1, 1, 1), b.ints(3 * 2 * 9, 100), b.ints(3, 3000),
                new Requant(8, Activation.IDENTITY)), 3, 8, 8);
        hashedOutputRoundTrip(b.build("conv-out", "y"), 128, false);
    }

    /** x[24] → Dense 24 → reshape [4,6] → transpose: the output is an alias with a permuted layout. */
    @Test
    void transposedOutputHashed() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {24}, 3);
        b.layer(new QLayer.Dense("fc", "x", "h", 24, 24, b.ints(24 * 24, 100), b.ints(24, 3000), new Requant(10, Activation.IDENTITY)), 24);
        b.layer(new QLayer.Reshape("sq", "h", "h2"), 4, 6);
        b.layer(new QLayer.Transpose("t", "h2", "y", new int[] {1, 0}), 6, 4);
        hashedOutputRoundTrip(b.build("transposed-out", "y"), 24, true);
    }

    /** The output is the (private, hashed) input reshaped: the compiler adds a copy. */
    @Test
    void outputAliasingTheInputHashed() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {24}, 3);
        b.layer(new QLayer.Reshape("sq", "x", "y"), 4, 6);
        hashedOutputRoundTrip(b.build("alias-out", "y"), 24, true);
    }

    /** A proof file that declares hashed inputs for such a model makes Verifier.verify throw IllegalArgumentException, not InvalidProofException. */
    @Test
    void verifierRejectsAnOversizedHashedStatementAsInvalid() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {5000}, 3);
        b.layer(new QLayer.Dense("fc", "x", "y", 5000, 2, b.ints(5000 * 2, 3), b.ints(2, 3000), new Requant(10, Activation.IDENTITY)), 2);
        QuantizedModel m = b.build("wide", "y");
        ProvingKey pk = ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        InferenceProof plain = new Prover(pk).proveQuantized(List.of(TestModels.input(5000, 1)), true, Progress.NONE);
        InferenceProof forged = new InferenceProof(plain.modelDigest(), true, null, plain.outputs(), plain.transcript(),
                List.of(new long[] {1, 2, 3, 4}));
        InferenceProof decoded = InferenceProof.decode(forged.encode(), "forged");
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(decoded)); // threw IllegalArgumentException before
    }
}
