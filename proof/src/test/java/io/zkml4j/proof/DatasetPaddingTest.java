package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.hash.Poseidon2Sponge;
import io.zkml4j.core.pcs.Commitment;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.sealed.SealedOpening;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A dataset commitment's padding rows (past the real rows, up to a power of two) are zero, and
 * its sealed layout stores only the commitment rows that real rows reach: the rest is neither
 * encoded nor hashed, nor representable. Accuracy proofs whose chunks reach the padding rows run
 * the model on a zero row's input there and count only the real rows.
 */
class DatasetPaddingTest {
    /** 37 rows of 20 features: blocks of 32, 64 padded rows, features 2^11 values in rows of 2^9: 3 of 4 rows stored. */
    static final int ROWS = 37;
    static DatasetKey data;

    @BeforeAll
    static void setUp() throws Exception {
        data = DatasetKey.commit(AccuracyProofTest.dataset(ROWS, 20, 10, 3), DatasetKey.Options.DEFAULT);
    }

    @Test
    void paddingRowsAreZeroAndOnlyTheRowsThatHoldDataAreStored() throws Exception {
        long[][] tables = DatasetKey.tables(data.values(), data.labels());
        assertEquals(64 * 32, tables[0].length);
        for (int i = ROWS * 32; i < tables[0].length; i++) {
            assertEquals(0, tables[0][i], "feature at " + i + ", past the real rows");
        }
        for (int i = ROWS; i < tables[1].length; i++) {
            assertEquals(0, tables[1][i], "label of padding row " + i);
        }
        for (int c = 0; c < 20; c++) {
            assertEquals(Goldilocks.fromSigned(data.values()[ROWS - 1][c]), tables[0][(ROWS - 1) * 32 + c]);
        }
        Commitment c = data.description().commitment();
        assertEquals(9, c.parameters().logRowWidth());
        assertTrue(c.trimmed());
        assertEquals(4, c.rowCount(0));
        assertEquals(3, c.storedRows(0), "rows 0–47 reach commitment rows 0–2; 48–63 are not stored");
        assertEquals(1, c.storedRows(1));
        assertEquals(4, c.rows());
        // The key re-creates the same commitment from the data.
        assertArrayEquals(c.root(), DatasetKey.decode(data.encode(), "data.dk").recommit().commitment().root());
        // A power-of-two row count has no padding: nothing to trim, and the layout is the untrimmed one.
        DatasetKey full = DatasetKey.commit(AccuracyProofTest.dataset(32, 20, 10, 4), DatasetKey.Options.DEFAULT);
        assertFalse(full.description().commitment().trimmed());
    }

    /**
     * Within the bounds, the width whose opening commits the fewest values per proof, then hashes the
     * fewest leaf permutations n·⌈(4 + stored rows)/8⌉: 10,000 Fashion-MNIST rows keep rows of 2^18
     * (40 + 1 stored), 1,024 take 2^16 and the 455 breast-cancer rows 2^13 (3 stored rows, one
     * sponge block per column, where 2^9 stored 30 in five).
     */
    @Test
    void theRowWidthCommitsTheFewestValuesPerProof() {
        assertEquals(18, DatasetKey.sealedRowWidth(10_000, 784));
        assertArrayEquals(new int[] {40, 1}, DatasetCommitment.storedRows(10_000, 784, 18));
        assertEquals(3_145_728, permutations(10_000, 784, 18));
        assertEquals(16, DatasetKey.sealedRowWidth(1024, 784));
        assertEquals(13, DatasetKey.sealedRowWidth(455, 30));
        assertEquals(151_808, perProof(455, 30, 13));
        assertEquals(793_856, perProof(455, 30, 9));
        for (int[] shape : new int[][] {{10_000, 784}, {37, 20}, {1000, 784}, {60_000, 784}, {5, 3}, {1 << 20, 20}, {100_000, 3072}, {455, 30}}) {
            int chosen = DatasetKey.sealedRowWidth(shape[0], shape[1]);
            for (int a = DatasetKey.MIN_LOG_ROW_WIDTH; a <= SealedOpening.MAX_LOG_CODE_LENGTH - DatasetKey.SEALED_LOG_BLOWUP; a++) {
                if (DatasetKey.sealedRows(shape[0], shape[1], a) <= DatasetKey.SEALED_ROWS && fits(shape[0], shape[1], a)) {
                    long c = perProof(shape[0], shape[1], chosen), other = perProof(shape[0], shape[1], a);
                    assertTrue(c < other || c == other && permutations(shape[0], shape[1], chosen) <= permutations(shape[0], shape[1], a),
                            Arrays.toString(shape) + ": 2^" + chosen + " commits or hashes more than 2^" + a);
                }
            }
            assertTrue(DatasetKey.sealedRows(shape[0], shape[1], chosen) <= DatasetKey.SEALED_ROWS, Arrays.toString(shape));
        }
    }

