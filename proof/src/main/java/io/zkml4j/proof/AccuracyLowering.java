package io.zkml4j.proof;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Prediction;
import io.zkml4j.proof.circuit.AccuracyPlan;
import io.zkml4j.proof.circuit.AccuracySpec;
import io.zkml4j.proof.circuit.GatherPlan;
import io.zkml4j.proof.circuit.LinearPlan;
import io.zkml4j.proof.circuit.LinearTerm;
import io.zkml4j.proof.circuit.ProductPlan;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.SumPlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.ZeroCheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Lowers an accuracy statement onto the circuit kit, around the model's own lowering:
 * <ul>
 * <li>the input rows are the committed dataset's features, rescaled: M·v + 2^(S−1) = 2^S·q + r with
 *     r in [0, 2^S) (one lookup, or limbs) and q the model's 16-bit private input. With M > 1 the
 *     product needs v to be an integer of its declared width, which is range-checked; with M = 1
 *     (a pure shift) v = 2^S·q + r − 2^(S−1) is fixed by the checked q and r, so it is an integer
 *     within 2^(S+15) of zero whatever the declared width, which is then not checked;</li>
 * <li>the prediction p of every row is proven as a one-hot e over the scores z: e boolean, one per
 *     row, zero off the classes; m = z_p (e·d = 0) and d = m − z − s ≥ 0 with s_j = Σ_{k>j} e_k, so
 *     z_j &lt; m before p and z_j ≤ m after it: p is the first maximum;</li>
 * <li>the label's one-hot L: boolean, one per real row and none on padding rows, zero beyond the
 *     declared label range, Σ_j j·L_j = the committed label;</li>
 * <li>c = e·L, and Σ c equals the stated count.</li>
 * </ul>
 */
final class AccuracyLowering {
    static final String FEATURES = "dataset.features";
    static final String LABELS = "dataset.labels";
    static final String ROWS = "accuracy.rows";

    private final CircuitCompiler c;
    private final AccuracySpec spec;
    private TensorPlan features;
    private TensorPlan labels;
    private CircuitCompiler.RangeParts remainder = new CircuitCompiler.RangeParts(List.of(), 0);

    AccuracyLowering(CircuitCompiler compiler, AccuracySpec spec) {
        this.c = compiler;
        this.spec = spec;
        if (spec.rows() != compiler.batch()) {
            throw new IllegalArgumentException("an accuracy circuit proves one row per sample: " + spec.rows() + " rows, batch "
                    + compiler.batch());
        }
    }

    /** The dataset's vectors, and the rescaling of its features into the model's input q. */
    void linkInput(TensorPlan q) {
        if (spec.features() != q.layout().logicalSize()) {
            throw new UnsupportedOperationException("the dataset has " + spec.features() + " features per row, the model takes "
                    + q.layout().logicalSize() + " inputs");
        }
        features = c.datasetTensor(FEATURES, q.layout());
        labels = c.datasetTensor(LABELS, perRow());
        remainder = rescale(c, "dataset", features, q, spec.rescale(), spec.widthBits());
    }

    /**
     * Committed fixed-point values v (in q's layout) rescaled into a model's input q: M·v + 2^(S−1) =
     * 2^S·q + r with r in [0, 2^S) (one lookup, or limbs). With M > 1 the product needs v to be an
     * integer of its declared width, which is range-checked; with M = 1 (a pure shift) v is fixed by
     * the checked q and r. Returns r's parts.
     */
    static CircuitCompiler.RangeParts rescale(CircuitCompiler c, String label, TensorPlan values, TensorPlan q, InputRescale rescale, int widthBits) {
        List<LinearTerm> terms = new ArrayList<>(List.of(new LinearTerm(values, rescale.multiplier()),
                new LinearTerm(q, -(1L << rescale.shift()))));
        CircuitCompiler.RangeParts parts = new CircuitCompiler.RangeParts(List.of(), 0);
        if (rescale.shift() > 0) {
            parts = c.rangeParts(label + ".rescale.r", q.layout(), rescale.shift());
            for (int l = 0; l < parts.parts().size(); l++) {
                terms.add(new LinearTerm(parts.parts().get(l), -(1L << (parts.partBits() * l))));
            }
        }
        long[] half = new long[q.layout().sampleSize()];
        for (int i : q.layout().proofIndex()) {
            half[i] = rescale.half();
        }
        c.linear(new LinearPlan(label + ".rescale", terms, half));
        if (!rescale.pureShift()) { // with M > 1, q and r alone do not make v an integer of the declared width
            c.rangeCheck(values.name() + "#range", values, 1L << (widthBits - 1), widthBits);
        }
        return parts;
    }

