package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedExecutor;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.AccuracyPlan;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Accuracy proofs of false statements are rejected: a count off by one, a changed label, swapped
 * rows, another dataset or model, a prediction that is not the first maximum (also among ties), a
 * binary threshold moved by one, an edited dataset description.
 */
class AccuracySoundnessTest {
    static final QuantizedModel MODEL = TestModels.mlp(20, 16, 10, Activation.RELU, 7);
    static ProvingKey pk;
    static Prover prover;
    static DatasetKey data;

    @BeforeAll
    static void setUp() throws Exception {
        pk = ProvingKey.create(MODEL, Postprocess.NONE, CommitOptions.DEFAULT);
        prover = new Prover(pk);
        data = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(37, 20, 10, 1), 3), DatasetKey.Options.DEFAULT);
    }

    static AccuracyProof cheat(DatasetKey used, Witness.Deviation deviation, int offset) throws FileFormatException {
        return cheat(prover, data, used, deviation, offset);
    }

    static AccuracyProof cheat(Prover p, DatasetKey committed, DatasetKey used, Witness.Deviation deviation, int offset) throws FileFormatException {
        return new AccuracyProver(p).prove(committed, used, Progress.NONE, deviation, offset).proof();
    }

    static void assertRejected(VerifyingKey vk, DatasetKey d, AccuracyProof proof, String why) {
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> new AccuracyVerifier(vk).verify(d.description(), proof), why);
        System.out.println(why + ": " + e.getMessage());
    }

    /** A prover that accepts any tuple in its lookups (to get past its own witness builder), substituting a table row. */
    static Witness.Deviation lookupsAnything(java.util.function.Consumer<Witness> alter) {
        return new Witness.Deviation() {
            @Override
            public void alterAccuracy(Witness w) {
                alter.accept(w);
            }

            @Override
            public long[] substituteTuple(TablePlan table, long[] tuple) {
                long[] row = new long[tuple.length];
                if (table.kind() == TablePlan.Kind.ACTIVATION) {
                    row[0] = 0;
                    row[1] = table.activation().apply(0);
                } else if (table.kind() == TablePlan.Kind.SIGN) {
                    row[1] = 1;
                }
                return row;
            }
        };
    }

    /** Makes row b's prediction class j, with the prefix sums, maximum, gaps and matches a cheater would compute from it. */
    static void predict(Witness w, int b, int j) {
        AccuracyPlan plan = w.circuit().accuracy();
        int p = plan.scores().layout().sampleSize();
        int[] at = plan.scores().layout().proofIndex();
        long[] z = w.tensor(plan.scores().name());
        long[] e = w.tensor(plan.oneHot().name()).clone();
        long[] s = w.tensor(plan.prefix().name()).clone();
        long[] m = w.tensor(plan.max().name()).clone();
        long[] d = w.tensor(plan.gap().name()).clone();
        long[] l = w.tensor(plan.labelOneHot().name());
        long[] c = w.tensor(plan.correct().name()).clone();
        long max = Goldilocks.toSigned(z[b * p + at[j]]);
        m[b * plan.max().layout().sampleSize() + plan.max().layout().proofIndex()[0]] = Goldilocks.fromSigned(max);
        for (int k = 0; k < at.length; k++) {
            int x = b * p + at[k];
            e[x] = k == j ? 1 : 0;
            s[x] = k < j ? 1 : 0;
            d[x] = Goldilocks.fromSigned(max - Goldilocks.toSigned(z[x]) - s[x]);
            c[x] = Goldilocks.mul(e[x], l[x]);
        }
        w.replace(plan.oneHot().name(), e);
        w.replace(plan.prefix().name(), s);
        w.replace(plan.max().name(), m);
        w.replace(plan.gap().name(), d);
        w.replace(plan.correct().name(), c);
    }

    static int plainCount(QuantizedModel model, DatasetKey d) {
        List<long[]> q = AccuracyProver.inputs(d, io.zkml4j.model.data.InputRescale.of(model.inputSpec().scale(), d.description().fractionBits()));
        int correct = 0;
        for (int b = 0; b < q.size(); b++) {
            correct += Prediction.of(model).predict(QuantizedExecutor.run(model, q.get(b)).value(model.output())) == d.labels()[b] ? 1 : 0;
        }
        return correct;
    }

    static int label(DatasetKey d, int row) {
        return d.labels()[row];
    }

    /** Rows whose honest prediction differs from the label. */
    static int wrongRow(DatasetKey d) {
        List<long[]> q = AccuracyProver.inputs(d, io.zkml4j.model.data.InputRescale.of(MODEL.inputSpec().scale(), d.description().fractionBits()));
        for (int b = 0; b < q.size(); b++) {
            if (Prediction.of(MODEL).predict(QuantizedExecutor.run(MODEL, q.get(b)).value(MODEL.output())) != d.labels()[b]) {
                return b;
            }
        }
        throw new IllegalStateException("every row is right");
    }

    @Test
    void aCountOffByOneIsRejected() throws Exception {
        assertRejected(pk.verifyingKey(), data, cheat(data, Witness.Deviation.HONEST, 1), "one more correct than true");
        assertRejected(pk.verifyingKey(), data, cheat(data, Witness.Deviation.HONEST, -1), "one fewer correct than true");
        // The matches vector itself claiming one more: c = 1 where the prediction is not the label.
        int b = wrongRow(data);
        Witness.Deviation extra = new Witness.Deviation() {
            @Override
            public void alterAccuracy(Witness w) {
                AccuracyPlan plan = w.circuit().accuracy();
                long[] c = w.tensor(plan.correct().name()).clone();
                c[b * plan.scores().layout().sampleSize() + plan.scores().layout().proofIndex()[label(data, b)]] = 1;
                w.replace(plan.correct().name(), c);
            }
        };
        assertRejected(pk.verifyingKey(), data, cheat(data, extra, 1), "a match where prediction and label differ");
    }

    @Test
    void proofsFromOtherRowsOrLabelsThanCommittedAreRejected() throws Exception {
        int b = wrongRow(data);
        long[][] values = data.values();
        int[] labels = data.labels();
        List<long[]> q = AccuracyProver.inputs(data, io.zkml4j.model.data.InputRescale.of(MODEL.inputSpec().scale(), data.description().fractionBits()));
        labels[b] = Prediction.of(MODEL).predict(QuantizedExecutor.run(MODEL, q.get(b)).value(MODEL.output())); // now that row is right
        assertRejected(pk.verifyingKey(), data, cheat(data.withData(values, labels), Witness.Deviation.HONEST, 1), "a changed label");

        long[][] swapped = data.values().clone();
        int other = b == 0 ? 1 : 0;
        long[] t = swapped[b];
        swapped[b] = swapped[other];
        swapped[other] = t;
        DatasetKey used = data.withData(swapped, data.labels());
        assertTrue(plainCount(MODEL, used) != plainCount(MODEL, data), "the swap changes the count");
        assertRejected(pk.verifyingKey(), data, cheat(used, Witness.Deviation.HONEST, 0), "two rows swapped");
    }

    @Test
    void aProofIsForItsOwnDatasetAndModel() throws Exception {
        AccuracyProof honest = new AccuracyProver(prover).prove(data, Progress.NONE).proof();
        DatasetKey other = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(37, 20, 10, 2), 3),
                DatasetKey.Options.DEFAULT);
        assertRejected(pk.verifyingKey(), other, honest, "verified against another dataset");
        // The same transcript relabelled with the other dataset's digest and count.
        int otherCount = new AccuracyProver(prover).prove(other, Progress.NONE).correct();
        AccuracyProof relabelled = new AccuracyProof(honest.modelDigest(), other.description().digest(), 37, otherCount, honest.chunkRows(), honest.transcript());
        assertRejected(pk.verifyingKey(), other, relabelled, "a transcript relabelled for another dataset");
        // Another commitment to the very same rows: a fresh root, so a fresh statement.
        DatasetKey again = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(37, 20, 10, 1), 3),
                DatasetKey.Options.DEFAULT);
        AccuracyProof moved = new AccuracyProof(honest.modelDigest(), again.description().digest(), 37, honest.correct(), honest.chunkRows(), honest.transcript());
        assertRejected(pk.verifyingKey(), again, moved, "a transcript moved to another commitment of the same rows");

        ProvingKey otherKey = ProvingKey.create(TestModels.mlp(20, 16, 10, Activation.RELU, 8), Postprocess.NONE, CommitOptions.DEFAULT);
        assertRejected(otherKey.verifyingKey(), data, honest, "verified against another model");
        AccuracyProof forged = new AccuracyProof(otherKey.verifyingKey().digest(), honest.datasetDigest(), 37, honest.correct(), honest.chunkRows(), honest.transcript());
        assertRejected(otherKey.verifyingKey(), data, forged, "a transcript relabelled for another model");
        // And the honest one still verifies.
        assertEquals(honest.correct(), new AccuracyVerifier(pk.verifyingKey()).verify(data.description(), honest).correct());
    }

    @Test
    void aPredictionThatIsNotTheFirstMaximumIsRejected() throws Exception {
        int b = wrongRow(data);
        int right = label(data, b);
        assertRejected(pk.verifyingKey(), data, cheat(data, lookupsAnything(w -> predict(w, b, right)), 1), "the label predicted instead of the argmax");
    }

    /** A model whose outputs 1 and 3 are always equal: on rows where they are the maximum, the prediction is 1. */
    static QuantizedModel tied() {
        QuantizedModel base = TestModels.mlp(20, 16, 10, Activation.RELU, 9);
        QLayer.Dense l2 = (QLayer.Dense) base.layers().get(1);
        long[] w = l2.weight().clone();
        long[] bias = l2.bias().clone();
        System.arraycopy(w, 1 * l2.in(), w, 3 * l2.in(), l2.in());
        bias[3] = bias[1] = 30000; // large: 1 and 3 are the maximum on most rows
        return new QuantizedModel("tied", base.tensors(), base.input(), base.output(), List.of(base.layers().get(0),
                new QLayer.Dense(l2.name(), l2.input(), l2.output(), l2.in(), l2.out(), w, bias, l2.requant())));
    }

    @Test
    void tiesGoToTheSmallestIndex() throws Exception {
        QuantizedModel model = tied();
        ProvingKey key = ProvingKey.create(model, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover p = new Prover(key);
        LabelledDataset d = AccuracyProofTest.dataset(20, 20, 10, 4);
        int[] labels = new int[20];
        java.util.Arrays.fill(labels, 3); // every tie counted wrong by the honest rule
        DatasetKey k = DatasetKey.commit(new LabelledDataset(d.featureNames(), d.rows(), labels), DatasetKey.Options.DEFAULT);
        List<long[]> q = AccuracyProver.inputs(k, io.zkml4j.model.data.InputRescale.of(model.inputSpec().scale(), k.description().fractionBits()));
        int ties = -1;
        for (int b = 0; b < q.size(); b++) {
            long[] y = QuantizedExecutor.run(model, q.get(b)).value(model.output());
            if (Prediction.of(model).predict(y) == 1 && y[1] == y[3]) {
                ties = b;
            }
        }
        assertTrue(ties >= 0, "some row ties at the maximum");
        AccuracyProver.Result honest = new AccuracyProver(p).prove(k, Progress.NONE);
        assertEquals(honest.correct(), new AccuracyVerifier(key.verifyingKey()).verify(k.description(), honest.proof()).correct());
        int row = ties;
        AccuracyProof later = cheat(p, k, k, lookupsAnything(w -> predict(w, row, 3)), 1);
        assertRejected(key.verifyingKey(), k, later, "the later of two tied maxima");
    }

    /** One output: class 1 when the output is at least 0. */
    static QuantizedModel binary() {
        QuantizedModel base = TestModels.mlp(20, 16, 1, Activation.RELU, 11);
        return base;
    }

    @Test
    void binaryClassifiersAreProvenAtTheirThreshold() throws Exception {
        QuantizedModel model = binary();
        Prediction rule = Prediction.of(model);
        assertTrue(rule.binary());
        ProvingKey key = ProvingKey.create(model, Postprocess.NONE, CommitOptions.DEFAULT);
        Prover p = new Prover(key);
        LabelledDataset d = AccuracyProofTest.dataset(30, 20, 2, 5);
        DatasetKey k = DatasetKey.commit(d, DatasetKey.Options.DEFAULT);
        AccuracyProver.Result honest = new AccuracyProver(p).prove(k, Progress.NONE);
        List<long[]> q = AccuracyProver.inputs(k, io.zkml4j.model.data.InputRescale.of(model.inputSpec().scale(), k.description().fractionBits()));
        int expected = 0;
        int flip = -1;
        for (int b = 0; b < q.size(); b++) {
            long y = QuantizedExecutor.run(model, q.get(b)).value(model.output())[0];
            int predicted = y >= 0 ? 1 : 0;
            expected += predicted == k.labels()[b] ? 1 : 0;
            if (predicted != k.labels()[b]) {
                flip = b;
            }
        }
        assertEquals(expected, honest.correct());
        assertEquals(expected, new AccuracyVerifier(key.verifyingKey()).verify(k.description(), honest.proof()).correct());
        int row = flip;
        AccuracyProof wrong = cheat(p, k, k, lookupsAnything(w -> predict(w, row, k.labels()[row])), 1);
        assertRejected(key.verifyingKey(), k, wrong, "a binary prediction on the wrong side of the threshold");
    }

    @Test
    void labelsBeyondTheModelsClassesAreRefused() throws Exception {
        DatasetKey wide = DatasetKey.commit(AccuracyProofTest.dataset(10, 20, 12, 6), DatasetKey.Options.DEFAULT);
        assertTrue(wide.description().labelClasses() > 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AccuracyProver(prover).prove(wide, Progress.NONE));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
    }

    @Test
    void anEditedDatasetDescriptionIsRejected() throws Exception {
        AccuracyProof honest = new AccuracyProver(prover).prove(data, Progress.NONE).proof();
        byte[] dc = data.description().encode();
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 60; trial++) {
            byte[] edited = dc.clone();
            int at = trial < dc.length ? trial * dc.length / 60 : r.nextInt(dc.length);
            edited[at] ^= (byte) (1 + r.nextInt(255));
            DatasetCommitment d;
            try {
                d = DatasetCommitment.decode(edited, "edited");
            } catch (FileFormatException expected) {
                continue;
            }
            try {
                new AccuracyVerifier(pk.verifyingKey()).verify(d, honest);
                fail("a description edited at byte " + at + " verified");
            } catch (InvalidProofException expected) {
                // rejected
            }
        }
    }
}
