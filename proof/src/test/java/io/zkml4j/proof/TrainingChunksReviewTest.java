package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.core.util.ChaChaRandom;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A review of chunked training proofs from the attacker's side: a prover that builds the chunks
 * itself (its own partition, its own boundary contents, its own weights before a chunk's first
 * step), chunk encodings no prover makes, and statements whose parameters the chunks' boundaries
 * cannot reach.
 */
class TrainingChunksReviewTest {
    static final long[][] STEPS = TrainingChunksTest.STEPS;
    static TrainingCircuitTest.Case c;
    static DatasetKey data;
    static TrainingProver.Statement momentum;

    @BeforeAll
    static void setUp() throws Exception {
        c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, TrainingProtocolTest.ROWS, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        data = TrainingProtocolTest.dataset(c);
        momentum = statement(32768);
    }

    static TrainingProver.Statement statement(long momentum) {
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Loss.CROSS_ENTROPY, 4, TrainingProtocolTest.ROWS, 5, 3, 16, c.spec().rescale(),
                c.spec().format(), 6554, momentum, 0);
        return new TrainingProver.Statement(new byte[32], c.arch(), spec, c.weights(), c.biases(), STEPS);
    }

    /**
     * What a dishonest prover controls: the partition, the weights chunk k > 0 takes as W_{s−1}
     * before its first step s (null: the true ones), and the contents of boundary i (null: W_s and,
     * with momentum, W_{s−1}).
     */
    record Plan(int[] sizes, Map<Integer, long[][]> before, Map<Integer, List<long[]>> boundary, Map<Integer, Integer> firstStep) {
        Plan(int[] sizes, Map<Integer, long[][]> before, Map<Integer, List<long[]>> boundary) {
            this(sizes, before, boundary, Map.of());
        }

        static Plan honest(int... sizes) {
            return new Plan(sizes, new HashMap<>(), new HashMap<>());
        }
    }

    /** The weights with one entry moved by one. */
    static long[][] nudged(long[][] w) {
        long[][] out = Arrays.stream(w).map(long[]::clone).toArray(long[][]::new);
        out[0][0] = Goldilocks.fromSigned(Goldilocks.toSigned(out[0][0]) + 1);
        return out;
    }

    /**
     * Trains as the plan says (each chunk's first step from the plan's W_{s−1}), commits the
     * boundaries as it says, proves each chunk exactly as {@link TrainingChunks#prove} does, and
     * verifies the result: null when accepted, else the verifier's reason.
     */
    static String proveAndVerify(TrainingProver.Statement statement, Plan p) throws Exception {
        TrainingProtocol.Plan plan = statement.plan();
        boolean withPrevious = statement.spec().momentum() != 0;
        int n = p.sizes().length;
        int[] first = new int[n + 1];
        for (int k = 0; k < n; k++) {
            first[k + 1] = first[k] + p.sizes()[k];
        }
        assertEquals(STEPS.length, first[n]);
        long[][][] vectors = new long[STEPS.length + 1][][];
        vectors[0] = ModelVectors.build(TrainingStatement.circuit(statement.initialModel(), statement.spec()));
        long[][][] before = new long[n][][];
        for (int k = 1; k < n; k++) {
            before[k] = p.before().getOrDefault(k, null);
        }
        for (int t = 0; t < STEPS.length; t++) {
            long[][] previous = vectors[Math.max(0, t - 1)];
            for (int k = 1; k < n; k++) {
                if (t == first[k] && before[k] != null) {
                    previous = before[k];
                }
            }
            vectors[t + 1] = TrainingProtocol.nextWeights(plan, TrainingProtocol.stepWitness(plan, vectors[t], previous, STEPS[t], data.values(),
                    data.labels(), new java.util.Random(t), Witness.Deviation.HONEST));
        }
        long[][][] trained = TrainingStatement.fromVectors(plan.circuit(4), vectors[STEPS.length]);
        ProvingKey key = ProvingKey.create(TrainingStatement.forwardModel(statement.architecture(), trained[0], trained[1], statement.spec().format()),
                io.zkml4j.model.quant.Postprocess.softmax(0), CommitOptions.DEFAULT);
        LigeroParameters params = TrainingProver.proofParameters(statement, key.proofParameters());
        String domain = TrainingProver.domainSeparator(key.commitment().parameters(), data.description().commitment().parameters(), params);
        LigeroParameters boundaryParams = TrainingChunks.boundaryParameters(plan, params);
        SealedCommitment[] boundaries = new SealedCommitment[n + 1];
        for (int i = 1; i < n; i++) {
            List<long[]> tables = p.boundary().get(i);
            if (tables == null) {
                tables = new ArrayList<>(Arrays.asList(vectors[first[i]]));
                if (withPrevious) {
                    tables.addAll(Arrays.asList(before[i] != null ? before[i] : vectors[first[i] - 1]));
                }
            }
            boundaries[i] = SealedCommitment.commit(boundaryParams, tables, new ChaChaRandom());
        }
        SealedCommitment sealedData = data.recommit();
        DatasetCommitment description = data.description();
        byte[][] transcripts = new byte[n][];
        byte[][] roots = new byte[n - 1][];
        for (int k = 0; k < n; k++) {
            long[][] steps = Arrays.copyOfRange(STEPS, first[k], first[k + 1]);
            TrainingProtocol.Start start = k == 0 ? new TrainingProtocol.Start.Public(vectors[0])
                    : new TrainingProtocol.Start.Committed(boundaries[k].commitment(), withPrevious);
            TrainingProtocol.Trained end = k + 1 < n ? new TrainingProtocol.Trained.Committed(boundaries[k + 1].commitment(), withPrevious)
                    : new TrainingProtocol.Trained.Committed(key.commitment());
            TrainingProtocol.Statement s = new TrainingProtocol.Statement(statement.recipeDigest(), description.commitment(), description.digest(), steps,
                    start, end, p.firstStep().getOrDefault(k, first[k]));
            long[][] previous = k == 0 ? null : before[k] != null ? before[k] : vectors[first[k] - 1];
            TrainingProtocol.ProverInputs in = new TrainingProtocol.ProverInputs(plan, Arrays.copyOfRange(vectors, first[k], first[k + 1] + 1),
                    data.values(), data.labels(), sealedData, k + 1 < n ? boundaries[k + 1] : new Prover(key).sealedCommitment(), params, null, previous,
                    boundaries[k], 1);
            FiatShamirProver channel = new FiatShamirProver(params.hash(), n == 1 ? domain : domain + "|chunk " + (k + 1) + " of " + n);
            TrainingProtocol.prove(in, s, channel, new ChaChaRandom(), Progress.NONE, Witness.Deviation.HONEST);
            transcripts[k] = channel.proof();
            if (k > 0) {
                roots[k - 1] = boundaries[k].commitment().root();
            }
        }
        byte[] encoded = new TrainingChunks.Encoded(p.sizes(), roots, transcripts).encode();
        TrainingProof proof = new TrainingProof(statement.recipeDigest(), description.digest(), key.verifyingKey().digest(), STEPS.length, encoded);
        try {
            TrainingVerifier.verify(statement, description, key.verifyingKey(), proof);
            return null;
        } catch (InvalidProofException e) {
            return e.getMessage();
        }
    }

    /** The dishonest prover's machinery, run honestly, is accepted: what the tests below reject is their one deviation. */
    @Test
    void theChunkProverOfTheseTestsIsAcceptedWhenHonest() throws Exception {
        assertNull(proveAndVerify(momentum, Plan.honest(2, 1, 2)));
        assertNull(proveAndVerify(momentum, Plan.honest(1, 3, 1)));
    }

    /**
     * With momentum a boundary's second half is W_{s−1}, from which the next chunk's first velocity
     * is computed. A boundary whose second half is false (and a next chunk whose first step honestly
     * uses it) is caught by the chunk that ends there, for every way the previous chunk's W_{T−1} is
     * named: a step's new weights (chunk of 2 steps), the chunk's start boundary (chunk of 1 step
     * after the first), the public initial weights (a first chunk of 1 step).
     */
    @Test
    void aBoundaryWhosePreviousWeightsAreFalseIsRejected() throws Exception {
        long[][][] honest = honestVectors(momentum);
        // chunks 2, 1, 2: boundary 2 (at step 3) claims W_2' for W_2; chunk 2 (step 2 alone) names W_2 through its start boundary.
        String e = proveAndVerify(momentum, new Plan(new int[] {2, 1, 2}, Map.of(2, nudged(honest[2])), Map.of()));
        assertNotNull(e, "a false W_{s−1} in boundary 2 is accepted");
        assertTrue(e.startsWith("chunk 2 of 3"), e);
        // chunks 2, 2, 1: boundary 2 (at step 4) claims W_3'; chunk 2 names W_3 as step 2's new weights.
        e = proveAndVerify(momentum, new Plan(new int[] {2, 2, 1}, Map.of(2, nudged(honest[3])), Map.of()));
        assertNotNull(e, "a false W_{s−1} in boundary 2 is accepted");
        assertTrue(e.startsWith("chunk 2 of 3"), e);
        // chunks 1, 4: boundary 1 (at step 1) claims W_0'; chunk 1 names W_0 as the public initial weights.
        e = proveAndVerify(momentum, new Plan(new int[] {1, 4}, Map.of(1, nudged(honest[0])), Map.of()));
        assertNotNull(e, "a false W_{s−1} in boundary 1 is accepted");
        assertTrue(e.startsWith("chunk 1 of 2"), e);
    }

    /**
     * A true boundary, but the next chunk's first step computes its velocity from other weights
     * than the boundary's W_{s−1}: the step's claims on the previous weights go to the boundary's
     * second half, and the chunk fails.
     */
    @Test
    void aChunkWhoseFirstVelocityIsNotFromItsBoundaryIsRejected() throws Exception {
        long[][][] honest = honestVectors(momentum);
        List<long[]> trueBoundary = new ArrayList<>(Arrays.asList(honest[2]));
        trueBoundary.addAll(Arrays.asList(honest[1]));
        String e = proveAndVerify(momentum, new Plan(new int[] {2, 3}, Map.of(1, nudged(honest[1])), Map.of(1, trueBoundary)));
        assertNotNull(e, "a chunk whose first step uses a W_{s−1} not in its boundary is accepted");
        assertTrue(e.startsWith("chunk 2 of 2"), e);
    }

    /** A chunk proven as if it started at another step than the one its position gives it: its transcript binds its first step. */
    @Test
    void aChunkProvenForAnotherFirstStepIsRejected() throws Exception {
        String e = proveAndVerify(momentum, new Plan(new int[] {2, 3}, Map.of(), Map.of(), Map.of(1, 3)));
        assertNotNull(e, "a chunk proven for first step 3 is accepted at step 2");
        assertTrue(e.startsWith("chunk 2 of 2"), e);
    }

    /** A boundary whose two halves are swapped (W_{s−1} first) is rejected. */
    @Test
    void aBoundaryWithItsHalvesSwappedIsRejected() throws Exception {
        long[][][] honest = honestVectors(momentum);
        List<long[]> swapped = new ArrayList<>(Arrays.asList(honest[2]));
        swapped.addAll(0, Arrays.asList(honest[1]));
        String e = proveAndVerify(momentum, new Plan(new int[] {2, 3}, Map.of(), Map.of(1, swapped)));
        assertNotNull(e);
        assertTrue(e.startsWith("chunk 1 of 2"), e);
    }

    /**
     * Without momentum a boundary holds W_s alone (no step reads W_{s−1}: the circuit has no
     * previous-weights vector), and chunked proofs verify and train the weights one chunk trains.
     */
    @Test
    void withoutMomentumABoundaryHoldsTheWeightsAloneAndChunksVerify() throws Exception {
        TrainingProver.Statement plain = statement(0);
        TrainingProtocol.Plan plan = plain.plan();
        assertEquals(plan.circuit(4).modelVectors().size(), TrainingChunks.boundaryLayout(plan, STEPS).length);
        assertNull(proveAndVerify(plain, Plan.honest(2, 1, 2)));
        TrainingProver.Result whole = TrainingProver.prove(plain, data, CommitOptions.DEFAULT, Progress.NONE);
        TrainingProver.Result chunked = TrainingProver.prove(plain, data, CommitOptions.DEFAULT, Progress.NONE, new TrainingProver.Chunking(1, 2));
        TrainingVerifier.verify(plain, data.description(), chunked.trained().verifyingKey(), chunked.proof());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(whole.weights()[l], chunked.weights()[l]);
        }
    }

    static long[][][] honestVectors(TrainingProver.Statement statement) {
        TrainingProtocol.Plan plan = statement.plan();
        long[][][] vectors = new long[STEPS.length + 1][][];
        vectors[0] = ModelVectors.build(TrainingStatement.circuit(statement.initialModel(), statement.spec()));
        for (int t = 0; t < STEPS.length; t++) {
            vectors[t + 1] = TrainingProtocol.nextWeights(plan, TrainingProtocol.stepWitness(plan, vectors[t], vectors[Math.max(0, t - 1)], STEPS[t],
                    data.values(), data.labels(), new java.util.Random(t), Witness.Deviation.HONEST));
        }
        return vectors;
    }

    /** Chunk encodings no prover makes are rejected as invalid proofs (no other exception escapes the verifier). */
    @Test
    void absurdChunkEncodingsAreInvalidProofs() throws Exception {
        TrainingProver.Statement statement = momentum;
        TrainingProver.Result r = TrainingProver.prove(statement, data, CommitOptions.DEFAULT, Progress.NONE, new TrainingProver.Chunking(2, 1));
        VerifyingKey vk = r.trained().verifyingKey();
        TrainingProof good = r.proof();
        java.util.function.Function<byte[], Executable> verifying = bytes -> () -> TrainingVerifier.verify(statement, data.description(), vk,
                new TrainingProof(good.recipeDigest(), good.datasetDigest(), good.modelDigest(), good.steps(), bytes));
        byte[] root = new byte[32];
        List<byte[]> absurd = new ArrayList<>();
        absurd.add(new byte[0]);
        absurd.add(new BinaryWriter().i32(0).toByteArray());
        absurd.add(new BinaryWriter().i32(-1).toByteArray());
        absurd.add(new BinaryWriter().i32(Integer.MAX_VALUE).toByteArray());
        absurd.add(new BinaryWriter().i32(6).toByteArray());
        absurd.add(new BinaryWriter().i32(1).i32(Integer.MAX_VALUE).bytes(new byte[0]).toByteArray());
        absurd.add(new BinaryWriter().i32(1).i32(5).i32(Integer.MAX_VALUE).toByteArray());
        absurd.add(new BinaryWriter().i32(1).i32(5).i32(-5).toByteArray());
        absurd.add(new BinaryWriter().i32(1).i32(5).bytes(new byte[0]).toByteArray());
        absurd.add(new BinaryWriter().i32(1).i32(5).bytes(new byte[0]).i32(0).toByteArray());
        absurd.add(new BinaryWriter().i32(2).i32(2).raw(root).bytes(new byte[0]).i32(-2).bytes(new byte[0]).toByteArray());
        absurd.add(new BinaryWriter().i32(2).i32(Integer.MAX_VALUE).raw(root).bytes(new byte[0]).i32(Integer.MIN_VALUE + 5).bytes(new byte[0]).toByteArray());
        BinaryWriter ones = new BinaryWriter().i32(5);
        for (int k = 0; k < 5; k++) {
            ones.i32(1);
            if (k < 4) {
                ones.raw(root);
            }
            ones.bytes(new byte[0]);
        }
        absurd.add(ones.toByteArray());
        BinaryWriter garbage = new BinaryWriter().i32(5);
        for (int k = 0; k < 5; k++) {
            garbage.i32(1);
            if (k < 4) {
                garbage.raw(root);
            }
            garbage.bytes(new byte[] {'Z', 'K', 'M', 'L', 1, 0, -1, -1, -1, 127});
        }
        absurd.add(garbage.toByteArray());
        TrainingChunks.Encoded e = TrainingChunksTest.chunks(good);
        byte[][] truncated = e.transcripts().clone();
        truncated[2] = Arrays.copyOf(truncated[2], truncated[2].length / 2);
        absurd.add(new TrainingChunks.Encoded(e.steps(), e.boundaryRoots(), truncated).encode());
        byte[] trailing = Arrays.copyOf(good.transcript(), good.transcript().length + 1);
        absurd.add(trailing);
        for (int i = 0; i < absurd.size(); i++) {
            Executable run = verifying.apply(absurd.get(i));
            int index = i;
            InvalidProofException thrown = assertThrows(InvalidProofException.class, run, "encoding " + index);
            assertNotNull(thrown.getMessage());
        }
        assertDoesNotThrow(verifying.apply(good.transcript()));
    }

    static io.zkml4j.model.data.LabelledDataset labelled() {
        double[][] doubles = new double[TrainingProtocolTest.ROWS][];
        for (int r = 0; r < doubles.length; r++) {
            doubles[r] = Arrays.stream(c.values()[r]).mapToDouble(v -> Math.scalb((double) v, -8)).toArray();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.values()[0].length; i++) {
            names.add("f" + i);
        }
        return new io.zkml4j.model.data.LabelledDataset(names, doubles, c.labels());
    }

    /**
     * A statement whose proof parameters are below what a commitment can be made with (here a
     * dataset committed at 60 bits, proven to public weights as a federated participant does): the
     * verifier must say the proof is invalid (too weak), as it did before chunks, not throw an
     * unchecked exception while deriving the boundaries' parameters (a coordinator catches
     * invalid proofs only).
     */
    @Test
    void aWeakStatementIsAnInvalidProofNotACrash() throws Exception {
        DatasetKey weak = DatasetKey.commit(labelled(), new DatasetKey.Options(60, CommitOptions.DEFAULT.hash(),
                io.zkml4j.model.data.FixedPointEncoding.DEFAULT_MAX_FRACTION_BITS).declared(8, 16, 3));
        long[][] w = c.weights(), b = c.biases();
        LigeroParameters params = TrainingProver.publicParameters(momentum, weak.description());
        byte[] header = new FiatShamirProver(params.hash(), TrainingProver.publicDomainSeparator(weak.description().commitment().parameters(), params))
                .proof(); // a transcript that is all header: the verifier reads nothing before its security check
        byte[] oneChunk = new BinaryWriter().i32(1).i32(STEPS.length).bytes(header).toByteArray();
        TrainingProof proof = new TrainingProof(new byte[32], weak.description().digest(), TrainingStatement.publicDigest(w, b), STEPS.length, oneChunk);
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> TrainingVerifier.verifyToPublicWeights(momentum, weak.description(), w, b, proof, 100));
        assertTrue(e.getMessage().contains("bits"), e.getMessage());
        byte[] twoChunks = new BinaryWriter().i32(2).i32(2).raw(new byte[32]).bytes(new byte[16]).i32(3).bytes(new byte[16]).toByteArray();
        TrainingProof chunked = new TrainingProof(new byte[32], weak.description().digest(), TrainingStatement.publicDigest(w, b), STEPS.length, twoChunks);
        e = assertThrows(InvalidProofException.class, () -> TrainingVerifier.verifyToPublicWeights(momentum, weak.description(), w, b, chunked, 100));
        assertTrue(e.getMessage().contains("bits"), e.getMessage());
    }
}
