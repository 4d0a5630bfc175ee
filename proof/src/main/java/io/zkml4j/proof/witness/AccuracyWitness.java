package io.zkml4j.proof.witness;

import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.model.data.InputRescale;
import io.zkml4j.proof.circuit.AccuracyPlan;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TensorPlan;

/**
 * The honest values of an accuracy circuit's own vectors ({@link AccuracyPlan}), computed from the
 * dataset's vectors and the model's output: the rescaling remainders, the scores, the first
 * maximum of each row and its gaps, the label's one-hot and the matches.
 */
final class AccuracyWitness {
    private AccuracyWitness() {}

    static void fill(Witness w, AccuracyPlan plan) {
        int samples = w.circuit().batchPadded();
        rescaleRemainders(w, plan);
        if (plan.scoring() != null) {
            w.putField(plan.scores(), plan.scoring().map().applyAll(w.tensor(plan.scoring().source().name()), samples));
        }
        long[] z = w.tensor(plan.scores().name());
        TensorLayout layout = plan.scores().layout();
        int[] at = layout.proofIndex();
        int p = layout.sampleSize();
        int maxBlock = plan.max().layout().sampleSize();
        long[] labels = w.vector(plan.labels().vector());
        long[] e = new long[layout.size()];
        long[] s = new long[layout.size()];
        long[] m = new long[plan.max().layout().size()];
        long[] d = new long[layout.size()];
        long[] l = new long[layout.size()];
        long[] c = new long[layout.size()];
        for (int b = 0; b < samples; b++) {
            int best = 0;
            for (int j = 1; j < at.length; j++) {
                if (Goldilocks.toSigned(z[b * p + at[j]]) > Goldilocks.toSigned(z[b * p + at[best]])) {
                    best = j;
                }
            }
            long max = Goldilocks.toSigned(z[b * p + at[best]]);
            e[b * p + at[best]] = 1;
            m[b * maxBlock + plan.max().layout().proofIndex()[0]] = Goldilocks.fromSigned(max);
            for (int j = 0; j < at.length; j++) {
                int prefix = j < best ? 1 : 0;
                s[b * p + at[j]] = prefix;
                d[b * p + at[j]] = Goldilocks.fromSigned(max - Goldilocks.toSigned(z[b * p + at[j]]) - prefix);
            }
            if (b < plan.spec().realRows()) {
                long label = Goldilocks.toSigned(labels[b]);
                if (label < 0 || label >= at.length) {
                    throw new IllegalArgumentException("row " + b + " has label " + label + ", outside the model's " + at.length + " classes");
                }
                l[b * p + at[(int) label]] = 1;
                c[b * p + at[(int) label]] = label == best ? 1 : 0;
            }
        }
        w.putField(plan.oneHot(), e);
        w.putField(plan.prefix(), s);
        w.putField(plan.max(), m);
        w.putField(plan.gap(), d);
        w.putField(plan.labelOneHot(), l);
        w.putField(plan.correct(), c);
    }

    /** r = M·v + 2^(S−1) − 2^S·q at every real feature position, split into its parts. */
    private static void rescaleRemainders(Witness w, AccuracyPlan plan) {
        rescaleRemainders(w, w.vector(plan.features().vector()), plan.features().layout(), plan.remainderParts(), plan.remainderPartBits(),
                plan.spec().rescale());
    }

    /** The same for values v (field elements) in {@code layout}: the rescaling remainder's parts. */
    static void rescaleRemainders(Witness w, long[] v, TensorLayout layout, java.util.List<TensorPlan> parts, int bits, InputRescale rescale) {
        if (parts.isEmpty()) {
            return;
        }
        long[][] limbs = new long[parts.size()][layout.size()];
        int samples = layout.batchPadded();
        for (int b = 0; b < samples; b++) {
            for (int i : layout.proofIndex()) {
                int x = b * layout.sampleSize() + i;
                long r = rescale.remainder(Goldilocks.toSigned(v[x]));
                for (int k = 0; k < limbs.length; k++) {
                    limbs[k][x] = Witness.part(r, k, limbs.length, bits);
                }
            }
        }
        for (int k = 0; k < limbs.length; k++) {
            w.putField(parts.get(k), limbs[k]);
        }
    }
}
