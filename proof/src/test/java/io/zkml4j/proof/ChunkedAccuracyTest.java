package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy proofs in chunks: 37 rows in chunks of 8 (five chunks, the last with 5 real rows and 3
 * padding rows). Honest proofs verify with the plain count; a prover that states another count,
 * proves one chunk's rows in another's place, counts the last chunk's padding rows, or a proof
 * whose chunk size is changed, is rejected.
 */
class ChunkedAccuracyTest {
    static final QuantizedModel MODEL = AccuracyProofTest.MODEL;
    static final int ROWS = 37;
    static final int CHUNK = 8;
    static ProvingKey pk;
    static Prover prover;
    static DatasetKey data;
    static int plain;
    static AccuracyProof honest;

    @BeforeAll
    static void setUp() throws Exception {
        pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        prover = new Prover(pk);
        data = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(ROWS, 20, 10, 5), 2), DatasetKey.Options.DEFAULT);
        plain = AccuracySoundnessTest.plainCount(MODEL, data);
        honest = new AccuracyProver(prover).prove(data, CHUNK, Progress.NONE).proof();
    }

    private static VerifiedAccuracy verify(AccuracyProof proof) throws InvalidProofException {
        return new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), proof);
    }

    private static AccuracyProof dishonest(DatasetKey used, Witness.Deviation deviation, int countOffset) throws FileFormatException {
        return new AccuracyProver(prover).prove(data, used, CHUNK, Progress.NONE, deviation, countOffset).proof();
    }

    @Test
    void honestChunkedProofsVerifyWithThePlainCount() throws Exception {
        assertEquals(CHUNK, honest.chunkRows());
        VerifiedAccuracy v = verify(AccuracyProof.decode(honest.encode(), "chunked.proof"));
        assertEquals(plain, v.correct());
        assertEquals(ROWS, v.total());
        assertTrue(plain > 0 && plain < ROWS, "the count is neither 0 nor all: " + plain);
        AccuracyProof twoChunks = new AccuracyProver(prover).prove(data, 32, Progress.NONE).proof();
        assertEquals(plain, verify(twoChunks).correct());
    }

    /** A prover short of memory builds each chunk's witness again from the chunk's seed: the same vectors and masks, so the proof verifies. */
    @Test
    void witnessesBuiltAgainForEachStepGiveAValidProof() throws Exception {
        AccuracySpec spec = AccuracyStatement.spec(MODEL, data.description());
        AccuracyProtocol.Chunks chunks = AccuracyStatement.chunks(MODEL, spec, CHUNK);
        io.zkml4j.core.pcs.LigeroParameters params = AccuracyStatement.parameters(chunks, pk.verifyingKey().proofParameters());
        io.zkml4j.core.transcript.FiatShamirProver channel = new io.zkml4j.core.transcript.FiatShamirProver(params.hash(),
                AccuracyStatement.domainSeparator(prover.sealedCommitment().commitment().parameters(), data.description().commitment().parameters(),
                        params));
        AccuracyProtocol.prove(new AccuracyProtocol.ProverInputs(chunks, prover.sealedCommitment(), prover.modelVectors(), params,
                AccuracyProver.inputs(data, spec.rescale()), data.recommit(), DatasetKey.tables(data.values(), data.labels())),
                new AccuracyProtocol.Statement(data.description().commitment(), data.description().digest(), plain, CHUNK),
                pk.verifyingKey().digest(), channel, new java.util.Random(3), Progress.NONE, Witness.Deviation.HONEST, false);
        AccuracyProof proof = new AccuracyProof(pk.verifyingKey().digest(), data.description().digest(), ROWS, plain, CHUNK, channel.proof());
        assertEquals(plain, verify(proof).correct());
    }

    @Test
    void aCountOffByOneIsRejected() throws Exception {
        for (int offset : new int[] {1, -1}) {
            AccuracyProof lie = dishonest(data, Witness.Deviation.HONEST, offset);
            assertThrows(InvalidProofException.class, () -> verify(lie), "offset " + offset);
        }
    }

    @Test
    void aProofWithAnotherChunkSizeIsRejected() {
        for (int other : new int[] {4, 16, 64}) {
            AccuracyProof edited = new AccuracyProof(honest.modelDigest(), honest.datasetDigest(), ROWS, honest.correct(), other, honest.transcript());
            assertThrows(InvalidProofException.class, () -> verify(edited), "chunk rows " + other);
        }
    }

    /** The witness of chunk 2 (rows 16–23) made from chunk 1's rows and labels: each chunk is tied to its own rows. */
    @Test
    void provingOneChunksRowsInAnothersPlaceIsRejected() throws Exception {
        long[][] values = data.values().clone(); // the key's own rows stay as they are
        int[] labels = data.labels();
        for (int r = 0; r < CHUNK; r++) {
            values[2 * CHUNK + r] = values[CHUNK + r].clone();
            labels[2 * CHUNK + r] = labels[CHUNK + r];
        }
        AccuracyProof swapped = dishonest(data.withData(values, labels), Witness.Deviation.HONEST, 0);
        assertThrows(InvalidProofException.class, () -> verify(swapped));
    }

    /** Labels on the last chunk's three padding rows at their predictions (a zero row's), and the count raised by three. */
    @Test
    void countingTheLastChunksPaddingRowsIsRejected() throws Exception {
        long[] zeroRow = QuantizedExecutor.run(MODEL, AccuracyProver.input(new long[20], AccuracyStatement.spec(MODEL, data.description()).rescale()))
                .value(MODEL.output());
        int predicted = AccuracyReviewSoundnessChecksTest.ARGMAX.apply(0, zeroRow)[0];
        BiFunction<Integer, Integer, int[]> cheatL = (b, l) -> l < 0 ? new int[] {predicted} : new int[] {l};
        AccuracyReviewSupport.Rewrite rewrite = new AccuracyReviewSupport.Rewrite(AccuracyReviewSoundnessChecksTest.ARGMAX, cheatL, (b, m) -> m);
        AccuracyProof lie = dishonest(data, rewrite, 3);
        assertThrows(InvalidProofException.class, () -> verify(lie));
        AccuracyProof sameRewriteHonestCount = dishonest(data, new AccuracyReviewSupport.Rewrite(AccuracyReviewSoundnessChecksTest.ARGMAX,
                AccuracyReviewSoundnessChecksTest.LABEL, (b, m) -> m), 0);
        assertEquals(plain, verify(sameRewriteHonestCount).correct()); // the rewrite itself is consistent: only the padding labels object
    }

    /** From review: more chunks than a verifier checks are refused by the prover before any work, and by the verifier from the header. */
    @Test
    void moreChunksThanAVerifierChecksAreRefusedOnBothSides() throws Exception {
        int rows = AccuracyProtocol.MAX_CHUNKS + 1;
        DatasetKey big = DatasetKey.commit(AccuracyProofTest.dataset(rows, 20, 10, 9), DatasetKey.Options.DEFAULT);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new AccuracyProver(prover).prove(big, 1, Progress.NONE));
        assertTrue(refused.getMessage().contains("chunks"), refused.getMessage());
        AccuracyProof header = new AccuracyProof(pk.verifyingKey().digest(), big.description().digest(), rows, 0, 1, honest.transcript());
        InvalidProofException invalid = assertThrows(InvalidProofException.class,
                () -> new AccuracyVerifier(pk.verifyingKey()).verify(big.description(), header));
        assertTrue(invalid.getMessage().contains("chunks"), invalid.getMessage());
        assertTrue(AccuracyStatement.defaultChunkRows(MODEL, AccuracyStatement.spec(MODEL, big.description())) >= 2, "the default keeps within the bound");
    }

    @Test
    void rowsPerChunkMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new AccuracyProver(prover).prove(data, 12, Progress.NONE));
        AccuracyProof odd = new AccuracyProof(honest.modelDigest(), honest.datasetDigest(), ROWS, honest.correct(), 12, honest.transcript());
        assertThrows(FileFormatException.class, () -> AccuracyProof.decode(odd.encode(), "odd.proof"));
        assertThrows(InvalidProofException.class, () -> verify(odd)); // built through the API, not decoded: invalid, not a crash
    }

    @Test
    void largeProofsCommitAtRateOneHalfAtTheKeysSecurity() {
        io.zkml4j.core.pcs.LigeroParameters key = pk.verifyingKey().proofParameters();
        assertEquals(2, key.logCodeLength() - key.logRowWidth(), "the model key's code has rate 1/4");
        assertEquals(2, AccuracyStatement.oneTimeLogBlowup(AccuracyStatement.HALF_RATE_ELEMENTS, key));
        assertEquals(1, AccuracyStatement.oneTimeLogBlowup(AccuracyStatement.HALF_RATE_ELEMENTS + 1, key));
        for (long elements : new long[] {AccuracyStatement.HALF_RATE_ELEMENTS, AccuracyStatement.HALF_RATE_ELEMENTS + 1, 1L << 27}) {
            io.zkml4j.core.pcs.LigeroParameters p = AccuracyStatement.parameters(elements, key, AccuracyStatement.oneTimeLogBlowup(elements, key));
            assertEquals(AccuracyStatement.oneTimeLogBlowup(elements, key), p.logCodeLength() - p.logRowWidth());
            assertTrue(p.security().bits() >= Math.floor(key.security().bits()), elements + " values: " + p.security().bits() + " bits");
        }
        // A proof made at the other rate runs another transcript: the rate is in the domain separator.
        long elements = AccuracyStatement.HALF_RATE_ELEMENTS + 1;
        io.zkml4j.core.pcs.LigeroParameters modelSealed = prover.sealedCommitment().commitment().parameters();
        io.zkml4j.core.pcs.LigeroParameters dataSealed = data.description().commitment().parameters();
        assertNotEquals(AccuracyStatement.domainSeparator(modelSealed, dataSealed, AccuracyStatement.parameters(elements, key, 1)),
                AccuracyStatement.domainSeparator(modelSealed, dataSealed, AccuracyStatement.parameters(elements, key, 2)));
    }

    @Test
    void theDefaultChunkHoldsEveryRowOfASmallDatasetAndAThousandRowsOfAnMlp() {
        AccuracySpec spec = AccuracyStatement.spec(MODEL, data.description());
        assertEquals(64, AccuracyStatement.defaultChunkRows(MODEL, spec)); // 37 rows: one chunk
        int large = AccuracyStatement.defaultChunkRows(MODEL, spec.chunk(1 << 14, 1 << 14));
        assertTrue(large >= 1024 && large <= AccuracyStatement.MAX_CHUNK_ROWS, "rows per chunk for a small MLP: " + large);
        assertTrue(AccuracyStatement.committedElements(AccuracyStatement.circuit(MODEL, spec.chunk(large, large))) <= AccuracyStatement.CHUNK_ELEMENTS);
    }
}
