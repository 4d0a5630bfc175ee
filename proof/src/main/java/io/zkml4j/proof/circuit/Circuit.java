package io.zkml4j.proof.circuit;

import io.zkml4j.model.quant.QuantizedModel;

import java.util.List;
import java.util.Map;

/**
 * Everything about a proof that does not depend on the witness or the challenges: where every
 * tensor and auxiliary vector is committed, how each layer is proven, the lookups and tables.
 * Prover and verifier compile the same circuit from the same model, batch size and options, so
 * nothing about it travels in a proof.
 */
public record Circuit(QuantizedModel model, int batch, Options options, Map<String, TensorPlan> tensors, List<LayerPlan> layers,
                      List<Decomposition> decompositions, List<ReluPlan> relus, List<ZeroCheck> zeroChecks, List<LookupPlan> lookups, List<TablePlan> tables,
                      List<VectorSpec> modelVectors,
                      List<VectorSpec> witnessVectors, List<VectorSpec> inverseVectors, List<VectorRef> libraMasks, int[] libraDegrees,
                      Constraints constraints, AccuracyPlan accuracy, TrainingPlan training, LogUpPlan logUp) {
    /**
     * Constraints stated on tensors rather than layers (the circuit kit's generic plans): sparse maps,
     * element-wise products, element-wise linear identities and public sums.
     */
    public record Constraints(List<GatherPlan> gathers, List<ProductPlan> products, List<LinearPlan> linears, List<SumPlan> sums,
                              List<ContractionPlan> contractions, List<SelectionPlan> selections) {
        public static final Constraints NONE = new Constraints(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        public Constraints {
            contractions = List.copyOf(contractions);
            selections = List.copyOf(selections);
            gathers = List.copyOf(gathers);
            products = List.copyOf(products);
            linears = List.copyOf(linears);
            sums = List.copyOf(sums);
        }
    }

    /**
     * The sumcheck mask's table is committed in chunks of at most this many values, so that each
     * fits one commitment row (rows are never narrower) and its explicit-weight claims stay simple.
     */
    public static final int MASK_CHUNK = 1 << 9;


    /**
     * What is private: the input (committed, not public), and whether the output is committed and
     * shown only as its hash instead of in the clear.
     */
    public record Options(boolean privateInput, boolean hashedOutput, AccuracySpec accuracy, TrainingSpec training,
                          List<Boolean> shownInputs, List<Boolean> shownOutputs) {
        public static final Options DEFAULT = new Options(false, false);

        /**
         * @param shownInputs  null, or for a model of several inputs whose packed input is private, per input whether it
         *                     is nevertheless shown (some are, some are not)
         * @param shownOutputs null, or for a model of several outputs, per output whether it is shown (some are, some are
         *                     not: the packed output is then committed)
         */
        public Options {
            shownInputs = shownInputs == null ? null : List.copyOf(shownInputs);
            shownOutputs = shownOutputs == null ? null : List.copyOf(shownOutputs);
            if (shownInputs != null && (!privateInput || !shownInputs.contains(true) || !shownInputs.contains(false))) {
                throw new IllegalArgumentException("inputs are shown one by one only when some are private and some are not");
            }
            if (shownOutputs != null && (!shownOutputs.contains(true) || !shownOutputs.contains(false) && !hashedOutput)) {
                throw new IllegalArgumentException("outputs are shown one by one only when some are hidden and some are not");
            }
        }

        public Options(boolean privateInput, boolean hashedOutput, AccuracySpec accuracy, TrainingSpec training) {
            this(privateInput, hashedOutput, accuracy, training, null, null);
        }

        /**
         * An inference proof's visibility, port by port.
         *
         * @param shownInputs  per input of the model, whether the proof shows it
         * @param hashedOutput whether the proof states the outputs' commitment
         * @param shownOutputs per output, whether the proof shows it in the clear (all, when not hashed, is the usual case)
         */
        public static Options visibility(List<Boolean> shownInputs, boolean hashedOutput, List<Boolean> shownOutputs) {
            boolean allIn = !shownInputs.contains(false);
            boolean someIn = shownInputs.contains(true);
            boolean allOut = !shownOutputs.contains(false);
            boolean someOut = shownOutputs.contains(true);
            return new Options(!allIn, hashedOutput, null, null, someIn && !allIn ? shownInputs : null,
                    someOut && (!allOut || hashedOutput) ? shownOutputs : null);
        }


        /** An accuracy proof: the input is the committed dataset's rows (private), the output stays committed. */
        public static Options accuracy(AccuracySpec spec) {
            return new Options(true, false, spec, null);
        }

        /** A training step: the input is a batch of the committed dataset's rows, the output stays committed, and the step goes backwards. */
        public static Options training(TrainingSpec spec) {
            return new Options(true, false, null, spec);
        }

        public Options(boolean privateInput, boolean hashedOutput) {
            this(privateInput, hashedOutput, null, null);
        }

        public Options(boolean privateInput) {
            this(privateInput, false);
        }
    }

    /** A committed vector's role (data, or the mask of another vector, or the sumcheck mask). */
    public record VectorSpec(VectorRef ref, Kind kind, VectorRef maskOf) {
        public enum Kind { DATA, MASK, SUMCHECK_MASK }
    }

    public TensorPlan tensor(String name) {
        TensorPlan p = tensors.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no plan for tensor '" + name + "'");
        }
        return p;
    }

    public TensorPlan input() {
        return tensor(model.input());
    }

    public TensorPlan output() {
        return tensor(model.output());
    }

    /**
     * The padded batch: inputs beyond the real ones repeat the first, unless given (an accuracy
     * circuit's are its dataset's padding rows, zero rows rescaled).
     */
    public int batchPadded() {
        return input().layout().batchPadded();
    }
}