    /** The prediction, label and count constraints on the model's output. */
    AccuracyPlan predict(TensorPlan output) {
        Prediction prediction = spec.prediction();
        int classes = prediction.classes();
        if (spec.labelClasses() > classes) {
            throw new UnsupportedOperationException("the dataset's labels go up to " + (spec.labelClasses() - 1) + ", the model predicts "
                    + classes + " classes");
        }
        GatherPlan scoring = prediction.binary() ? binaryScores(output, prediction.threshold()) : null;
        TensorPlan scores = scoring == null ? output : scoring.target().get(0).tensor();
        TensorLayout layout = scores.layout();
        int[] at = layout.proofIndex();
        if (at.length != classes) {
            throw new IllegalStateException("scores have " + at.length + " values for " + classes + " classes");
        }
        int p = layout.sampleSize();
        TensorPlan e = c.committed("accuracy.prediction", layout, 0, true);
        TensorPlan s = c.committed("accuracy.prefix", layout, 0, false);
        TensorPlan m = c.committed("accuracy.max", TensorLayout.flat(1, c.batch()), 0, true);
        TensorPlan d = c.committed("accuracy.gap", layout, 0, true);
        TensorPlan labelOneHot = c.committed("accuracy.label", layout, 0, true);
        TensorPlan correct = c.committed("accuracy.correct", layout, 0, false);
        TensorPlan rows = c.statementTensor(ROWS, perRow());

        c.product(new ProductPlan("accuracy.prediction.boolean", List.of(e, e), LinearTerm.sum(e)));
        long[] offClasses = new long[p];
        java.util.Arrays.fill(offClasses, 1);
        for (int i : at) {
            offClasses[i] = 0;
        }
        c.zeroCheck(new ZeroCheck("accuracy.prediction.padding", e, offClasses));
        c.gather(new GatherPlan("accuracy.prediction.one", rowSum(at, p, Goldilocks.neg(1), false), e, List.of()));
        c.gather(new GatherPlan("accuracy.prefix", prefixSums(at, p), e, LinearTerm.sum(s)));
        c.gather(new GatherPlan("accuracy.max", broadcast(at, p, m.layout().sampleSize(), m.layout().proofIndex()[0],
                Goldilocks.fromSigned(scores.padValue())), m, LinearTerm.sum(d, scores, s)));
        c.rangeCheck("accuracy.gap", d, 0, Activation.BITS);
        c.product(new ProductPlan("accuracy.max.attained", List.of(e, d), List.of()));

        labelOneHot(c, "accuracy.label", labelOneHot, at, spec.labelClasses(), rows, labels);
        c.product(new ProductPlan("accuracy.correct", List.of(e, labelOneHot), LinearTerm.sum(correct)));
        c.sum(new SumPlan("accuracy.count", correct, AccuracyPlan.CORRECT));
        return new AccuracyPlan(spec, features, labels, remainder.parts(), remainder.partBits(), scoring, scores, classes, e, s, m, d, labelOneHot, correct, rows);
    }

