package io.zkml4j.proof;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.proof.AccuracyReviewSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Findings of the attack review of the accuracy proof (each failed on its first version, 3b509a4):
 * the sigmoid threshold seen through views, declared descriptions, the declared label range, the
 * width's role under a pure shift, and an out-of-range count rejected as an invalid proof.
 */
class AccuracyReviewFindingsTest {
    static final QuantizedModel MODEL = AccuracyProofTest.MODEL;

    /** x[4] → Dense(1) + sigmoid (output units 2^−14) → p, optionally followed by a Reshape/Identity p → y. */
    static QuantizedModel sigmoidModel(boolean identityAfter) {
        SplittableRandom r = new SplittableRandom(5);
        Map<String, QuantizedModel.TensorSpec> t = new LinkedHashMap<>();
        t.put("x", new QuantizedModel.TensorSpec(new int[] {4}, 1.0 / 1024));
        t.put("p", new QuantizedModel.TensorSpec(new int[] {1}, 1.0 / 16384));
        List<QLayer> layers = new ArrayList<>();
        layers.add(new QLayer.Dense("fc", "x", "p", 4, 1, TestModels.randomInts(4, 100, r), new long[] {0},
                new Requant(10, Activation.sigmoid(1.0 / 64, 14))));
        if (identityAfter) { // what an ONNX Identity, Flatten or Reshape after the Sigmoid becomes
            t.put("y", new QuantizedModel.TensorSpec(new int[] {1}, 1.0 / 16384));
            layers.add(new QLayer.Reshape("identity", "p", "y"));
        }
        return new QuantizedModel("sigmoid", t, "x", identityAfter ? "y" : "p", layers);
    }

    /**
     * FINDING 1 (semantics): Prediction.of recognises a sigmoid output only when the sigmoid's
     * layer writes the model output itself. After a Reshape (ONNX Identity/Flatten/Reshape) the
     * threshold silently becomes 0, every sigmoid output (all ≥ 0) predicts class 1, and the
     * verifier accepts an "accuracy" that is the share of label-1 rows, not the classifier's.
     */
    @Test
    void sigmoidFollowedByAReshapeKeepsTheHalfThreshold() throws Exception {
        assertEquals(8192, Prediction.of(sigmoidModel(false)).threshold());
        QuantizedModel m = sigmoidModel(true);
        // Labels by the model's real rule (probability ≥ 0.5): the model is right on every row.
        LabelledDataset d = AccuracyProofTest.dataset(40, 4, 2, 3);
        DatasetKey k0 = DatasetKey.commit(d, DatasetKey.Options.DEFAULT);
        List<long[]> q = AccuracyProver.inputs(k0, InputRescale.of(m.inputSpec().scale(), k0.description().fractionBits()));
        int[] labels = new int[q.size()];
        int ones = 0;
        for (int i = 0; i < labels.length; i++) {
            long y = QuantizedExecutor.run(m, q.get(i)).value(m.output())[0];
            labels[i] = y >= 8192 ? 1 : 0;
            ones += labels[i];
        }
        assertTrue(ones > 0 && ones < labels.length, "need both classes: " + ones);
        DatasetKey k = DatasetKey.commit(new LabelledDataset(d.featureNames(), d.rows(), labels), DatasetKey.Options.DEFAULT);
        ProvingKey pk = ProvingKey.create(m, Postprocess.NONE, CommitOptions.DEFAULT);
        AccuracyProver.Result result = new AccuracyProver(new Prover(pk)).prove(k, Progress.NONE);
        VerifiedAccuracy v = new AccuracyVerifier(pk.verifyingKey()).verify(k.description(), result.proof());
        System.out.println("sigmoid+reshape: proven " + v.correct() + " of " + v.total() + ", label-1 rows " + ones);
        assertEquals(8192, Prediction.of(m).threshold(), "the prediction rule of a sigmoid model followed by a Reshape");
        assertEquals(labels.length, v.correct(), "the verified count of a model that is right on every row");
    }

