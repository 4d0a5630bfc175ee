package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.sealed.SealedCommitment;
import io.zkml4j.core.transcript.FiatShamirProver;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.witness.ModelVectors;
import io.zkml4j.proof.witness.Witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Review helpers: a prover that commits any dataset tables it likes, and a consistent rewrite of the accuracy witness. */
final class AccuracyReviewSupport {
    private AccuracyReviewSupport() {}

    /** A dataset commitment over arbitrary tables (features in the batched-input layout, labels), with any public description. */
    record RawDataset(DatasetCommitment description, SealedCommitment sealed, long[][] tables) {}

    static RawDataset commitRaw(int rows, List<String> names, int labelClasses, int fractionBits, int widthBits, long[][] tables) {
        LigeroParameters params = LigeroParameters.withoutRandomColumns(100, DatasetKey.sealedRowWidth(rows, names.size()), 2,
                CommitOptions.DEFAULT.hash());
        SealedCommitment sealed = SealedCommitment.commit(params, DatasetCommitment.storedRows(rows, names.size(), params.logRowWidth()),
                Arrays.asList(tables), new Random(11));
        DatasetCommitment d = new DatasetCommitment(rows, names, labelClasses, fractionBits, widthBits, sealed.commitment());
        return new RawDataset(d, sealed, tables);
    }

    /** Field tables from signed feature rows and labels (padding rows zero, as a dataset key's; padding labels as given). */
    static long[][] tables(long[][] values, long[] labels) {
        TensorLayout layout = DatasetCommitment.featureLayout(values.length, values[0].length);
        long[][] padded = Arrays.copyOf(values, layout.batchPadded());
        Arrays.fill(padded, values.length, padded.length, new long[values[0].length]);
        long[] f = layout.place(padded, 0);
        for (int i = 0; i < f.length; i++) {
            f[i] = Goldilocks.fromSigned(f[i]);
        }
        long[] l = new long[TensorLayout.ceilPow2(values.length)];
        for (int i = 0; i < labels.length; i++) {
            l[i] = Goldilocks.fromSigned(labels[i]);
        }
        return new long[][] {f, l};
    }

    /** What the accuracy prover does after its checks, with the caller's tables, model inputs and stated count. */
    static AccuracyProof proveRaw(Prover prover, RawDataset data, List<long[]> inputs, int stated, Witness.Deviation deviation) {
        QuantizedModel model = prover.model();
        AccuracySpec spec = AccuracyStatement.spec(model, data.description());
        LigeroParameters keyParams = prover.verifyingKey().proofParameters();
        AccuracyProtocol.Chunks chunks = AccuracyStatement.chunks(model, spec, AccuracyStatement.MAX_CHUNK_ROWS);
        LigeroParameters params = AccuracyStatement.parameters(chunks, keyParams);
        FiatShamirProver channel = new FiatShamirProver(keyParams.hash(), AccuracyStatement.domainSeparator(
                prover.sealedCommitment().commitment().parameters(), data.description().commitment().parameters(), params));
        AccuracyProtocol.Statement st = new AccuracyProtocol.Statement(data.description().commitment(), data.description().digest(), stated,
                AccuracyStatement.MAX_CHUNK_ROWS);
        AccuracyProtocol.prove(new AccuracyProtocol.ProverInputs(chunks, prover.sealedCommitment(), prover.modelVectors(), params, inputs,
                data.sealed(), data.tables()), st, prover.verifyingKey().digest(), channel, new Random(5), Progress.NONE, deviation);
        return new AccuracyProof(prover.verifyingKey().digest(), data.description().digest(), data.description().rows(), stated,
                AccuracyStatement.MAX_CHUNK_ROWS, channel.proof());
    }

    /** The debug checker's first failing constraint for the accuracy circuit of (model, dataset), or null when all hold. */
    static String firstFailure(QuantizedModel model, RawDataset data, List<long[]> inputs, int stated, Witness.Deviation deviation) {
        Circuit circuit = AccuracyStatement.circuit(model, AccuracyStatement.spec(model, data.description()));
        long[][] vectors = ModelVectors.build(circuit);
        return CircuitChecker.firstFailure(circuit, vectors, new CircuitChecker.DatasetValues(data.tables(), stated), inputs, deviation, 3);
    }

    static RawDataset honest(DatasetKey k) {
        long[][] values = k.values();
        int[] labels = k.labels();
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        DatasetCommitment d = k.description();
        return commitRaw(d.rows(), d.featureNames(), d.labelClasses(), d.fractionBits(), d.widthBits(), tables(values, l));
    }

    /**
     * A cheating witness that keeps every derived accuracy vector consistent with its choice of
     * one-hot e (per row: the classes set to one) and label one-hot L: the prefix sums, the
     * maximum (or a given one), the gaps and their limbs, and the products c — so that only the
     * constraint the choice really breaks can object.
     */
    static final class Rewrite implements Witness.Deviation {
        final java.util.function.BiFunction<Integer, long[], int[]> predicted; // (row, scores at classes) -> classes with e = 1
        final java.util.function.BiFunction<Integer, Integer, int[]> labelled;  // (row, honest label or -1) -> classes with L = 1
        final java.util.function.BiFunction<Integer, Long, Long> max;           // (row, honest-rule m) -> m
        /** Extra positions (within a sample block) to set e = 1 at, on every row; for the padding-column attack. */
        int[] extraPositions = new int[0];

