package io.zkml4j.proof;

import io.zkml4j.core.pcs.HidingBudgetExhaustedException;
import io.zkml4j.core.transcript.InteractiveLink;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.FileFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The public API end to end: keys, proof files, verification, tampering, hiding across proofs, live mode. */
class KeysAndProofsTest {
    static final CommitOptions OPTIONS = CommitOptions.DEFAULT.withSecurityBits(80);
    static QuantizedModel model;
    static ProvingKey pk;
    static VerifyingKey vk;
    static InferenceProof proof;
    static List<float[]> inputs;

    static float[] realInput(QuantizedModel m, long seed) {
        long[] q = TestModels.input(m.inputSpec().size(), seed);
        float[] x = new float[q.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (q[i] * m.inputSpec().scale());
        }
        return x;
    }

    @BeforeAll
    static void proveOnce() throws Exception {
        model = TestModels.mlp(40, 20, 10, Activation.RELU, 1);
        pk = ProvingKey.create(model, Postprocess.softmax(0), OPTIONS);
        vk = pk.verifyingKey();
        inputs = List.of(realInput(model, 2), realInput(model, 3));
        proof = new Prover(pk).prove(inputs, false, Progress.NONE);
    }

    private static Verifier verifier(VerifyingKey key) {
        return new Verifier(key, 80);
    }