    /**
     * FINDING 2 (statement vs. public description): the description says labels lie in
     * [0, label_classes); the circuit only bounds them by the model's class count. A dataset
     * published as binary (label_classes = 2) whose committed labels run 0..9 is accepted.
     */
    @Test
    void labelsBeyondTheDeclaredRangeAreRejected() throws Exception {
        LabelledDataset d = AccuracyProofTest.dataset(37, 20, 2, 1);
        DatasetKey k = DatasetKey.commit(d, DatasetKey.Options.DEFAULT);
        assertEquals(2, k.description().labelClasses());
        List<long[]> q = AccuracyProver.inputs(k, InputRescale.of(MODEL.inputSpec().scale(), k.description().fractionBits()));
        long[] labels = new long[q.size()];
        int beyond = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Prediction.of(MODEL).predict(QuantizedExecutor.run(MODEL, q.get(i)).value(MODEL.output())); // 0..9
            beyond += labels[i] >= 2 ? 1 : 0;
        }
        assertTrue(beyond > 0);
        RawDataset raw = commitRaw(37, d.featureNames(), 2, k.description().fractionBits(), k.description().widthBits(),
                tables(k.values(), labels));
        ProvingKey pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        AccuracyProof proof = proveRaw(new Prover(pk), raw, q, 37, Witness.Deviation.HONEST);
        assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(pk.verifyingKey()).verify(raw.description(), proof),
                "a dataset declaring labels 0..1 proven with " + beyond + " labels in 2..9");
    }

    /** The test MLP with another input scale. */
    static QuantizedModel mlpWithInputScale(double scale) {
        QuantizedModel m = MODEL;
        Map<String, QuantizedModel.TensorSpec> t = new LinkedHashMap<>(m.tensors());
        t.put("x", new QuantizedModel.TensorSpec(m.inputSpec().shape(), scale));
        return new QuantizedModel(m.name(), t, m.input(), m.output(), m.layers());
    }

    /**
     * FINDING 3, settled as documented semantics: with a pure-shift rescale (M = 1, S > 0) the
     * committed values are fixed by the checked q and r (v = 2^S·q + r − 2^(S−1)), so the proof does
     * not need, and does not check, the declared width; the count is still that of the model on
     * the committed values. (With M > 1 the width is checked: see the soundness checks.)
     */
    @Test
    void aPureShiftProvesTheCountOnTheCommittedValuesWhateverTheDeclaredWidth() throws Exception {
        QuantizedModel m = mlpWithInputScale(1.0 / 64);
        DatasetKey k = DatasetKey.commit(AccuracyProofTest.dataset(37, 20, 10, 1), DatasetKey.Options.DEFAULT);
        InputRescale rescale = InputRescale.of(m.inputSpec().scale(), k.description().fractionBits());
        assertEquals(1, rescale.multiplier());
        assertEquals(2, rescale.shift());
        assertTrue(k.description().widthBits() > 4);
        List<long[]> q = AccuracyProver.inputs(k, rescale);
        int correct = 0;
        int[] labels = k.labels();
        for (int i = 0; i < q.size(); i++) {
            correct += Prediction.of(m).predict(QuantizedExecutor.run(m, q.get(i)).value(m.output())) == labels[i] ? 1 : 0;
        }
        RawDataset honest = honest(k);
        RawDataset narrow = commitRaw(37, k.description().featureNames(), 10, k.description().fractionBits(), 4, honest.tables());
        ProvingKey pk = ProvingKey.create(m, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        // Sanity: the honest description verifies with this rescale.
        new AccuracyVerifier(pk.verifyingKey()).verify(honest.description(), proveRaw(prover, honest, q, correct, Witness.Deviation.HONEST));
        AccuracyProof proof = proveRaw(prover, narrow, q, correct, Witness.Deviation.HONEST);
        assertEquals(correct, new AccuracyVerifier(pk.verifyingKey()).verify(narrow.description(), proof).correct());
        AccuracyProof lie = proveRaw(prover, narrow, q, correct == 0 ? 1 : correct - 1, Witness.Deviation.HONEST);
        assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(pk.verifyingKey()).verify(narrow.description(), lie));
    }

    /**
     * FINDING 4 (zero knowledge of the dataset): a format and label range chosen from the data
     * reveal its largest magnitude, finest precision and largest label (documented); declared
     * ones (zkml data commit --format F/W --label-classes K) make the description independent of
     * the hidden values.
     */
    @Test
    void aDeclaredDescriptionDoesNotDependOnHiddenValues() throws Exception {
        LabelledDataset a = AccuracyProofTest.dataset(37, 20, 10, 1);
        double[][] rows = new double[a.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = a.rows()[i].clone();
        }
        rows[17][3] = 1000.0;                    // one large value
        rows[5][2] = 0.1;                        // one value needing more fraction bits (rounded at 24)
        int[] labels = a.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.min(labels[i], 4);  // no label above 4
        }
        DatasetKey.Options declared = DatasetKey.Options.DEFAULT.declared(24, 40, 10);
        DatasetCommitment da = DatasetKey.commit(a, declared).description();
        DatasetCommitment db = DatasetKey.commit(new LabelledDataset(a.featureNames(), rows, labels), declared).description();
        DatasetCommitment chosen = DatasetKey.commit(new LabelledDataset(a.featureNames(), rows, labels), DatasetKey.Options.DEFAULT).description();
        assertTrue(chosen.widthBits() != DatasetKey.commit(a, DatasetKey.Options.DEFAULT).description().widthBits(),
                "a chosen width does depend on the values (the documented leak)");
        System.out.println("A: " + da.widthBits() + " width, " + da.fractionBits() + " fraction, " + da.labelClasses() + " classes; B: "
                + db.widthBits() + ", " + db.fractionBits() + ", " + db.labelClasses());
        assertAll(
                () -> assertEquals(da.widthBits(), db.widthBits(), "width_bits reveals the largest magnitude"),
                () -> assertEquals(da.fractionBits(), db.fractionBits(), "fraction_bits reveals the finest precision"),
                () -> assertEquals(da.labelClasses(), db.labelClasses(), "label_classes reveals the largest label"));
    }

    /**
     * FINDING 5 (robustness): an AccuracyProof whose count is outside 0..rows (possible through the
     * public record constructor) makes verify throw IllegalArgumentException, not the documented
     * InvalidProofException ("every rejection says why").
     */
    @Test
    void aCountOutsideTheRowsIsAnInvalidProof() throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        DatasetKey k = DatasetKey.commit(AccuracyProofTest.dataset(37, 20, 10, 1), DatasetKey.Options.DEFAULT);
        AccuracyProof honest = new AccuracyProver(new Prover(pk)).prove(k, Progress.NONE).proof();
        AccuracyProof lie = new AccuracyProof(pk.verifyingKey().digest(), k.description().digest(), 37, 38, honest.chunkRows(), honest.transcript());
        assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(pk.verifyingKey()).verify(k.description(), lie));
    }
}
