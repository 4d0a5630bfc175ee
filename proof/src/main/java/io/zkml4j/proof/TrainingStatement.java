package io.zkml4j.proof;

import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TensorLayout;
import io.zkml4j.proof.circuit.TrainingPlan;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.relation.PublicTensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What prover and verifier of a training proof both derive from public data: the forward model a
 * step's circuit runs (the architecture with the format's requantisation), each step's circuit
 * and its public tensors (the batch's rows and which of them are real).
 */
public final class TrainingStatement {
    private TrainingStatement() {}

    /**
     * The network's shape: layer l maps widths[l] inputs to widths[l + 1] outputs, then applies
     * activations[l] to the requantised values (identity, ReLU, or for hidden layers leaky ReLU,
     * sigmoid or tanh in the training format).
     */
    public record Architecture(int[] widths, Activation[] activations) {
        public Architecture {
            if (widths.length < 2 || activations.length != widths.length - 1) {
                throw new IllegalArgumentException("an architecture has at least one layer and an activation per layer");
            }
            widths = widths.clone();
            activations = activations.clone();
            for (Activation f : activations) {
                code(f); // refuses what a training step cannot state
            }
        }

        /** Layers with a ReLU where relu[l], none elsewhere. */
        public Architecture(int[] widths, boolean[] relu) {
            this(widths, reluOrIdentity(relu));
        }

        private static Activation[] reluOrIdentity(boolean[] relu) {
            Activation[] out = new Activation[relu.length];
            for (int l = 0; l < relu.length; l++) {
                out[l] = relu[l] ? Activation.RELU : Activation.IDENTITY;
            }
            return out;
        }

        public int layers() {
            return activations.length;
        }

        /** Whether every layer has ReLU or no activation (the architectures of the first training proofs). */
        public boolean reluOnly() {
            return java.util.Arrays.stream(activations).allMatch(f -> code(f) <= 1);
        }

        /**
         * An activation's code in the statement: 0 none, 1 ReLU, 2 leaky ReLU, 3 sigmoid, 4 tanh (its
         * parameters are bound beside it, {@link #parameters}).
         */
        public static int code(Activation f) {
            return switch (f.kind()) {
                case IDENTITY -> 0;
                case RELU -> 1;
                case LEAKY_RELU -> 2;
                case SIGMOID -> 3;
                case TANH -> 4;
                default -> throw new IllegalArgumentException("a trained layer takes ReLU, leaky ReLU, sigmoid, tanh or no activation, not "
                        + f.describe());
            };
        }

        /** Layer l's activation parameters as 64-bit patterns: the slope α, the input scale and the output's fraction bits. */
        public long[] parameters(int l) {
            Activation f = activations[l];
            return new long[] {Double.doubleToLongBits(f.alpha()), Double.doubleToLongBits(f.inputScale()), f.outputBits()};
        }
    }

    /**
     * The quantised model of a dense network in the training format: layer l's weights (fraction fw,
     * [output][input] flattened) and biases (fraction fw + fa), requantised by 2^fw, inputs and
     * outputs activations with fraction fa. Its integer semantics are a training step's forward pass.
     */
    public static QuantizedModel forwardModel(Architecture arch, long[][] weights, long[][] biases, TrainingSpec.Format format) {
        Map<String, QuantizedModel.TensorSpec> tensors = new LinkedHashMap<>();
        double scale = Math.scalb(1.0, -format.activationFraction());
        tensors.put("x", new QuantizedModel.TensorSpec(new int[] {arch.widths()[0]}, scale));
        List<QLayer> layers = new ArrayList<>();
        String input = "x";
        for (int l = 0; l < arch.layers(); l++) {
            String output = l == arch.layers() - 1 ? "y" : "h" + (l + 1);
            tensors.put(output, new QuantizedModel.TensorSpec(new int[] {arch.widths()[l + 1]}, scale));
            layers.add(new QLayer.Dense("dense" + l, input, output, arch.widths()[l], arch.widths()[l + 1], weights[l], biases[l],
                    new Requant(format.weightFraction(), arch.activations()[l])));
            input = output;
        }
        return new QuantizedModel("trained", tensors, "x", "y", layers);
    }

    /** A step's circuit (the model's weights do not enter it: only its shape). */
    public static Circuit circuit(QuantizedModel model, TrainingSpec spec) {
        return CircuitCompiler.compile(model, spec.batch(), Circuit.Options.training(spec));
    }

    /** A step's public tensors: its rows (indices into the dataset) and which rows of the padded batch are real. */
    public static PublicTensors publicTensors(Circuit circuit, long[] rows) {
        TrainingPlan plan = circuit.training();
        if (rows.length != plan.spec().batch()) {
            throw new IllegalArgumentException("the step's circuit takes " + plan.spec().batch() + " rows, got " + rows.length);
        }
        PublicTensors pub = new PublicTensors();
        pub.put(TrainingPlan.ROWS, rows.clone());
        long[] real = new long[plan.realRows().layout().size()];
        TensorLayout out = plan.realPositions().layout();
        long[] positions = new long[out.size()];
        for (int b = 0; b < rows.length; b++) {
            real[b] = 1;
            for (int i : out.proofIndex()) {
                positions[b * out.sampleSize() + i] = 1;
            }
        }
        pub.put(TrainingPlan.REAL_ROWS, real);
        pub.put(TrainingPlan.REAL_POSITIONS, positions);
        return pub;
    }

    /** The model vectors (circuit layout, field elements) back as each layer's weights and biases (signed). */
    public static long[][][] fromVectors(Circuit circuit, long[][] vectors) {
        List<io.zkml4j.proof.circuit.LayerPlan> layers = circuit.layers();
        long[][] weights = new long[layers.size()][];
        long[][] biases = new long[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            io.zkml4j.proof.circuit.LayerPlan.Dense d = (io.zkml4j.proof.circuit.LayerPlan.Dense) layers.get(l);
            int in = d.layer().in(), out = d.layer().out();
            long[] w = vectors[d.weight().poly()];
            long[] b = vectors[d.bias().poly()];
            int[] col = d.input().layout().proofIndex();
            weights[l] = new long[in * out];
            biases[l] = new long[out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    weights[l][o * in + i] = io.zkml4j.core.field.Goldilocks.toSigned(w[o * d.columns() + col[i]]);
                }
                biases[l][o] = io.zkml4j.core.field.Goldilocks.toSigned(b[o]);
            }
        }
        return new long[][][] {weights, biases};
    }

    /**
     * The digest that names public trained weights in a training proof (where a key's digest names
     * committed ones): SHA-256 of a tag, then per layer its weights and biases, each with its length.
     */
    public static byte[] publicDigest(long[][] weights, long[][] biases) {
        io.zkml4j.proof.format.BinaryWriter w = new io.zkml4j.proof.format.BinaryWriter().magic("ZKPW", 1).i32(weights.length);
        for (int l = 0; l < weights.length; l++) {
            w.i32(weights[l].length);
            for (long v : weights[l]) {
                w.i64(v);
            }
            w.i32(biases[l].length);
            for (long v : biases[l]) {
                w.i64(v);
            }
        }
        return io.zkml4j.core.hash.Sha256.INSTANCE.hash(w.toByteArray());
    }
}
