package io.zkml4j.proof;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.witness.Witness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static io.zkml4j.proof.AccuracyReviewSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Review (attacker's view): cheating accuracy witnesses that keep everything else consistent.
 * Each must be caught by the debug checker (these tests PASS when the circuit is sound).
 */
class AccuracyReviewSoundnessChecksTest {
    static final QuantizedModel MODEL = AccuracyProofTest.MODEL;
    static DatasetKey key;
    static RawDataset data;
    static List<long[]> inputs;
    static int[] labels;
    static int honestCount;

    static final BiFunction<Integer, long[], int[]> ARGMAX = (b, z) -> {
        int best = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[best]) {
                best = j;
            }
        }
        return new int[] {best};
    };
    static final BiFunction<Integer, Integer, int[]> LABEL = (b, l) -> l < 0 ? new int[0] : new int[] {l};

    @BeforeAll
    static void setUp() throws Exception {
        key = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(37, 20, 10, 1), 3), DatasetKey.Options.DEFAULT);
        data = honest(key);
        inputs = AccuracyProver.inputs(key, InputRescale.of(MODEL.inputSpec().scale(), key.description().fractionBits()));
        labels = key.labels();
        honestCount = count(MODEL, inputs, labels, ARGMAX, LABEL);
    }

    @Test
    void honestRewriteSatisfiesEverything() {
        assertNull(firstFailure(MODEL, data, inputs, honestCount, new Rewrite(ARGMAX, LABEL, (b, m) -> m)));
        assertNotNull(firstFailure(MODEL, data, inputs, honestCount + 1, new Rewrite(ARGMAX, LABEL, (b, m) -> m)));
    }

    /** Predict the label on every real row (a non-maximum): the gap range check must object. */
    @Test
    void predictingTheLabelInsteadOfTheMaximumIsCaught() {
        BiFunction<Integer, long[], int[]> cheat = (b, z) -> b < labels.length ? new int[] {labels[b]} : ARGMAX.apply(b, z);
        int stated = count(MODEL, inputs, labels, cheat, LABEL);
        assertTrue(stated > honestCount);
        String f = firstFailure(MODEL, data, inputs, stated, new Rewrite(cheat, LABEL, (b, m) -> m));
        assertNotNull(f);
        System.out.println("non-maximum: " + f);
    }

    /** Two ones in e (the maximum and the label): the row-sum check must object. */
    @Test
    void twoOnesInThePredictionAreCaught() {
        BiFunction<Integer, long[], int[]> cheat = (b, z) -> {
            int best = ARGMAX.apply(b, z)[0];
            return b < labels.length && labels[b] != best ? new int[] {Math.min(best, labels[b]), Math.max(best, labels[b])} : new int[] {best};
        };
        int stated = count(MODEL, inputs, labels, cheat, LABEL);
        assertTrue(stated > honestCount);
        String f = firstFailure(MODEL, data, inputs, stated, new Rewrite(cheat, LABEL, (b, m) -> m + 10));
        assertNotNull(f);
        System.out.println("two ones: " + f);
    }

    /** A maximum above every score (so every gap is non-negative), with e on the label: e·d = 0 must object. */
    @Test
    void aMaximumAboveTheScoresIsCaught() {
        BiFunction<Integer, long[], int[]> cheat = (b, z) -> b < labels.length ? new int[] {labels[b]} : ARGMAX.apply(b, z);
        int stated = count(MODEL, inputs, labels, cheat, LABEL);
        String f = firstFailure(MODEL, data, inputs, stated, new Rewrite(cheat, LABEL, (b, m) -> m + 40000));
        assertNotNull(f);
        System.out.println("large m: " + f);
    }

    /** A label one-hot on a padding row at its prediction (counting a padding row): the label row sum must object. */
    @Test
    void countingAPaddingRowIsCaught() {
        int extra = Math.min(64 - labels.length, labels.length - honestCount);
        assertTrue(extra > 0);
        BiFunction<Integer, Integer, int[]> cheatL = (b, l) -> b < labels.length ? LABEL.apply(b, l) : b < labels.length + extra
                ? ARGMAX.apply(b, io.zkml4j.model.quant.QuantizedExecutor.run(MODEL, inputs.get(0)).value(MODEL.output())) : new int[0];
        String f = firstFailure(MODEL, data, inputs, honestCount + extra, new Rewrite(ARGMAX, cheatL, (b, m) -> m));
        assertNotNull(f);
        System.out.println("padding rows: " + f);
    }

    /** A label one-hot with two ones, on the prediction and the label, on a wrongly predicted row. */
    @Test
    void twoOnesInTheLabelAreCaught() {
        BiFunction<Integer, Integer, int[]> cheatL = (b, l) -> {
            if (l < 0) {
                return new int[0];
            }
            int best = ARGMAX.apply(b, io.zkml4j.model.quant.QuantizedExecutor.run(MODEL, inputs.get(b)).value(MODEL.output()))[0];
            return best == l ? new int[] {l} : new int[] {Math.min(best, l), Math.max(best, l)};
        };
        int stated = count(MODEL, inputs, labels, ARGMAX, cheatL);
        assertTrue(stated > honestCount);
        String f = firstFailure(MODEL, data, inputs, stated, new Rewrite(ARGMAX, cheatL, (b, m) -> m));
        assertNotNull(f);
        System.out.println("two label ones: " + f);
    }

    /** e = 1 also at a padding column of the scores (where c = e·L could count): the zero check must object. */
    @Test
    void predictionAtAPaddingColumnIsCaught() {
        Rewrite r = new Rewrite((b, z) -> new int[0], LABEL, (b, m) -> m);
        r.extraPositions = new int[] {20};
        String f = firstFailure(MODEL, data, inputs, honestCount, r);
        assertNotNull(f);
        System.out.println("padding column: " + f);
    }

    /** A non-boolean label one-hot, 2 on the prediction and -1 on (2·prediction − label), keeping Σ L = 1 and Σ j·L = label. */
    @Test
    void nonBooleanLabelIsCaught() {
        BiFunction<Integer, Integer, int[]> cheatL = (b, l) -> LABEL.apply(b, l);
        Witness.Deviation d = new Witness.Deviation() {
            public void alterWitness(Witness w) {
                new Rewrite(ARGMAX, cheatL, (b, m) -> m).alterWitness(w);
                // on row 1 (if wrong): L[pred] = 2, L[2·pred − label] = −1 when that is a class
                long[] l = w.tensor("accuracy.label").clone();
                long[] c = w.tensor("accuracy.correct").clone();
                int p = 32;
                for (int b = 0; b < labels.length; b++) {
                    int pred = ARGMAX.apply(b, io.zkml4j.model.quant.QuantizedExecutor.run(MODEL, inputs.get(b)).value(MODEL.output()))[0];
                    int other = 2 * pred - labels[b];
                    if (pred != labels[b] && other >= 0 && other < 10 && other != pred) {
                        l[b * p + labels[b]] = 0;
                        l[b * p + pred] = 2;
                        l[b * p + other] = io.zkml4j.core.field.Goldilocks.neg(1);
                        c[b * p + pred] = 2;
                        w.replace("accuracy.label", l);
                        w.replace("accuracy.correct", c);
                        return;
                    }
                }
                throw new AssertionError("no row to cheat on");
            }
        };
        String f = firstFailure(MODEL, data, inputs, honestCount + 2, d);
        assertNotNull(f);
        System.out.println("non-boolean L: " + f);
    }

    /** A nonzero label on a padding row cannot be proven. */
    @Test
    void labelOnAPaddingRowCannotBeProven() {
        long[] l = new long[64];
        for (int i = 0; i < labels.length; i++) {
            l[i] = labels[i];
        }
        l[50] = 3;
        RawDataset bad = commitRaw(key.description().rows(), key.description().featureNames(), 10, key.description().fractionBits(),
                key.description().widthBits(), tables(key.values(), l));
        String f = firstFailure(MODEL, bad, inputs, honestCount, Witness.Deviation.HONEST);
        assertNotNull(f);
        System.out.println("padding label: " + f);
    }

    /** Model inputs that are not the rescaled committed rows (one value off by one): the rescale link must object. */
    @Test
    void inputsOtherThanTheRescaledRowsAreCaught() {
        List<long[]> other = new java.util.ArrayList<>();
        for (long[] q : inputs) {
            other.add(q.clone());
        }
        other.get(2)[5] += 1;
        String f = firstFailure(MODEL, data, other, honestCount, Witness.Deviation.HONEST);
        assertNotNull(f);
        System.out.println("input off by one: " + f);
    }

    /** With M = 4 (S = 0) the features are range-checked to the declared width: a value beyond it is caught. */
    @Test
    void featureBeyondDeclaredWidthIsCaughtWhenMultiplied() {
        assertEquals(4, InputRescale.of(MODEL.inputSpec().scale(), key.description().fractionBits()).multiplier());
        RawDataset narrow = commitRaw(key.description().rows(), key.description().featureNames(), 10, key.description().fractionBits(), 8,
                data.tables());
        String f = firstFailure(MODEL, narrow, inputs, honestCount, new Witness.Deviation() {
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) {
                return new long[tuple.length];
            }
        });
        assertNotNull(f);
        System.out.println("width 8, M = 4: " + f);
    }

    /** Completeness and soundness with a rounded multiplier (M > 1 and S > 0): honest verifies, a count off by one does not. */
    @Test
    void roundedMultiplierRescaleIsCompleteAndSound() throws Exception {
        QuantizedModel m = AccuracyReviewFindingsTest.mlpWithInputScale(0.01);
        InputRescale rescale = InputRescale.of(0.01, key.description().fractionBits());
        assertTrue(rescale.multiplier() > 1 && rescale.shift() > 0, rescale.describe());
        ProvingKey pk = ProvingKey.create(m, io.zkml4j.model.quant.Postprocess.NONE, CommitOptions.DEFAULT);
        Prover prover = new Prover(pk);
        AccuracyProver.Result r = new AccuracyProver(prover).prove(key, Progress.NONE);
        new AccuracyVerifier(pk.verifyingKey()).verify(key.description(), r.proof());
        AccuracyProof lie = new AccuracyProver(prover).prove(key, key, Progress.NONE, Witness.Deviation.HONEST, r.correct() > 0 ? -1 : 1).proof();
        assertThrows(io.zkml4j.core.transcript.InvalidProofException.class,
                () -> new AccuracyVerifier(pk.verifyingKey()).verify(key.description(), lie));
        // a model input one above the rescaled row: the rescale link objects
        List<long[]> q = AccuracyProver.inputs(key, rescale);
        List<long[]> shifted = new java.util.ArrayList<>();
        for (long[] x : q) {
            shifted.add(x.clone());
        }
        shifted.get(0)[0] += 1;
        RawDataset raw = honest(key);
        String f = firstFailure(m, raw, shifted, r.correct(), new Witness.Deviation() {
            public long[] substituteTuple(io.zkml4j.proof.circuit.TablePlan table, long[] tuple) {
                return new long[tuple.length];
            }
        });
        assertNotNull(f);
        System.out.println("rounded multiplier " + rescale.describe() + ", q + 1: " + f);
    }

    /** A dataset digest swapped in (same values, other description) or a proof moved to another model is refused. */
    @Test
    void proofsDoNotTransferBetweenDatasetsOrModels() throws Exception {
        ProvingKey pk = ProvingKey.create(MODEL, io.zkml4j.model.quant.Postprocess.NONE, CommitOptions.DEFAULT);
        AccuracyProof p = new AccuracyProver(new Prover(pk)).prove(key, Progress.NONE).proof();
        new AccuracyVerifier(pk.verifyingKey()).verify(key.description(), p);
        // another commitment of the same values and labels (fresh randomness)
        DatasetKey again = DatasetKey.commit(AccuracyProofTest.partlyCorrect(MODEL, AccuracyProofTest.dataset(37, 20, 10, 1), 3),
                DatasetKey.Options.DEFAULT);
        AccuracyProof moved = new AccuracyProof(p.modelDigest(), again.description().digest(), 37, p.correct(), p.chunkRows(), p.transcript());
        assertThrows(io.zkml4j.core.transcript.InvalidProofException.class,
                () -> new AccuracyVerifier(pk.verifyingKey()).verify(again.description(), moved));
        // the same weights under another key (fresh seed)
        ProvingKey pk2 = ProvingKey.create(MODEL, io.zkml4j.model.quant.Postprocess.NONE, CommitOptions.DEFAULT);
        AccuracyProof other = new AccuracyProof(pk2.verifyingKey().digest(), p.datasetDigest(), 37, p.correct(), p.chunkRows(), p.transcript());
        assertThrows(io.zkml4j.core.transcript.InvalidProofException.class,
                () -> new AccuracyVerifier(pk2.verifyingKey()).verify(key.description(), other));
    }

    /** x[20] → Dense(out) with zero weights and zero bias: every output ties at 0. */
    static QuantizedModel constantModel(int out) {
        java.util.Map<String, io.zkml4j.model.quant.QuantizedModel.TensorSpec> t = new java.util.LinkedHashMap<>();
        t.put("x", new io.zkml4j.model.quant.QuantizedModel.TensorSpec(new int[] {20}, 1.0 / 1024));
        t.put("y", new io.zkml4j.model.quant.QuantizedModel.TensorSpec(new int[] {out}, 1.0 / 1024));
        return new QuantizedModel("ties", t, "x", "y", List.of(new io.zkml4j.model.quant.QLayer.Dense("fc", "x", "y", 20, out, new long[20 * out],
                new long[out], new io.zkml4j.model.quant.Requant(9, io.zkml4j.model.quant.Activation.IDENTITY))));
    }

    /** All ten outputs tie: the first maximum is class 0; claiming the tied class 5 (the label) must fail. */
    @Test
    void aLaterTiedClassIsNotTheFirstMaximum() throws Exception {
        QuantizedModel m = constantModel(10);
        long[] l = new long[37];
        java.util.Arrays.fill(l, 5);
        RawDataset raw = commitRaw(37, key.description().featureNames(), 10, key.description().fractionBits(), key.description().widthBits(),
                tables(key.values(), l));
        assertNull(firstFailure(m, raw, inputs, 0, Witness.Deviation.HONEST));
        BiFunction<Integer, long[], int[]> cheat = (b, z) -> new int[] {5};
        String f = firstFailure(m, raw, inputs, 37, new Rewrite(cheat, LABEL, (b, x) -> x));
        assertNotNull(f);
        System.out.println("tie, later class: " + f);
    }

    /** A one-output model whose output is exactly the threshold (0) predicts class 1; claiming class 0 there must fail. */
    @Test
    void theBinaryThresholdIsInclusive() throws Exception {
        QuantizedModel m = constantModel(1);
        assertEquals(0, io.zkml4j.model.quant.Prediction.of(m).threshold());
        long[] l = new long[37];
        RawDataset raw = commitRaw(37, key.description().featureNames(), 2, key.description().fractionBits(), key.description().widthBits(),
                tables(key.values(), l));
        assertNull(firstFailure(m, raw, inputs, 0, Witness.Deviation.HONEST)); // all predicted 1, all labels 0
        BiFunction<Integer, long[], int[]> cheat = (b, z) -> new int[] {0};
        String f = firstFailure(m, raw, inputs, 37, new Rewrite(cheat, LABEL, (b, x) -> x));
        assertNotNull(f);
        System.out.println("binary at the threshold: " + f);
    }

    /** Zero knowledge, structurally: every vector a kit relation reveals (gather sources, product factors) is masked; binary and multi-class. */
    @Test
    void everyRevealedAccuracyVectorIsMasked() throws Exception {
        for (QuantizedModel m : List.of(MODEL, constantModel(1))) {
            DatasetCommitment d = key.description();
            DatasetCommitment two = new DatasetCommitment(d.rows(), d.featureNames(), 2, d.fractionBits(), d.widthBits(), d.commitment());
            io.zkml4j.proof.circuit.Circuit c = AccuracyStatement.circuit(m, AccuracyStatement.spec(m, two));
            List<String> unmasked = new java.util.ArrayList<>();
            for (var g : c.constraints().gathers()) {
                if (!g.source().isPublic() && !g.source().vector().masked()) {
                    unmasked.add(g.label() + ": " + g.source().name());
                }
            }
            for (var p : c.constraints().products()) {
                for (var f : p.factors()) {
                    if (!f.isPublic() && !f.vector().masked()) {
                        unmasked.add(p.label() + ": " + f.name());
                    }
                }
            }
            for (var z : c.zeroChecks()) {
                if (!z.tensor().isPublic() && !z.tensor().vector().masked()) {
                    unmasked.add(z.label() + ": " + z.tensor().name());
                }
            }
            assertEquals(List.of(), unmasked, m.name());
        }
    }
}
