package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AccuracyProofTest {
    static final QuantizedModel MODEL = TestModels.mlp(20, 16, 10, Activation.RELU, 7);

    static LabelledDataset dataset(int rows, int features, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[rows][features];
        int[] labels = new int[rows];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < features; c++) {
            names.add("f" + c);
        }
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < features; c++) {
                x[i][c] = Math.round((r.nextDouble() * 8 - 4) * 256) / 256.0;
            }
            labels[i] = r.nextInt(classes);
        }
        return new LabelledDataset(names, x, labels);
    }

    /** Labels equal to the model's own prediction on a few rows, so that the count is neither 0 nor all. */
    static LabelledDataset partlyCorrect(QuantizedModel model, LabelledDataset d, int every) throws Exception {
        DatasetKey k = DatasetKey.commit(d, DatasetKey.Options.DEFAULT);
        var rescale = io.zkml4j.model.data.InputRescale.of(model.inputSpec().scale(), k.description().fractionBits());
        List<long[]> q = AccuracyProver.inputs(k, rescale);
        int[] labels = d.labels().clone();
        Prediction p = Prediction.of(model);
        for (int i = 0; i < labels.length; i += every) {
            labels[i] = p.predict(QuantizedExecutor.run(model, q.get(i)).value(model.output()));
        }
        return new LabelledDataset(d.featureNames(), d.rows(), labels);
    }

    @Test
    void honestProofVerifiesWithThePlainCount() throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        DatasetKey data = DatasetKey.commit(partlyCorrect(MODEL, dataset(37, 20, 10, 1), 3), DatasetKey.Options.DEFAULT);
        AccuracyProver.Result result = new AccuracyProver(prover).prove(data, Progress.NONE);
        VerifiedAccuracy v = new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), result.proof());
        assertEquals(result.correct(), v.correct());
        assertEquals(37, v.total());
        System.out.println("correct " + v.correct() + " of 37, proof " + result.proof().encode().length + " bytes");
        AccuracyProof lie = new AccuracyProver(prover).prove(data, data, Progress.NONE, io.zkml4j.proof.witness.Witness.Deviation.HONEST, 1).proof();
        assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), lie));
    }

    /** A proof of an earlier format (whose transcript this build would not reproduce) is named as such, not reported invalid. */
    @Test
    void aProofOfAnEarlierFormatIsRefusedByItsVersion() throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        DatasetKey data = DatasetKey.commit(dataset(8, 20, 10, 2), DatasetKey.Options.DEFAULT);
        byte[] encoded = new AccuracyProver(new Prover(pk)).prove(data, Progress.NONE).proof().encode();
        assertEquals(AccuracyProof.VERSION, AccuracyProof.decode(encoded, "a.proof").encode()[5]); // the version's low byte, after the magic
        encoded[5] = (byte) (AccuracyProof.VERSION - 1);
        var e = assertThrows(io.zkml4j.proof.format.FileFormatException.class, () -> AccuracyProof.decode(encoded, "old.proof"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("old.proof: an accuracy proof of format version " + (AccuracyProof.VERSION - 1))
                && e.getMessage().contains("prove it again"), e.getMessage());
    }

    @Test
    void aDatasetKeyWhoseValuesDoNotGiveItsCommitmentIsRefused() throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        DatasetKey data = DatasetKey.commit(dataset(9, 20, 10, 2), DatasetKey.Options.DEFAULT);
        long[][] values = data.values();
        values[4] = values[4].clone();
        values[4][7] += 1;
        DatasetKey corrupted = DatasetKey.decode(data.withData(values, data.labels()).encode(), "corrupted.dk");
        io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                () -> new AccuracyProver(new Prover(pk)).prove(corrupted, Progress.NONE));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
    }

    /**
     * A model that multiplies two computed matrices (attention) is proved one row per chunk by
     * default, and the count is still one statement: honest verifies, one more correct is rejected,
     * and chunks of two rows are refused before any work with the reason.
     */
    @Test
    void aModelWithAProductOfComputedMatricesIsProvedOneRowPerChunk() throws Exception {
        QuantizedModel attention = TestModels.matMul(41);
        ProvingKey pk = ProvingKey.create(attention, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        DatasetKey data = DatasetKey.commit(partlyCorrect(attention, dataset(5, 24, 15, 4), 2), DatasetKey.Options.DEFAULT);
        AccuracyProver.Result result = new AccuracyProver(prover).prove(data, Progress.NONE);
        assertEquals(1, result.proof().chunkRows());
        VerifiedAccuracy v = new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), result.proof());
        assertEquals(result.correct(), v.correct());
        assertEquals(5, v.total());
        AccuracyProof lie = new AccuracyProver(prover).prove(data, data, 1, Progress.NONE, io.zkml4j.proof.witness.Witness.Deviation.HONEST, 1)
                .proof();
        assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), lie));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AccuracyProver(prover).prove(data, 2, Progress.NONE));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("layer ab multiplies two computed tensors"), e.getMessage());
    }
}
