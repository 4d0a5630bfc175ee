package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training proofs in chunks chained by sealed boundaries: chunked proofs verify (with momentum,
 * so boundaries carry the previous weights too; proven by two workers; to public weights) and
 * train the same weights as one chunk; chunks swapped, dropped, re-partitioned, taken from another
 * run of the same training, a boundary replaced, a tampered chunk, and a prover whose boundary is not
 * the previous chunk's result are each rejected.
 */
class TrainingChunksTest {
    static final long[][] STEPS = {{1, 4, 7, 2}, {0, 3, 5, 9}, {6, 8, 2, 1}, {3, 0, 4, 6}, {9, 7, 5, 8}};
    static TrainingCircuitTest.Case c;
    static DatasetKey data;
    static TrainingProver.Statement statement;
    static TrainingProver.Result whole;
    static TrainingProver.Result chunked;

    @BeforeAll
    static void prove() throws Exception {
        c = TrainingCircuitTest.Case.random(11, new int[] {5, 8, 3}, new boolean[] {true, false}, TrainingProtocolTest.ROWS, 4, 8,
                TrainingSpec.Loss.CROSS_ENTROPY, 3);
        data = TrainingProtocolTest.dataset(c);
        TrainingSpec spec = new TrainingSpec(TrainingSpec.Loss.CROSS_ENTROPY, 4, TrainingProtocolTest.ROWS, 5, 3, 16, c.spec().rescale(),
                c.spec().format(), 6554, 32768, 0);
        statement = new TrainingProver.Statement(new byte[32], c.arch(), spec, c.weights(), c.biases(), STEPS);
        whole = TrainingProver.prove(statement, data, CommitOptions.DEFAULT, Progress.NONE);
        chunked = TrainingProver.prove(statement, data, CommitOptions.DEFAULT, Progress.NONE, new TrainingProver.Chunking(2, 1));
    }

    static void verify(TrainingProof proof) throws InvalidProofException {
        TrainingVerifier.verify(statement, data.description(), chunked.trained().verifyingKey(), proof);
    }

    static TrainingProof withChunks(TrainingChunks.Encoded e) {
        TrainingProof p = chunked.proof();
        return new TrainingProof(p.recipeDigest(), p.datasetDigest(), p.modelDigest(), p.steps(), e.encode());
    }

    static TrainingChunks.Encoded chunks(TrainingProof proof) throws FileFormatException {
        return TrainingChunks.Encoded.decode(proof.transcript(), STEPS.length);
    }