        Rewrite(java.util.function.BiFunction<Integer, long[], int[]> predicted, java.util.function.BiFunction<Integer, Integer, int[]> labelled,
                java.util.function.BiFunction<Integer, Long, Long> max) {
            this.predicted = predicted;
            this.labelled = labelled;
            this.max = max;
        }

        @Override
        public void alterWitness(Witness w) {
            var plan = w.circuit().accuracy();
            TensorLayout layout = plan.scores().layout();
            int[] at = layout.proofIndex();
            int p = layout.sampleSize();
            int samples = w.circuit().batchPadded();
            long[] z = w.tensor(plan.scores().name());
            long[] oldL = w.tensor(plan.labelOneHot().name());
            long[] e = new long[layout.size()], s = new long[layout.size()], d = new long[layout.size()], l = new long[layout.size()],
                    c = new long[layout.size()];
            int maxBlock = plan.max().layout().sampleSize();
            int maxAt = plan.max().layout().proofIndex()[0];
            long[] m = new long[plan.max().layout().size()];
            for (int b = 0; b < samples; b++) {
                long[] scores = new long[at.length];
                for (int j = 0; j < at.length; j++) {
                    scores[j] = Goldilocks.toSigned(z[b * p + at[j]]);
                }
                int honestLabel = -1;
                for (int j = 0; j < at.length; j++) {
                    if (oldL[b * p + at[j]] == 1) {
                        honestLabel = j;
                    }
                }
                int[] ones = predicted.apply(b, scores);
                for (int j : ones) {
                    e[b * p + at[j]] = 1;
                }
                for (int x : extraPositions) {
                    e[b * p + x] = 1;
                }
                for (int j = 0; j < at.length; j++) {
                    long prefix = 0;
                    for (int k = j + 1; k < at.length; k++) {
                        prefix += e[b * p + at[k]];
                    }
                    s[b * p + at[j]] = prefix;
                }
                long mm = ones.length == 0 ? scores[0] : scores[ones[0]] + s[b * p + at[ones[0]]];
                mm = max.apply(b, mm);
                m[b * maxBlock + maxAt] = Goldilocks.fromSigned(mm);
                for (int j = 0; j < at.length; j++) {
                    d[b * p + at[j]] = Goldilocks.fromSigned(mm - scores[j] - s[b * p + at[j]]);
                }
                for (int j : labelled.apply(b, honestLabel)) {
                    l[b * p + at[j]] = 1;
                }
                for (int x = 0; x < p; x++) {
                    c[b * p + x] = Goldilocks.mul(e[b * p + x], l[b * p + x]);
                }
            }
            // padding positions of d keep the scores' padding relation: pad = d + z + s there
            long[] oldD = w.tensor(plan.gap().name());
            boolean[] isClass = new boolean[p];
            for (int i : at) {
                isClass[i] = true;
            }
            for (int b = 0; b < samples; b++) {
                for (int x = 0; x < p; x++) {
                    if (!isClass[x]) {
                        d[b * p + x] = oldD[b * p + x];
                    }
                }
            }
            w.replace(plan.oneHot().name(), e);
            w.replace(plan.prefix().name(), s);
            w.replace(plan.max().name(), m);
            w.replace(plan.gap().name(), d);
            w.replace(plan.labelOneHot().name(), l);
            w.replace(plan.correct().name(), c);
            // the gap's limbs (8-bit, two of them), recomputed from the new gaps
            long[] lo = new long[d.length], hi = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                long v = Goldilocks.toSigned(d[i]);
                lo[i] = Goldilocks.fromSigned(v & 0xff);
                hi[i] = Goldilocks.fromSigned(v >> 8);
            }
            w.replace("accuracy.gap.limb0", lo);
            w.replace("accuracy.gap.limb1", hi);
        }

        @Override
        public long[] substituteTuple(TablePlan table, long[] tuple) {
            long[] t = tuple.clone();
            Arrays.fill(t, 0);
            return t;
        }
    }

    /** The correct count a rewrite's e and L give on the real rows. */
    static int count(QuantizedModel model, List<long[]> inputs, int[] labels, java.util.function.BiFunction<Integer, long[], int[]> predicted,
                     java.util.function.BiFunction<Integer, Integer, int[]> labelled) {
        int n = 0;
        for (int b = 0; b < inputs.size(); b++) {
            long[] y = io.zkml4j.model.quant.QuantizedExecutor.run(model, inputs.get(b)).value(model.output());
            List<Integer> e = new ArrayList<>();
            for (int j : predicted.apply(b, y)) {
                e.add(j);
            }
            for (int j : labelled.apply(b, labels[b])) {
                if (e.contains(j)) {
                    n++;
                }
            }
        }
        return n;
    }

    static TensorPlan tensor(Circuit c, String name) {
        return c.tensor(name);
    }
}
