package io.zkml4j.proof;

import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.witness.ModelVectors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An accuracy proof reveals the count and nothing else about the rows or labels: two datasets of
 * the same shape with different rows, labels and predictions but the same count give proofs whose
 * words (with the challenges fixed and fresh prover randomness) are distributed alike, also when
 * their matches fall into different chunks.
 */
class AccuracyZeroKnowledgeTest {
    static final QuantizedModel MODEL = TestModels.mlp(20, 16, 10, Activation.RELU, 7);
    static final int ROWS = 8;
    /** Two chunks of four rows: what each chunk counts must stay hidden too. */
    static final int CHUNK_ROWS = 4;

    /**
     * Rows in [−4, 4) in steps of 1/256 (one row holds −4, so the width is the same), labels giving
     * exactly {@code correct} matches, on the first rows or on the last ones.
     */
    static DatasetKey dataset(long seed, int correct, boolean last) throws Exception {
        LabelledDataset d = AccuracyProofTest.dataset(ROWS, 20, 10, seed);
        double[][] rows = d.rows();
        rows[0][0] = -4;
        int[] labels = new int[ROWS];
        DatasetKey k = DatasetKey.commit(new LabelledDataset(d.featureNames(), rows, labels), DatasetKey.Options.DEFAULT);
        List<long[]> q = AccuracyProver.inputs(k, io.zkml4j.model.data.InputRescale.of(MODEL.inputSpec().scale(), k.description().fractionBits()));
        for (int b = 0; b < ROWS; b++) {
            int p = Prediction.of(MODEL).predict(QuantizedExecutor.run(MODEL, q.get(b)).value(MODEL.output()));
            boolean match = last ? b >= ROWS - correct : b < correct;
            labels[b] = match ? p : (p + 1 + (int) (seed % 8)) % 10;
        }
        return DatasetKey.commit(new LabelledDataset(d.featureNames(), rows, labels), DatasetKey.Options.DEFAULT);
    }

    static long[][] transcripts(DatasetKey data, int correct, int runs, long seed) {
        DatasetCommitment description = data.description();
        AccuracySpec spec = AccuracyStatement.spec(MODEL, description);
        AccuracyProtocol.Chunks chunks = AccuracyStatement.chunks(MODEL, spec, CHUNK_ROWS);
        long[][] vectors = ModelVectors.build(CircuitCompiler.compile(MODEL, 1, Circuit.Options.DEFAULT));
        List<long[]> inputs = AccuracyProver.inputs(data, spec.rescale());
        long[][] tables = DatasetKey.tables(data.values(), data.labels());
        return InferenceZeroKnowledgeTest.words(vectors, runs, seed, (model, ch, prover) -> {
            SealedCommitment sealedData = SealedCommitment.commit(description.commitment().parameters(), Arrays.asList(tables), prover);
            AccuracyProtocol.Statement statement = new AccuracyProtocol.Statement(sealedData.commitment(), description.digest(), correct,
                    CHUNK_ROWS);
            AccuracyProtocol.prove(new AccuracyProtocol.ProverInputs(chunks, model, vectors, InferenceZeroKnowledgeTest.PARAMS, inputs, sealedData,
                    tables), statement, new byte[] {1}, ch, prover, Progress.NONE, io.zkml4j.proof.witness.Witness.Deviation.HONEST);
        });
    }

    @Test
    void proofsDoNotDependOnTheRowsOrLabelsOrChunkCountsBeyondTheCount() throws Exception {
        DatasetKey a = dataset(1, 3, false); // chunk counts 3 and 0
        DatasetKey b = dataset(2, 3, true);  // chunk counts 1 and 2
        assertFalse(Arrays.deepEquals(a.values(), b.values()));
        assertFalse(Arrays.equals(a.labels(), b.labels()));
        assertEquals(a.description().fractionBits(), b.description().fractionBits());
        assertEquals(a.description().widthBits(), b.description().widthBits());
        assertEquals(3, AccuracySoundnessTest.plainCount(MODEL, a));
        assertEquals(3, AccuracySoundnessTest.plainCount(MODEL, b));
        int runs = 40;
        InferenceZeroKnowledgeTest.assertIndistinguishable(transcripts(a, 3, runs, 1), transcripts(b, 3, runs, 2));
    }
}