    @Test
    void chunkedProofsVerifyAndTrainTheSameWeights() throws Exception {
        assertEquals(3, chunks(chunked.proof()).steps().length, "5 steps in chunks of 2: 2, 2, 1");
        assertEquals(1, chunks(whole.proof()).steps().length);
        verify(TrainingProof.decode(chunked.proof().encode(), "proof"));
        TrainingVerifier.verify(statement, data.description(), whole.trained().verifyingKey(), whole.proof());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(whole.weights()[l], chunked.weights()[l]);
            assertArrayEquals(whole.biases()[l], chunked.biases()[l]);
        }
        TrainingProver.Result parallel = TrainingProver.prove(statement, data, CommitOptions.DEFAULT, Progress.NONE, new TrainingProver.Chunking(1, 2));
        assertEquals(5, chunks(parallel.proof()).steps().length);
        TrainingVerifier.verify(statement, data.description(), parallel.trained().verifyingKey(), parallel.proof());
        TrainingProver.PublicResult open = TrainingProver.proveToPublicWeights(statement, data, Progress.NONE, new TrainingProver.Chunking(3, 1));
        TrainingVerifier.verifyToPublicWeights(statement, data.description(), open.weights(), open.biases(), open.proof(), 100);
    }

    @Test
    void swappedDroppedOrRepartitionedChunksAreRejected() throws Exception {
        TrainingChunks.Encoded e = chunks(chunked.proof());
        byte[][] swapped = e.transcripts().clone();
        swapped[0] = e.transcripts()[1];
        swapped[1] = e.transcripts()[0];
        assertThrows(InvalidProofException.class, () -> verify(withChunks(new TrainingChunks.Encoded(e.steps(), e.boundaryRoots(), swapped))));
        InvalidProofException dropped = assertThrows(InvalidProofException.class, () -> verify(withChunks(new TrainingChunks.Encoded(
                Arrays.copyOf(e.steps(), 2), Arrays.copyOf(e.boundaryRoots(), 1), Arrays.copyOf(e.transcripts(), 2)))));
        assertTrue(dropped.getMessage().contains("steps in all"), dropped.getMessage());
        assertThrows(InvalidProofException.class, () -> verify(withChunks(new TrainingChunks.Encoded(new int[] {1, 3, 1}, e.boundaryRoots(),
                e.transcripts()))));
    }

    @Test
    void aChunkOrABoundaryFromAnotherRunIsRejected() throws Exception {
        TrainingProver.Result again = TrainingProver.prove(statement, data, CommitOptions.DEFAULT, Progress.NONE, new TrainingProver.Chunking(2, 1));
        TrainingChunks.Encoded mine = chunks(chunked.proof()), theirs = chunks(again.proof());
        for (int k = 0; k < 3; k++) { // the same training proven again: same steps, other boundaries and randomness
            byte[][] spliced = mine.transcripts().clone();
            spliced[k] = theirs.transcripts()[k];
            int chunk = k;
            InvalidProofException e = assertThrows(InvalidProofException.class,
                    () -> verify(withChunks(new TrainingChunks.Encoded(mine.steps(), mine.boundaryRoots(), spliced))));
            assertTrue(e.getMessage().startsWith("chunk "), "the failing chunk is named: " + e.getMessage() + " (spliced " + chunk + ")");
        }
        byte[][] roots = mine.boundaryRoots().clone();
        roots[1] = theirs.boundaryRoots()[1];
        assertThrows(InvalidProofException.class, () -> verify(withChunks(new TrainingChunks.Encoded(mine.steps(), roots, mine.transcripts()))));
        byte[][] tampered = mine.transcripts().clone();
        tampered[1] = tampered[1].clone();
        tampered[1][tampered[1].length / 2] ^= 8;
        InvalidProofException t = assertThrows(InvalidProofException.class,
                () -> verify(withChunks(new TrainingChunks.Encoded(mine.steps(), mine.boundaryRoots(), tampered))));
        assertTrue(t.getMessage().startsWith("chunk 2 of 3 (steps 3 to 4)"), t.getMessage());
    }

    /**
     * A prover that commits a boundary other than its previous chunk's result (the weights after
     * step 2 changed in one entry): the next chunk proves its steps from those weights, but the
     * chunk that ends at the boundary cannot, and the proof is rejected.
     */
    @Test
    void aBoundaryThatIsNotThePreviousChunksResultIsRejected() throws Exception {
        TrainingProtocol.Plan plan = statement.plan();
        long[][][] vectors = new long[STEPS.length + 1][][];
        vectors[0] = io.zkml4j.proof.witness.ModelVectors.build(TrainingStatement.circuit(statement.initialModel(), statement.spec()));
        for (int t = 0; t < STEPS.length; t++) {
            if (t == 2) {
                vectors[2] = Arrays.stream(vectors[2]).map(long[]::clone).toArray(long[][]::new);
                vectors[2][0][0] = io.zkml4j.core.field.Goldilocks.fromSigned(io.zkml4j.core.field.Goldilocks.toSigned(vectors[2][0][0]) + 1);
            }
            vectors[t + 1] = TrainingProtocol.nextWeights(plan, TrainingProtocol.stepWitness(plan, vectors[t], vectors[Math.max(0, t - 1)], STEPS[t],
                    data.values(), data.labels(), new java.util.Random(t), Witness.Deviation.HONEST));
        }
        io.zkml4j.core.pcs.LigeroParameters params = TrainingProver.proofParameters(statement, chunked.trained().proofParameters());
        TrainingChunks.Setting setting = new TrainingChunks.Setting(statement, plan, data.description(), vectors[0], params,
                TrainingProver.domainSeparator(chunked.trained().commitment().parameters(), data.description().commitment().parameters(), params));
        long[][][] trained = TrainingStatement.fromVectors(plan.circuit(4), vectors[STEPS.length]);
        ProvingKey key = ProvingKey.create(TrainingStatement.forwardModel(statement.architecture(), trained[0], trained[1], statement.spec().format()),
                io.zkml4j.model.quant.Postprocess.softmax(0), CommitOptions.DEFAULT);
        byte[] encoded = TrainingChunks.prove(setting, data, vectors, new TrainingProtocol.Trained.Committed(key.commitment()),
                new Prover(key).sealedCommitment(), 2, 1, Progress.NONE, Witness.Deviation.HONEST);
        TrainingProof proof = new TrainingProof(statement.recipeDigest(), data.description().digest(), key.verifyingKey().digest(), STEPS.length, encoded);
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> TrainingVerifier.verify(statement, data.description(), key.verifyingKey(), proof));
        assertTrue(e.getMessage().startsWith("chunk 1 of 3"), "the chunk that ends at the false boundary fails: " + e.getMessage());
    }

    /** A proof file of the format before chunks is refused with the reason, not misread. */
    @Test
    void aProofOfTheFormatBeforeChunksIsRefusedWithTheReason() {
        byte[] bytes = chunked.proof().encode();
        bytes[4] = 0;
        bytes[5] = 1; // the format version, after the magic
        FileFormatException e = assertThrows(FileFormatException.class, () -> TrainingProof.decode(bytes, "old.proof"));
        assertTrue(e.getMessage().contains("format 1") && e.getMessage().contains("prove the training again"), e.getMessage());
    }
}
