package io.zkml4j.proof;

import io.zkml4j.core.hash.Keccak256;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Keys committed for the folded opening ({@code zkml commit --pcs basefold}, and {@code --evm} with
 * Keccak-256): their parameters, proofs that verify through files, and proofs that do not verify
 * against another key, another opening of the same model, another statement or with a byte changed.
 */
class SuccinctProfileTest {
    static final CommitOptions EVM = CommitOptions.DEFAULT.withSecurityBits(80).forEvm();
    static QuantizedModel model;
    static ProvingKey pk;
    static InferenceProof proof;
    static List<float[]> inputs;

    @BeforeAll
    static void proveOnce() throws Exception {
        model = TestModels.mlp(40, 20, 10, Activation.RELU, 1);
        pk = ProvingKey.create(model, Postprocess.softmax(0), EVM);
        inputs = List.of(KeysAndProofsTest.realInput(model, 2), KeysAndProofsTest.realInput(model, 3));
        proof = new Prover(pk).prove(inputs, false, Progress.NONE);
    }

    @Test
    void theKeyChoosesTheFoldedOpeningWithKeccak(@TempDir Path dir) throws Exception {
        LigeroParameters p = pk.verifyingKey().proofParameters();
        assertNotNull(p.succinct());
        assertEquals(Keccak256.INSTANCE.name(), p.hash().name());
        assertTrue(p.security().bits() >= 80, p.security().toString());
        assertTrue(p.describe().contains("succinct"), p.describe());
        VerifyingKey vk = pk.verifyingKey();
        vk.write(dir.resolve("model.vk"));
        pk.write(dir.resolve("model.pk"));
        proof.write(dir.resolve("proof.bin"));
        VerifyingKey read = VerifyingKey.read(dir.resolve("model.vk"));
        assertEquals(p, read.proofParameters());
        assertArrayEquals(pk.encode(), ProvingKey.read(dir.resolve("model.pk")).encode());
        VerifiedInference v = new Verifier(read, 80).verify(InferenceProof.read(dir.resolve("proof.bin")), inputs);
        for (int b = 0; b < inputs.size(); b++) {
            assertArrayEquals(QuantizedExecutor.run(model, model.quantizeInput(inputs.get(b))).value(model.output()), v.outputs().get(b));
        }
    }

    @Test
    void proofsDoNotCarryOverToAnotherKeyOrOpening() throws Exception {
        ProvingKey ligero = ProvingKey.create(model, Postprocess.softmax(0), EVM.withOpening(CommitOptions.Opening.LIGERO));
        assertNull(ligero.verifyingKey().proofParameters().succinct());
        assertThrows(InvalidProofException.class, () -> new Verifier(ligero.verifyingKey(), 80).verify(proof, inputs));
        ProvingKey again = ProvingKey.create(model, Postprocess.softmax(0), EVM);
        assertThrows(InvalidProofException.class, () -> new Verifier(again.verifyingKey(), 80).verify(proof, inputs));
        List<float[]> other = List.of(KeysAndProofsTest.realInput(model, 4), inputs.get(1));
        assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 80).verify(proof, other));
        // A verifier demanding more than the key gives refuses before reading the proof.
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> new Verifier(pk.verifyingKey(), 120).verify(proof, inputs));
        assertTrue(e.getMessage().contains("bits"), e.getMessage());
    }

    @Test
    void aChangedByteIsRejectedNeverAccepted() throws Exception {
        byte[] good = proof.encode();
        for (int i = 0; i < good.length; i += Math.max(1, good.length / 300)) {
            byte[] bad = good.clone();
            bad[i] ^= 0x20;
            try {
                new Verifier(pk.verifyingKey(), 80).verify(InferenceProof.decode(bad, "proof"), inputs);
                fail("a proof with byte " + i + " changed verified");
            } catch (FileFormatException | InvalidProofException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Test
    void privateInputsProveAndVerify() throws Exception {
        InferenceProof hidden = new Prover(pk).prove(inputs, true, Progress.NONE);
        new Verifier(pk.verifyingKey(), 80).verify(hidden);
    }
}
