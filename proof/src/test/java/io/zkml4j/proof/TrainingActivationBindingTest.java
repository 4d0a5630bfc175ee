package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof itself binds the hidden layer's activation, not only the verifying key's model or the
 * batch order: a proof to public weights (no key to compare) made with leaky ReLU α = 0.1 is
 * rejected for a statement that is the same in every other part (digest, spec, initial weights,
 * steps) but names α = 0.2, a slope that gives the very same tables (α one ulp larger), sigmoid,
 * tanh, ReLU or no activation.
 */
class TrainingActivationBindingTest {
    static final long[][] STEPS = {{1, 4, 7, 2}, {0, 3, 5, 9}};
    static TrainingCircuitTest.Case c;
    static DatasetKey data;
    static TrainingProver.Statement statement;
    static TrainingProver.PublicResult result;

    @BeforeAll
    static void prove() throws Exception {
        c = TrainingCircuitTest.Case.random(11, new int[] {5, 6, 3}, new Activation[] {Activation.leakyRelu(0.1), Activation.IDENTITY},
                TrainingProtocolTest.ROWS, 4, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        data = TrainingProtocolTest.dataset(c);
        statement = new TrainingProver.Statement(new byte[32], c.arch(), c.spec(), c.weights(), c.biases(), STEPS);
        result = TrainingProver.proveToPublicWeights(statement, data, Progress.NONE);
    }

    static void verify(Activation hidden) throws InvalidProofException {
        TrainingStatement.Architecture arch = new TrainingStatement.Architecture(c.arch().widths(), new Activation[] {hidden, Activation.IDENTITY});
        TrainingProver.Statement s = new TrainingProver.Statement(statement.recipeDigest(), arch, statement.spec(), statement.initialWeights(),
                statement.initialBiases(), STEPS);
        TrainingVerifier.verifyToPublicWeights(s, data.description(), result.weights(), result.biases(), result.proof(), 0);
    }

    @Test
    void theProofVerifiesForItsOwnActivation() throws Exception {
        verify(Activation.leakyRelu(0.1));
    }

    @Test
    void anotherActivationOrSlopeInTheStatementIsRejectedByTheProofItself() {
        double scale = Math.scalb(1.0, -TrainingSpec.Format.DEFAULT.activationFraction());
        int fa = TrainingSpec.Format.DEFAULT.activationFraction();
        for (Activation other : new Activation[] {Activation.leakyRelu(0.2), Activation.leakyRelu(Math.nextUp(0.1)), Activation.sigmoid(scale, fa),
            Activation.tanh(scale, fa)}) {
            assertThrows(InvalidProofException.class, () -> verify(other), other.describe());
        }
        // ReLU's and the identity's circuits (a sign decomposition or nothing, no derivative table) have another
        // geometry; a small proof's rows are widened until they hide its columns, so these are proofs read and refused too.
        assertThrows(InvalidProofException.class, () -> verify(Activation.RELU));
        assertThrows(InvalidProofException.class, () -> verify(Activation.IDENTITY));
    }

    /**
     * Review of the widened rows: the ReLU statement of this size, whose recommended rows cannot hide
     * their queried columns at rate 1/2, is proven with wider rows, and its verifier, deriving the
     * parameters the same way, accepts the proof.
     */
    @Test
    void aStatementWhoseRowsAreWidenedProvesAndVerifies() throws Exception {
        TrainingStatement.Architecture arch = new TrainingStatement.Architecture(c.arch().widths(), new Activation[] {Activation.RELU, Activation.IDENTITY});
        TrainingProver.Statement relu = new TrainingProver.Statement(statement.recipeDigest(), arch, statement.spec(), statement.initialWeights(),
                statement.initialBiases(), STEPS);
        io.zkml4j.core.pcs.LigeroParameters key = data.description().commitment().parameters();
        int bits = (int) Math.floor(key.security().bits());
        long elements = Math.min(TrainingProtocol.committedElements(relu.plan(), STEPS), TrainingChunks.CHUNK_ELEMENTS);
        int base = Math.max(Integer.numberOfTrailingZeros(Circuit.MASK_CHUNK), io.zkml4j.core.pcs.LigeroParameters.recommendedLogRowWidth(elements, bits));
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> io.zkml4j.core.pcs.LigeroParameters.forSecurity(bits, base,
                TrainingProver.ONE_TIME_LOG_BLOWUP, 1, 0, key.hash()));
        assertTrue(narrow.getMessage().contains("random columns"), narrow.getMessage());
        assertTrue(TrainingProver.publicParameters(relu, data.description()).logRowWidth() > base);
        TrainingProver.PublicResult proven = TrainingProver.proveToPublicWeights(relu, data, Progress.NONE);
        TrainingVerifier.verifyToPublicWeights(relu, data.description(), proven.weights(), proven.biases(), proven.proof(), 0);
    }

    /**
     * Only a training circuit looks the derivative up: the same model (sigmoid, tanh and leaky ReLU
     * after its hidden layers) compiled for inference keeps the pairs (t, f(t)), with no derivative
     * vector; its training circuit has one triple table per function instead.
     */
    @Test
    void inferenceCircuitsKeepThePairTables() {
        double scale = Math.scalb(1.0, -TrainingSpec.Format.DEFAULT.activationFraction());
        int fa = TrainingSpec.Format.DEFAULT.activationFraction();
        TrainingCircuitTest.Case three = TrainingCircuitTest.Case.random(7, new int[] {5, 7, 6, 5, 3}, new Activation[] {Activation.sigmoid(scale, fa),
            Activation.tanh(scale, fa), Activation.leakyRelu(0.1), Activation.IDENTITY}, TrainingProtocolTest.ROWS, 4, 8, TrainingSpec.Loss.CROSS_ENTROPY, 3);
        Circuit inference = io.zkml4j.proof.CircuitCompiler.compile(three.model(), 4, Circuit.Options.DEFAULT);
        assertEquals(3, inference.tables().stream().filter(t -> t.kind() == TablePlan.Kind.ACTIVATION).count());
        assertTrue(inference.tables().stream().noneMatch(t -> t.kind() == TablePlan.Kind.DERIVATIVE));
        assertTrue(inference.tables().stream().filter(t -> t.kind() == TablePlan.Kind.ACTIVATION).allMatch(t -> t.table().columns() == 2));
        assertFalse(inference.witnessVectors().stream().anyMatch(v -> v.ref().name().endsWith(".derivative")));
        Circuit training = three.circuit();
        assertEquals(3, training.tables().stream().filter(t -> t.kind() == TablePlan.Kind.DERIVATIVE && t.table().columns() == 3).count());
        assertTrue(training.tables().stream().noneMatch(t -> t.kind() == TablePlan.Kind.ACTIVATION));
    }
}