    @Test
    void proofRoundTripsThroughFilesAndVerifies(@TempDir Path dir) throws Exception {
        pk.write(dir.resolve("model.pk"));
        vk.write(dir.resolve("model.vk"));
        proof.write(dir.resolve("proof.bin"));
        VerifyingKey vk2 = VerifyingKey.read(dir.resolve("model.vk"));
        assertArrayEquals(vk.digest(), vk2.digest());
        assertArrayEquals(pk.encode(), ProvingKey.read(dir.resolve("model.pk")).encode());
        VerifiedInference v = verifier(vk2).verify(InferenceProof.read(dir.resolve("proof.bin")), inputs);
        for (int b = 0; b < inputs.size(); b++) {
            long[] expected = QuantizedExecutor.run(model, model.quantizeInput(inputs.get(b))).value(model.output());
            assertArrayEquals(expected, v.outputs().get(b));
            assertEquals(1.0, Arrays.stream(v.probabilities().get(b)).sum(), 1e-9);
        }
        assertTrue(v.securityBits() >= 80);
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("model.pk"))));
        }
    }

    @Test
    void aMissingKeyOrProofFileIsAFormatErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("absent.bin");
        for (org.junit.jupiter.api.function.Executable read : List.<org.junit.jupiter.api.function.Executable>of(
                () -> VerifyingKey.read(missing), () -> ProvingKey.read(missing), () -> InferenceProof.read(missing))) {
            FileFormatException e = assertThrows(FileFormatException.class, read);
            assertEquals(missing + ": no such file", e.getMessage());
        }
    }

    @Test
    void verifyingKeyHoldsNoWeights() {
        for (QLayer l : vk.architecture().layers()) {
            if (l instanceof QLayer.Dense d) {
                assertEquals(0, d.weight().length);
                assertEquals(0, d.bias().length);
            }
        }
        assertFalse(vk.weightsPublic());
        assertEquals(model.parameterCount(), vk.parameterCount());
    }

    @Test
    void proofForAnotherInputOrModelIsRejected() throws Exception {
        List<float[]> other = List.of(realInput(model, 4), inputs.get(1));
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> verifier(vk).verify(proof, other));
        assertTrue(e.getMessage().contains("another input"), e.getMessage());

        ProvingKey otherPk = ProvingKey.create(TestModels.mlp(40, 20, 10, Activation.RELU, 9), Postprocess.NONE, OPTIONS);
        e = assertThrows(InvalidProofException.class, () -> verifier(otherPk.verifyingKey()).verify(proof));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());

        // The same model committed again (fresh randomness) is another key: the proof does not carry over.
        ProvingKey again = ProvingKey.create(model, Postprocess.softmax(0), OPTIONS);
        assertThrows(InvalidProofException.class, () -> verifier(again.verifyingKey()).verify(proof));
    }

    @Test
    void changedStatementIsRejected() {
        List<long[]> outputs = new ArrayList<>(proof.outputs());
        long[] y = outputs.get(1).clone();
        y[0] += 1;
        outputs.set(1, y);
        InferenceProof forged = new InferenceProof(proof.modelDigest(), false, proof.inputs(), outputs, proof.transcript());
        assertThrows(InvalidProofException.class, () -> verifier(vk).verify(forged));
        List<long[]> swapped = List.of(proof.outputs().get(1), proof.outputs().get(0));
        InferenceProof swap = new InferenceProof(proof.modelDigest(), false, List.of(proof.inputs().get(1), proof.inputs().get(0)), swapped,
                proof.transcript());
        assertThrows(InvalidProofException.class, () -> verifier(vk).verify(swap));
        // Claiming the input was private does not make the proof verify either.
        InferenceProof hidden = new InferenceProof(proof.modelDigest(), true, null, proof.outputs(), proof.transcript());
        assertThrows(InvalidProofException.class, () -> verifier(vk).verify(hidden));
    }

    @Test
    void tamperedProofFileIsRejectedNeverAccepted() throws Exception {
        byte[] good = proof.encode();
        for (int i = 0; i < good.length; i += Math.max(1, good.length / 400)) {
            byte[] bad = good.clone();
            bad[i] ^= 0x40;
            try {
                verifier(vk).verify(InferenceProof.decode(bad, "proof"));
                fail("a proof with byte " + i + " changed verified");
            } catch (FileFormatException | InvalidProofException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Test
    void truncatedOrForeignFilesFailWithAClearMessage() {
        interface Decoder {
            void decode(byte[] data) throws FileFormatException;
        }
        Map<byte[], Decoder> files = Map.of(proof.encode(), d -> InferenceProof.decode(d, "f"), vk.encode(), d -> VerifyingKey.decode(d, "f"),
                pk.encode(), d -> ProvingKey.decode(d, "f"));
        files.forEach((file, decoder) -> {
            for (int cut : new int[] {0, 3, 7, 40, file.length / 2, file.length - 9, file.length - 1}) {
                byte[] part = Arrays.copyOf(file, cut);
                FileFormatException e = assertThrows(FileFormatException.class, () -> decoder.decode(part));
                assertTrue(e.getMessage().startsWith("f: "), e.getMessage());
            }
        });
        FileFormatException e = assertThrows(FileFormatException.class, () -> VerifyingKey.decode(proof.encode(), "x.vk"));
        assertTrue(e.getMessage().contains("not a zkml4j verifying key"), e.getMessage());
        byte[] trailing = Arrays.copyOf(vk.encode(), vk.encode().length + 1);
        e = assertThrows(FileFormatException.class, () -> VerifyingKey.decode(trailing, "x.vk"));
        assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
    }

    @Test
    void publicWeightsAreCheckedAgainstTheCommitment() throws Exception {
        ProvingKey publicPk = ProvingKey.create(model, Postprocess.NONE, OPTIONS.withPublicWeights(true));
        VerifyingKey publicVk = VerifyingKey.decode(publicPk.verifyingKey().encode(), "public.vk");
        assertTrue(publicVk.weightsPublic());
        InferenceProof p = new Prover(publicPk).prove(inputs.subList(0, 1), false, Progress.NONE);
        verifier(publicVk).verify(p);
        // Change one weight in the published key: it no longer matches the commitment.
        byte[] bytes = publicVk.encode();
        byte[] changed = null;
        for (int i = 200; i < bytes.length && changed == null; i++) {
            byte[] c = bytes.clone();
            c[i] ^= 1;
            try {
                VerifyingKey.decode(c, "public.vk");
            } catch (FileFormatException e) {
                if (e.getMessage().contains("do not match the commitment")) {
                    changed = c;
                }
            }
        }
        assertNotNull(changed, "no single-bit change of a weight was detected");
    }

    /**
     * The review's third attack, gone: copies of one key on two "servers" serve many proofs, the
     * key files never change, and no value of the encoded weight matrix appears in any proof
     * (with the budgeted commitment, each proof carried t of its columns verbatim).
     */
    @Test
    void copiesOfOneKeyServeManyProofsAndNoProofCarriesAWeightColumn(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("model.pk");
        pk.write(file);
        byte[] before = java.nio.file.Files.readAllBytes(file);
        Prover a = new Prover(ProvingKey.read(file));
        Prover b = new Prover(ProvingKey.read(file));
        java.util.Set<Long> secret = new java.util.HashSet<>();
        io.zkml4j.core.sealed.SealedCommitment sealed = ModelCommitter.commit(ModelCommitter.vectors(model), pk.commitment().parameters(), pk.seed());
        for (int c = 0; c < pk.commitment().parameters().codeLength(); c++) {
            for (long v : sealed.column(c)) {
                if (Long.compareUnsigned(v, 1 << 16) > 0 && Long.compareUnsigned(v, io.zkml4j.core.field.Goldilocks.P - (1 << 16)) < 0) { // small values occur anywhere by chance
                    secret.add(v);
                }
            }
        }
        assertTrue(secret.size() > 1000, "the encoded weights give distinctive values");
        for (int i = 0; i < 6; i++) {
            InferenceProof p = (i % 2 == 0 ? a : b).prove(inputs, i % 3 == 0, Progress.NONE);
            verifier(vk).verify(InferenceProof.decode(p.encode(), "p"));
            byte[] bytes = p.encode();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + 8 <= bytes.length; at++) {
                assertFalse(secret.contains(buf.getLong(at)), "proof " + i + " carries a value of the weight matrix at byte " + at);
            }
        }
        assertArrayEquals(before, java.nio.file.Files.readAllBytes(file), "proving must not write to the key");
    }

    /** Keys and proofs of version 1 (budgeted, opened commitment) are refused by name, not misread. */
    @Test
    void versionOneFilesAreRefusedWithAReason() {
        byte[] oldKey = pk.encode().clone();
        oldKey[4] = 0;
        oldKey[5] = 1;
        io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                () -> ProvingKey.decode(oldKey, "old.pk"));
        assertTrue(e.getMessage().contains("commit the model again"), e.getMessage());
        byte[] oldVk = vk.encode().clone();
        oldVk[4] = 0;
        oldVk[5] = 1;
        e = assertThrows(io.zkml4j.proof.format.FileFormatException.class, () -> VerifyingKey.decode(oldVk, "old.vk"));
        assertTrue(e.getMessage().contains("commit the model again"), e.getMessage());
        byte[] oldProof = proof.encode().clone();
        oldProof[4] = 0;
        oldProof[5] = 1;
        e = assertThrows(io.zkml4j.proof.format.FileFormatException.class, () -> InferenceProof.decode(oldProof, "old.proof"));
        assertTrue(e.getMessage().contains("prove again"), e.getMessage());
    }

    @Test
    void privateInputProof() throws Exception {
        InferenceProof p = new Prover(pk).prove(inputs, true, Progress.NONE);
        assertNull(p.inputs());
        InferenceProof decoded = InferenceProof.decode(p.encode(), "p");
        VerifiedInference v = verifier(vk).verify(decoded);
        assertNull(v.inputs());
        assertArrayEquals(proof.outputs().get(0), v.outputs().get(0));
        assertThrows(IllegalArgumentException.class, () -> verifier(vk).verify(decoded, inputs));
    }

    @Test
    void outOfRangeQuantisedInputsAreRefused() throws Exception {
        Prover prover = new Prover(pk);
        long[] x = prover.quantize(inputs).get(0).clone();
        x[3] = 1 << 20;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prover.proveQuantized(List.of(x), true, Progress.NONE));
        assertTrue(e.getMessage().contains("outside the 16-bit range"), e.getMessage());
        long[] big = proof.outputs().get(0).clone();
        big[0] = 1 << 20;
        InferenceProof forged = new InferenceProof(proof.modelDigest(), false, proof.inputs(), List.of(big, proof.outputs().get(1)),
                proof.transcript());
        InvalidProofException rejected = assertThrows(InvalidProofException.class, () -> verifier(vk).verify(forged));
        assertTrue(rejected.getMessage().contains("16-bit"), rejected.getMessage());
    }

    /**
     * The review's second attack, live: a verifier runs every check, keeps all it received and hangs
     * up instead of answering. Before, what it received held t weight columns per session that the
     * key never counted; now it holds no value of the encoded weight matrix at all.
     */
    @Test
    void aLiveVerifierThatHangsUpHasReceivedNoWeightColumn() throws Exception {
        java.util.Set<Long> secret = new java.util.HashSet<>();
        io.zkml4j.core.sealed.SealedCommitment sealed = ModelCommitter.commit(ModelCommitter.vectors(model), pk.commitment().parameters(), pk.seed());
        for (int c = 0; c < pk.commitment().parameters().codeLength(); c++) {
            for (long v : sealed.column(c)) {
                if (Long.compareUnsigned(v, 1 << 16) > 0 && Long.compareUnsigned(v, io.zkml4j.core.field.Goldilocks.P - (1 << 16)) < 0) {
                    secret.add(v);
                }
            }
        }
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> attacker = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    java.io.InputStream tee = new java.io.FilterInputStream(s.getInputStream()) {
                        @Override
                        public int read() throws java.io.IOException {
                            int b = super.read();
                            if (b >= 0) {
                                received.write(b);
                            }
                            return b;
                        }

                        @Override
                        public int read(byte[] buf, int off, int len) throws java.io.IOException {
                            int n = super.read(buf, off, len);
                            if (n > 0) {
                                received.write(buf, off, n);
                            }
                            return n;
                        }
                    };
                    InteractiveLink link = new InteractiveLink(tee, s.getOutputStream(), s);
                    InferenceProof statement = InferenceProof.decode(link.receiveFrame(1 << 28), "statement");
                    io.zkml4j.proof.circuit.Circuit circuit = CircuitCompiler.compile(vk.architecture(), statement.batch(),
                            new io.zkml4j.proof.circuit.Circuit.Options(false));
                    InferenceProtocol.verify(circuit, vk.commitment(), vk.proofParameters(), vk.digest(), statement.inputs(), statement.outputs(),
                            new io.zkml4j.core.transcript.InteractiveVerifier(link, InferenceProtocol.domainSeparator(vk.commitment(),
                                    vk.proofParameters()), new java.security.SecureRandom()), 0);
                    // every check passed; hang up without a verdict
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); InteractiveLink link = InteractiveLink.over(s)) {
                Prover prover = new Prover(pk);
                assertThrows(java.io.IOException.class, () -> prover.proveInteractive(prover.quantize(inputs), false, link, Progress.NONE));
            }
            attacker.get();
        }
        byte[] bytes = received.toByteArray();
        assertTrue(bytes.length > 100_000, "the session carried a whole proof: " + bytes.length + " bytes");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 8 <= bytes.length; at++) {
            assertFalse(secret.contains(buf.getLong(at)), "the verifier received a value of the weight matrix at byte " + at);
        }
    }

    @Test
    void liveProofOverLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Object> verdict = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InteractiveLink link = InteractiveLink.over(s)) {
                    return verifier(vk).verifyInteractive(link, null);
                } catch (Exception e) {
                    return e;
                }
            });
            String answer;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); InteractiveLink link = InteractiveLink.over(s)) {
                Prover prover = new Prover(pk);
                answer = prover.proveInteractive(prover.quantize(inputs), false, link, Progress.NONE);
            }
            assertEquals("valid", answer);
            VerifiedInference v = assertInstanceOf(VerifiedInference.class, verdict.get());
            assertArrayEquals(proof.outputs().get(1), v.outputs().get(1));
        }
    }
}
