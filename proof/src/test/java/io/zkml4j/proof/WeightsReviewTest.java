package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Review of the weights proof (attacker's view). */
class WeightsReviewTest {
    private static final CommitOptions OPTIONS = KeysAndProofsTest.OPTIONS;

    /**
     * Regression (review): no crash at decode: a tensor named like a vector the weights circuit adds
     * ("L.weight#value", "L.bias#range.limb0", ...) passes the key's layout check (which compiles
     * without widths) but the weights-proof compile throws UnsupportedOperationException, which
     * WeightsProof.verify does not catch: VerifyingKey.decode crashes instead of refusing.
     */
    @Test
    void aKeyWithATensorNamedLikeAWeightsProofVectorIsRefusedNotCrashed() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 1);
        b.layer(new QLayer.Dense("fc", "x", "fc.weight#value", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000),
                new Requant(10, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc2", "fc.weight#value", "y", 32, 10, b.ints(320, 100), b.ints(10, 3000),
                new Requant(10, Activation.IDENTITY)), 10);
        QuantizedModel m = b.build("collision", "y");
        CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT); // provable, and its layout is fine
        ModelCommitter.Parameters params = ModelCommitter.parameters(m, OPTIONS);
        SealedCommitment sealed = ModelCommitter.commit(m, params.sealed(), new byte[32]);
        int n = sealed.commitment().polynomials();
        WeightsProof junk = new WeightsProof(Collections.nCopies(n, 16), List.of(new byte[0]));
        VerifyingKey evil = new VerifyingKey(m, false, null, Postprocess.NONE, sealed.commitment(), params.proof(), m.parameterCount(), junk);
        byte[] bytes = evil.encode();
        Throwable t = assertThrows(Throwable.class, () -> VerifyingKey.decode(bytes, "evil.vk"));
        assertInstanceOf(FileFormatException.class, t, "decode must refuse a malformed key, got " + t);
    }

    /**
     * Regression (review), honest user: the weights proof always hashes the zero input's output,
     * and hashed visibility takes at most 65532 values. A model with a larger output was provable
     * (public output) and committable before; now ProvingKey.create throws.
     */
    @Test
    void aModelWithALargeOutputCanStillBeCommitted() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {65536}, 1);
        b.layer(new QLayer.Activate("act", "x", "y", new Requant(0, Activation.RELU)), 65536);
        QuantizedModel m = b.build("big-output", "y");
        CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT); // provable with a public output
        assertDoesNotThrow(() -> ProvingKey.create(m, Postprocess.NONE, OPTIONS));
    }

    /**
     * Soundness probe of the zero-extended path (vectors of fewer than 5 variables: conv biases),
     * which WeightsProofTest does not cover (its MLP's vectors all have at least 5 variables).
     */
    @Test
    void zeroExtendedVectorsAreSoundToo() throws Exception {
        for (QuantizedModel m : List.of(TestModels.cnn(3), TestModels.groupedConvAvgPool(4))) {
            Circuit plain = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
            List<Integer> w = WeightsProofTest.widths(m);
            boolean small = plain.modelVectors().stream().anyMatch(v -> v.ref().numVars() < 5);
            assertTrue(small, m.name() + " has no vector smaller than a mask");
            assertTrue(WeightsProofTest.verifies(m, w, Witness.Deviation.HONEST), m.name());
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i) < 2) {
                    continue;
                }
                List<Integer> tight = new ArrayList<>(w);
                tight.set(i, w.get(i) - 1);
                assertFalse(WeightsProofTest.verifies(m, tight, new Witness.Deviation() {
                    public long[] substituteTuple(TablePlan table, long[] tuple) {
                        return new long[] {0};
                    }
                }), m.name() + " vector " + i + " (" + plain.modelVectors().get(i).ref().numVars() + " vars)");
            }
        }
    }

    /**
     * Regression (review): the weights proof must show padding positions are zero,
     * not only in range. Here fc1's padding rows (outputs 16..31 of a 16-output layer) and
     * fc2's padding columns (which read them) hold weights; on the all-zero input they contribute
     * nothing, so a range check alone let the key through. On a real input the padding rows
     * act as 16 extra hidden ReLU neurons feeding fc2: the committed function is a 40-32-6 network
     * while the key states 40-16-6 (no zero check binds activation padding to its pad value).
     */
    @Test
    void aKeyWhoseWeightPaddingHidesExtraNeuronsIsRefused() throws Exception {
        QuantizedModel m = TestModels.mlp(40, 16, 6, Activation.RELU, 3);
        Circuit plain = CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT);
        long[][] vectors = ModelVectors.build(plain);
        int fc1w = -1, fc2w = -1;
        for (int i = 0; i < plain.modelVectors().size(); i++) {
            String name = plain.modelVectors().get(i).ref().name();
            if (name.equals("fc1.weight")) fc1w = i;
            if (name.equals("fc2.weight")) fc2w = i;
        }
        int cols1 = 64, rows1 = 32, cols2 = 32;
        for (int o = 16; o < rows1; o++) {
            for (int c = 0; c < 40; c++) {
                vectors[fc1w][o * cols1 + c] = io.zkml4j.core.field.Goldilocks.fromSigned((o * 7 + c) % 50 - 25);
            }
        }
        for (int o = 0; o < 6; o++) {
            for (int c = 16; c < cols2; c++) {
                vectors[fc2w][o * cols2 + c] = io.zkml4j.core.field.Goldilocks.fromSigned(33);
            }
        }
        ModelCommitter.Parameters params = ModelCommitter.parameters(m, OPTIONS);
        SealedCommitment sealed = ModelCommitter.commit(vectors, params.sealed(), new byte[32]);
        byte[] body = VerifyingKey.body(m, false, null, Postprocess.NONE, sealed.commitment(), params.proof(), m.parameterCount()).toByteArray();
        WeightsProof proof = WeightsProof.prove(m, sealed, params.proof(), vectors, WeightsProof.statement(body));
        VerifyingKey vk = new VerifyingKey(m, false, null, Postprocess.NONE, sealed.commitment(), params.proof(), m.parameterCount(), proof);
        FileFormatException e = assertThrows(FileFormatException.class, () -> VerifyingKey.decode(vk.encode(), "padded.vk"));
        assertTrue(e.getMessage().contains("weights proof"), e.getMessage());
    }
}