    /** Whether rows of 2^a fit the sealed opening's bounds (its column message and consistency weights). */
    private static boolean fits(int rows, int features, int a) {
        return DatasetKey.sealedRows(rows, features, a) + SealedCommitment.SALT_ELEMENTS <= SealedOpening.MAX_COLUMN_MESSAGE
                && SealedOpening.weightLongs(DatasetCommitment.tableVars(rows, features).length + 1, 1 << a) <= SealedOpening.MAX_WEIGHT_LONGS;
    }

    /** Values one opening commits per proof at rows of 2^a (100 bits, rate 1/2). */
    private static long perProof(int rows, int features, int a) {
        int queries = io.zkml4j.core.pcs.LigeroParameters.withoutRandomColumns(100, a, DatasetKey.SEALED_LOG_BLOWUP, CommitOptions.DEFAULT.hash())
                .queries();
        return SealedOpeningCost.values(DatasetKey.sealedRows(rows, features, a), queries, DatasetCommitment.tableVars(rows, features).length + 1, a);
    }

    private static long permutations(int rows, int features, int a) {
        return (1L << (a + DatasetKey.SEALED_LOG_BLOWUP))
                * Poseidon2Sponge.permutations(SealedCommitment.SALT_ELEMENTS + (int) DatasetKey.sealedRows(rows, features, a));
    }

    /** A description whose commitment stores other rows than its row count fills is refused. */
    @Test
    void aDescriptionWhoseStoredRowsDoNotMatchItsRowCountIsRefused() throws Exception {
        DatasetCommitment d = data.description();
        Commitment c = d.commitment();
        int[] vars = {c.numVars(0), c.numVars(1)};
        for (int[] stored : new int[][] {{4, 1}, {2, 1}, {1, 1}}) {
            Commitment other = Commitment.unpacked(c.parameters(), c.root(), vars, stored);
            byte[] enc = new DatasetCommitment(ROWS, d.featureNames(), d.labelClasses(), d.fractionBits(), d.widthBits(), other).encode();
            FileFormatException e = assertThrows(FileFormatException.class, () -> DatasetCommitment.decode(enc, "data.dc"), Arrays.toString(stored));
            assertTrue(e.getMessage().contains("features store " + stored[0] + " rows"), e.getMessage());
        }
        // 49 rows (still 64 padded) fill 4 commitment rows: the 37-row commitment (3 stored) does not describe them.
        byte[] more = new DatasetCommitment(49, d.featureNames(), d.labelClasses(), d.fractionBits(), d.widthBits(), c).encode();
        FileFormatException e = assertThrows(FileFormatException.class, () -> DatasetCommitment.decode(more, "data.dc"));
        assertTrue(e.getMessage().contains("49 rows of 20 features fill 4"), e.getMessage());
        // The honest one decodes to itself.
        assertArrayEquals(d.encode(), DatasetCommitment.decode(d.encode(), "data.dc").encode());
    }

    /** A data.dc or data.dk of version 1 (padding rows repeating row 0, untrimmed) is refused, naming its version. */
    @Test
    void anOldVersionIsRefusedNamingIt() {
        byte[] dc = data.description().encode();
        ByteBuffer.wrap(dc).putShort(4, (short) 1);
        FileFormatException e = assertThrows(FileFormatException.class, () -> DatasetCommitment.decode(dc, "old.dc"));
        assertTrue(e.getMessage().contains("format version 1 is not supported"), e.getMessage());
        byte[] dk = data.encode();
        ByteBuffer.wrap(dk).putShort(4, (short) 1);
        FileFormatException k = assertThrows(FileFormatException.class, () -> DatasetKey.decode(dk, "old.dk"));
        assertTrue(k.getMessage().contains("format version 1 is not supported"), k.getMessage());
    }

