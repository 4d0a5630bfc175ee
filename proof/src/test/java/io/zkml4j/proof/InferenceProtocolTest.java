package io.zkml4j.proof;

import io.zkml4j.core.hash.Sha256;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.pcs.LigeroPcs;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.FiatShamirVerifier;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.core.testing.ProofMutator;
import io.zkml4j.core.transcript.InvalidProofException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class InferenceProtocolTest {
    static final LigeroParameters PARAMS = LigeroParameters.forSecurity(40, 9, 2, 4, 0, Sha256.INSTANCE);
    static final byte[] DIGEST = "test-model".getBytes();

    record Proven(Circuit circuit, SealedCommitment model, List<long[]> inputs, List<long[]> outputs, byte[] proof) {}

    static Proven prove(QuantizedModel m, Circuit.Options options, List<long[]> inputs, long seed) {
        Circuit circuit = CircuitCompiler.compile(m, inputs.size(), options);
        long[][] vectors = ModelVectors.build(circuit);
        SealedCommitment model = TestCommitments.seal(vectors, new Random(seed));
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outputs = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuit, model, PARAMS, vectors, inputs), DIGEST, p,
                new Random(seed + 1));
        return new Proven(circuit, model, inputs, outputs, p.proof());
    }

    static void verify(Proven pr, List<long[]> inputs, List<long[]> outputs, byte[] proof) throws Exception {
        FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), proof);
        InferenceProtocol.verify(pr.circuit(), pr.model().commitment(), PARAMS, DIGEST, inputs, outputs, v, 0);
        v.finish();
    }

    @Test
    void honestMlpProofVerifies() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 1);
        long[] x = TestModels.input(40, 2);
        Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(x), 3);
        assertArrayEquals(QuantizedExecutor.run(m, x).value("y"), pr.outputs().get(0));
        verify(pr, pr.inputs(), pr.outputs(), pr.proof());
    }

    @Test
    void wrongOutputOrInputIsRejected() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 4);
        long[] x = TestModels.input(40, 5);
        Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(x), 6);
        long[] y = pr.outputs().get(0).clone();
        y[3] += 1;
        assertThrows(InvalidProofException.class, () -> verify(pr, pr.inputs(), List.of(y), pr.proof()));
        long[] x2 = x.clone();
        x2[0] += 1;
        assertThrows(InvalidProofException.class, () -> verify(pr, List.of(x2), pr.outputs(), pr.proof()));
    }

    @Test
    void everyElementOfTheProofMatters() {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 7);
        Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(TestModels.input(40, 8)), 9);
        ProofMutator.assertEveryElementMatters(pr.proof(), 211, bytes -> verify(pr, pr.inputs(), pr.outputs(), bytes));
    }

    @Test
    void anotherModelsCommitmentIsRejected() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 10);
        long[] x = TestModels.input(40, 11);
        Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(x), 12);
        // Same architecture, other weights: its commitment does not verify this proof.
        QuantizedModel other = TestModels.mlp(40, 20, 10, Activation.RELU, 13);
        Proven pr2 = prove(other, Circuit.Options.DEFAULT, List.of(x), 14);
        assertThrows(InvalidProofException.class, () -> {
            FiatShamirVerifier v = new FiatShamirVerifier(PARAMS.hash(), TestCommitments.domain(PARAMS), pr.proof());
            InferenceProtocol.verify(pr.circuit(), pr2.model().commitment(), PARAMS, DIGEST, pr.inputs(), pr.outputs(), v, 0);
        });
    }

    @Test
    void proverUsingOtherWeightsThanCommittedIsRejected() {
        // Commit to model A, then run the prover with model B's weights (claiming B's output).
        QuantizedModel a = TestModels.mlp(40, 20, 10, Activation.RELU, 15);
        QuantizedModel b = TestModels.mlp(40, 20, 10, Activation.RELU, 16);
        long[] x = TestModels.input(40, 17);
        Circuit circuitA = CircuitCompiler.compile(a, 1, Circuit.Options.DEFAULT);
        Circuit circuitB = CircuitCompiler.compile(b, 1, Circuit.Options.DEFAULT);
        SealedCommitment committedA = TestCommitments.seal(ModelVectors.build(circuitA), new Random(1));
        long[][] vectorsB = ModelVectors.build(circuitB);
        FiatShamirProver p = new FiatShamirProver(PARAMS.hash(), TestCommitments.domain(PARAMS));
        List<long[]> outB = InferenceProtocol.prove(new InferenceProtocol.ProverInputs(circuitB, committedA, PARAMS, vectorsB, List.of(x)),
                DIGEST, p, new Random(2));
        Proven pr = new Proven(circuitA, committedA, List.of(x), outB, p.proof());
        assertThrows(InvalidProofException.class, () -> verify(pr, pr.inputs(), pr.outputs(), pr.proof()));
    }

    @Test
    void privateInputAndBatches() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 20, 10, Activation.RELU, 18);
        List<long[]> xs = List.of(TestModels.input(40, 19), TestModels.input(40, 20), TestModels.input(40, 21));
        Proven pr = prove(m, new Circuit.Options(true), xs, 22);
        for (int b = 0; b < xs.size(); b++) {
            assertArrayEquals(QuantizedExecutor.run(m, xs.get(b)).value("y"), pr.outputs().get(b));
        }
        java.util.List<long[]> hidden = java.util.Arrays.asList(null, null, null);
        verify(pr, hidden, pr.outputs(), pr.proof());
        List<long[]> swapped = List.of(pr.outputs().get(1), pr.outputs().get(0), pr.outputs().get(2));
        assertThrows(InvalidProofException.class, () -> verify(pr, hidden, swapped, pr.proof()));
    }

    @Test
    void otherActivations() throws Exception {
        for (Activation act : new Activation[] {Activation.sigmoid(1.0 / 256, 14), Activation.leakyRelu(0.1), Activation.tanh(1.0 / 512, 14)}) {
            QuantizedModel m = TestModels.mlp(40, 20, 10, act, 23);
            Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(TestModels.input(40, 24)), 25);
            verify(pr, pr.inputs(), pr.outputs(), pr.proof());
        }
    }

    /**
     * Functions looked up in their table (Gelu, Exp, Sqrt of values that are partly negative): the
     * honest proof verifies; the same proof checked against the circuit of another function, or
     * of the same function with another output scale, is rejected (the verifier builds the table
     * from its key, and the prover's pairs are not in it).
     */
    @Test
    void functionActivationsAreProvedByTheirOwnTable() throws Exception {
        io.zkml4j.model.exec.UnaryFunction[] fs = {io.zkml4j.model.exec.UnaryFunction.GELU, io.zkml4j.model.exec.UnaryFunction.EXP,
            io.zkml4j.model.exec.UnaryFunction.SQRT};
        for (io.zkml4j.model.exec.UnaryFunction f : fs) {
            Activation act = Activation.function(f, 0, 0, 1.0 / 1024, 1.0 / 512);
            QuantizedModel m = TestModels.mlp(40, 20, 10, act, 26);
            Proven pr = prove(m, Circuit.Options.DEFAULT, List.of(TestModels.input(40, 27)), 28);
            assertArrayEquals(QuantizedExecutor.run(m, pr.inputs().get(0)).value("y"), pr.outputs().get(0));
            verify(pr, pr.inputs(), pr.outputs(), pr.proof());
            for (Activation other : new Activation[] {Activation.function(io.zkml4j.model.exec.UnaryFunction.ERF, 0, 0, 1.0 / 1024, 1.0 / 512),
                Activation.function(f, 0, 0, 1.0 / 1024, 1.0 / 256)}) {
                Circuit otherCircuit = CircuitCompiler.compile(TestModels.mlp(40, 20, 10, other, 26), 1, Circuit.Options.DEFAULT);
                Proven swapped = new Proven(otherCircuit, pr.model(), pr.inputs(), pr.outputs(), pr.proof());
                assertThrows(InvalidProofException.class, () -> verify(swapped, pr.inputs(), pr.outputs(), pr.proof()),
                        f + " proved, verified as " + other.describe());
            }
        }
    }
}
