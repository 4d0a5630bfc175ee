package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zkml4j.proof.InferenceProtocolTest.DIGEST;
import static io.zkml4j.proof.InferenceProtocolTest.PARAMS;
import static org.junit.jupiter.api.Assertions.*;

/** "Hashed" visibility: the proof shows Poseidon2(salt ‖ values) of an input or output and nothing else of it. */
class HashedValuesTest {
    static QuantizedModel model;
    static ProvingKey pk;
    static Prover prover;

    @BeforeAll
    static void setUp() throws Exception {
        model = TestModels.mlp(40, 16, 6, Activation.RELU, 7);
        pk = ProvingKey.create(model, Postprocess.NONE, KeysAndProofsTest.OPTIONS);
        prover = new Prover(pk);
    }

    static List<long[]> inputs(int count, int seed) {
        List<long[]> xs = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            xs.add(TestModels.input(40, seed + b));
        }
        return xs;
    }

    @Test
    void aHashedInputProofStatesTheInputsCommitmentsAndVerifies() throws Exception {
        List<long[]> xs = inputs(3, 1); // a batch of 3: the padded fourth sample repeats the first
        List<long[]> salts = List.of(HashedValues.randomSalt(), HashedValues.randomSalt(), HashedValues.randomSalt());
        InferenceProof proof = InferenceProof.decode(prover.proveHashed(xs, salts, Progress.NONE).encode(), "hashed.proof");
        assertTrue(proof.hashedInput() && proof.privateInput());
        VerifiedInference v = new Verifier(pk.verifyingKey(), 80).verify(proof);
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(HashedValues.inputDigest(xs.get(b), salts.get(b)), v.inputDigests().get(b));
        }
        assertNull(v.inputs());
        // The same input and salt: the same commitment in another proof, so a verifier can tell both are about one input.
        InferenceProof again = prover.proveHashed(xs.subList(0, 1), salts.subList(0, 1), Progress.NONE);
        assertArrayEquals(proof.inputDigests().get(0), again.inputDigests().get(0));
        assertArrayEquals(HashedValues.parseHex(HashedValues.hex(again.inputDigests().get(0))), again.inputDigests().get(0));
    }

    @Test
    void aProofPresentedWithAnotherInputsCommitmentIsRejected() throws Exception {
        List<long[]> xs = inputs(1, 5);
        long[] salt = HashedValues.randomSalt();
        InferenceProof proof = prover.proveHashed(xs, List.of(salt), Progress.NONE);
        long[] other = HashedValues.inputDigest(TestModels.input(40, 99), salt);
        InferenceProof swapped = new InferenceProof(proof.modelDigest(), true, null, proof.outputs(), proof.transcript(), List.of(other));
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(swapped));
        long[] otherSalt = HashedValues.inputDigest(xs.get(0), HashedValues.randomSalt());
        InferenceProof resalted = new InferenceProof(proof.modelDigest(), true, null, proof.outputs(), proof.transcript(), List.of(otherSalt));
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(resalted));
        InferenceProof stripped = new InferenceProof(proof.modelDigest(), true, null, proof.outputs(), proof.transcript());
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(stripped),
                "a hashed proof is not a plain private-input proof");
    }

    /**
     * A dishonest prover runs the model on one input but hashes another (whose commitment it
     * wants the proof to be about): the link between the committed input and the hashed message
     * catches it.
     */
    @Test
    void aProverThatHashesAnotherInputIsRejected() throws Exception {
        Circuit circuit = CircuitCompiler.compile(model, 1, new Circuit.Options(true));
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        long[] x = TestModels.input(40, 11);
        long[] claimed = TestModels.input(40, 12);
        long[] salt = HashedValues.randomSalt();
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, List.of(x),
                List.of(salt)), DIGEST, p, new Random(2), Progress.NONE, new Witness.Deviation() {
                    @Override
                    public List<long[]> hashedInputs(List<long[]> inputs) {
                        return List.of(claimed);
                    }
                });
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), p.proof());
        assertThrows(InvalidProofException.class, () -> InferenceProtocol.verify(circuit, sealed.commitment(), PARAMS, DIGEST,
                java.util.Collections.singletonList(null), outputs, List.of(HashedValues.inputDigest(claimed, salt)), null, v, 0));
    }

    @Test
    void hashedOutputsAreStatedOnlyByTheirCommitments() throws Exception {
        List<long[]> xs = inputs(3, 20);
        Prover.Proven proven = prover.prove(xs, false, null, true, Progress.NONE);
        InferenceProof proof = InferenceProof.decode(proven.proof().encode(), "hashed-output.proof");
        assertTrue(proof.hashedOutput());
        assertNull(proof.outputs());
        VerifiedInference v = new Verifier(pk.verifyingKey(), 80).verify(proof, null);
        assertNull(v.outputs());
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(HashedValues.outputDigest(proven.outputs().get(b), proven.outputSalts().get(b)), v.outputDigests().get(b));
            assertArrayEquals(io.zkml4j.model.quant.QuantizedExecutor.run(model, xs.get(b)).value(model.output()), proven.outputs().get(b));
        }
        long[] other = proven.outputs().get(1).clone();
        other[0]++;
        List<long[]> forged = new ArrayList<>(proof.outputDigests());
        forged.set(1, HashedValues.outputDigest(other, proven.outputSalts().get(1)));
        InferenceProof lie = new InferenceProof(proof.modelDigest(), false, proof.inputs(), null, proof.transcript(), null, forged);
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(lie));
        InferenceProof clear = new InferenceProof(proof.modelDigest(), false, proof.inputs(), proven.outputs(), proof.transcript());
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(clear),
                "a hashed-output proof is not a proof of the outputs in the clear");
    }

    @Test
    void hashedInputAndHashedOutputTogether() throws Exception {
        List<long[]> xs = inputs(1, 30);
        long[] salt = HashedValues.randomSalt();
        Prover.Proven proven = prover.prove(xs, true, List.of(salt), true, Progress.NONE);
        VerifiedInference v = new Verifier(pk.verifyingKey(), 80).verify(InferenceProof.decode(proven.proof().encode(), "both.proof"));
        assertArrayEquals(HashedValues.inputDigest(xs.get(0), salt), v.inputDigests().get(0));
        assertArrayEquals(HashedValues.outputDigest(proven.outputs().get(0), proven.outputSalts().get(0)), v.outputDigests().get(0));
    }

    /** A dishonest prover computes one output and hashes another: the link to the committed output catches it. */
    @Test
    void aProverThatHashesAnotherOutputIsRejected() throws Exception {
        Circuit circuit = CircuitCompiler.compile(model, 1, new Circuit.Options(false, true));
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment sealed = TestCommitments.seal(vectors, new Random(1));
        long[] x = TestModels.input(40, 41);
        long[] salt = HashedValues.randomSalt();
        long[] honest = io.zkml4j.model.quant.QuantizedExecutor.run(model, x).value(model.output());
        long[] claimed = honest.clone();
        claimed[2] += 3;
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, sealed, PARAMS, vectors, List.of(x), null, List.of(salt)), DIGEST, p,
                new Random(2), Progress.NONE, new Witness.Deviation() {
                    @Override
                    public List<long[]> hashedOutputs(List<long[]> outputs) {
                        return List.of(claimed);
                    }
                });
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), p.proof());
        assertThrows(InvalidProofException.class, () -> InferenceProtocol.verify(circuit, sealed.commitment(), PARAMS, DIGEST, List.of(x), null,
                null, List.of(HashedValues.outputDigest(claimed, salt)), v, 0));
    }
}