    /** A prover cannot commit a non-zero value in a padding row past the stored rows: the layout cannot hold it. */
    @Test
    void aValueInATrimmedPaddingRowCannotBeCommitted() {
        long[] labels = Arrays.stream(data.labels()).asLongStream().toArray();
        long[][] tables = AccuracyReviewSupport.tables(data.values(), labels);
        tables[0][60 * 32 + 5] = Goldilocks.fromSigned(-3); // row 60: commitment row 3, not stored
        DatasetCommitment d = data.description();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AccuracyReviewSupport.commitRaw(ROWS, d.featureNames(), d.labelClasses(), d.fractionBits(), d.widthBits(), tables));
        assertTrue(e.getMessage().contains("non-zero value at " + (60 * 32 + 5)), e.getMessage());
        tables[0][60 * 32 + 5] = 0;
        assertNotNull(AccuracyReviewSupport.commitRaw(ROWS, d.featureNames(), d.labelClasses(), d.fractionBits(), d.widthBits(), tables));
    }

    /**
     * A model that predicts class 0 on every row (all outputs tie), and padding rows labelled 0:
     * were padding rows counted, every one would be "correct". Proofs whose last chunk (or single,
     * padded batch) reaches padding rows verify with the count of real rows labelled 0, and a
     * prover stating the count with the padding rows is rejected.
     */
    @Test
    void accuracyProofsOverPaddingRowsCountOnlyTheRealRows() throws Exception {
        QuantizedModel model = AccuracyReviewSoundnessChecksTest.constantModel(10);
        ProvingKey pk = ProvingKey.create(model, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        AccuracySpec spec = AccuracyStatement.spec(model, data.description());
        long[] zeroRowInput = AccuracyProver.input(new long[20], spec.rescale());
        assertEquals(0, Prediction.of(model).predict(QuantizedExecutor.run(model, zeroRowInput).value(model.output())),
                "a padding row would be predicted as its label 0");
        int real = (int) Arrays.stream(data.labels()).filter(l -> l == 0).count();
        assertTrue(real > 0 && real < ROWS, "labels 0 among the real rows: " + real);
        AccuracyVerifier verifier = new AccuracyVerifier(pk.verifyingKey());
        for (int chunk : new int[] {16, 64}) { // 3 chunks, the last with 5 real and 11 padding rows; one chunk of 37 padded to 64
            AccuracyProver.Result r = new AccuracyProver(prover).prove(data, chunk, Progress.NONE);
            assertEquals(real, r.correct());
            VerifiedAccuracy v = verifier.verify(data.description(), AccuracyProof.decode(r.proof().encode(), "accuracy.proof"));
            assertEquals(real, v.correct(), "chunks of " + chunk);
            assertEquals(ROWS, v.total());
            int padding = TensorLayout.ceilPow2(ROWS) == chunk ? chunk - ROWS : 48 - ROWS;
            // Padding rows' labels set at their predictions (0) and counted: rejected.
            AccuracyReviewSupport.Rewrite counted = new AccuracyReviewSupport.Rewrite(AccuracyReviewSoundnessChecksTest.ARGMAX,
                    (b, l) -> l < 0 ? new int[] {0} : new int[] {l}, (b, m) -> m);
            AccuracyProof lie = new AccuracyProver(prover).prove(data, data, chunk, Progress.NONE, counted, padding).proof();
            assertThrows(InvalidProofException.class, () -> verifier.verify(data.description(), lie), "chunks of " + chunk);
        }
    }

    /** An accuracy circuit's witness takes an input for every slot of its padded batch: the padding rows' are a zero row's, rescaled. */
    @Test
    void theWitnessRunsTheModelOnEveryPaddedSlot() {
        QuantizedModel model = AccuracyProofTest.MODEL;
        AccuracySpec spec = AccuracyStatement.spec(model, data.description());
        io.zkml4j.proof.circuit.Circuit circuit = AccuracyStatement.circuit(model, spec);
        assertEquals(ROWS, circuit.batch());
        assertEquals(64, circuit.batchPadded());
        List<long[]> real = AccuracyProver.inputs(data, spec.rescale());
        List<long[]> padded = AccuracyProtocol.paddedInputs(circuit, real);
        assertEquals(64, padded.size());
        assertArrayEquals(AccuracyProver.input(new long[20], spec.rescale()), padded.get(63));
        long[][] vectors = io.zkml4j.proof.witness.ModelVectors.build(circuit);
        long[][] tables = DatasetKey.tables(data.values(), data.labels());
        assertThrows(IllegalArgumentException.class, () -> Witness.build(circuit, vectors, tables, real, new java.util.Random(1), Witness.Deviation.HONEST),
                "the real rows' inputs alone would leave the padded slots to repeat row 0");
        int correct = AccuracySoundnessTest.plainCount(model, data);
        assertNull(CircuitChecker.firstFailure(circuit, vectors, new CircuitChecker.DatasetValues(tables, correct), real, Witness.Deviation.HONEST, 5));
        Witness w = Witness.build(circuit, vectors, tables, padded, new java.util.Random(1), Witness.Deviation.HONEST);
        assertEquals(ROWS, w.outputs().size(), "outputs are the real rows'");
    }
}