    /**
     * The labels' one-hot L (committed, masked, in the scores' layout with classes at {@code at}):
     * boolean, zero beyond the declared label range, one per row where {@code rows} is 1 (none where
     * it is 0), and Σ_j j·L_j = the label.
     */
    static void labelOneHot(CircuitCompiler c, String label, TensorPlan oneHot, int[] at, int labelClasses, TensorPlan rows, TensorPlan labels) {
        int p = oneHot.layout().sampleSize();
        c.product(new ProductPlan(label + ".boolean", List.of(oneHot, oneHot), LinearTerm.sum(oneHot)));
        long[] offLabels = new long[p]; // the declared label range is part of the statement: L is zero beyond it
        java.util.Arrays.fill(offLabels, 1);
        for (int j = 0; j < labelClasses; j++) {
            offLabels[at[j]] = 0;
        }
        c.zeroCheck(new ZeroCheck(label + ".range", oneHot, offLabels));
        c.gather(new GatherPlan(label + ".one", rowSum(at, p, 0, false), oneHot, LinearTerm.sum(rows)));
        c.gather(new GatherPlan(label + ".value", rowSum(at, p, 0, true), oneHot, LinearTerm.sum(labels)));
    }

    /** A one-output model's scores (threshold − 1, output), as the map that derives them: their first maximum is 1 exactly when output ≥ threshold. */
    private GatherPlan binaryScores(TensorPlan output, long threshold) {
        TensorLayout layout = TensorLayout.flat(2, c.batch());
        TensorPlan z = c.committed("accuracy.scores", layout, 0, false);
        long[] constants = new long[layout.sampleSize()];
        constants[0] = Goldilocks.fromSigned(threshold - 1);
        SparseMap map = new SparseMap(layout.sampleSize(), output.layout().sampleSize(), new int[] {layout.proofIndex()[1]},
                new int[] {output.layout().proofIndex()[0]}, new long[] {1}, constants);
        GatherPlan scoring = new GatherPlan("accuracy.scores", map, output, LinearTerm.sum(z));
        c.gather(scoring);
        return scoring;
    }

    /** One value per row (the batch's variables only). */
    private TensorLayout perRow() {
        return perRow(c.batch());
    }

    /** One value per row of a batch (the batch's variables only). */
    static TensorLayout perRow(int batch) {
        return new TensorLayout(new int[] {0}, 1, batch);
    }

    /** Σ_j w_j·x[at[j]] + constant per row, with w_j = j (labelValue) or 1. */
    static SparseMap rowSum(int[] at, int sourceSize, long constant, boolean labelValue) {
        int[] target = new int[at.length];
        long[] weight = new long[at.length];
        for (int j = 0; j < at.length; j++) {
            weight[j] = labelValue ? j : 1;
        }
        return new SparseMap(1, sourceSize, target, at.clone(), weight, new long[] {constant});
    }

    /** s[at[j]] = Σ_{k>j} e[at[k]]. */
    private static SparseMap prefixSums(int[] at, int size) {
        List<int[]> entries = new ArrayList<>();
        for (int j = 0; j < at.length; j++) {
            for (int k = j + 1; k < at.length; k++) {
                entries.add(new int[] {at[j], at[k]});
            }
        }
        int[] target = new int[entries.size()];
        int[] source = new int[entries.size()];
        long[] weight = new long[entries.size()];
        for (int i = 0; i < target.length; i++) {
            target[i] = entries.get(i)[0];
            source[i] = entries.get(i)[1];
            weight[i] = 1;
        }
        return new SparseMap(size, size, target, source, weight, new long[size]);
    }

    /** m at every class position; the scores' padding value elsewhere (where d and s are zero). */
    static SparseMap broadcast(int[] at, int size, int sourceSize, int from, long pad) {
        long[] constants = new long[size];
        java.util.Arrays.fill(constants, pad);
        int[] target = at.clone();
        int[] source = new int[at.length];
        long[] weight = new long[at.length];
        for (int j = 0; j < at.length; j++) {
            constants[at[j]] = 0;
            source[j] = from;
            weight[j] = 1;
        }
        return new SparseMap(size, sourceSize, target, source, weight, constants);
    }
}
