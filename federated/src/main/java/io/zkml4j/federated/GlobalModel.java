package io.zkml4j.federated;

import io.zkml4j.proof.TrainingStatement;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.LayerActivation;

import java.util.ArrayList;
import java.util.List;

/**
 * A model of the federation in the training's fixed point: each layer's weights ([output][input]
 * flattened, fraction fw) and biases (fraction fw + fa), with its activations. The global model of
 * a round, and a participant's trained weights, are such integers; as a {@link DenseNetwork} they
 * are dyadic doubles that convert back exactly, so the local recipe starts from exactly them.
 */
public record GlobalModel(long[][] weights, long[][] biases, LayerActivation[] activations, int inputs) {
    static final String MAGIC = "ZKGM";
    /** Version 1 carries a ReLU flag per layer (written for models of ReLU and plain layers, as before); version 2 any activation. */
    static final int VERSION = 2;
    private static final int RELU_FLAGS = 1;
    /** Layers and units an encoded model may declare: bounds checked before anything is allocated. */
    static final int MAX_LAYERS = 64;
    static final int MAX_VALUES = 1 << 26;

    public GlobalModel {
        if (weights.length != biases.length || weights.length != activations.length || weights.length == 0) {
            throw new IllegalArgumentException("a model has one weight vector, one bias vector and one activation per layer");
        }
        int in = inputs;
        for (int l = 0; l < weights.length; l++) {
            int out = biases[l].length;
            if (out < 1 || in < 1 || (long) in * out != weights[l].length) {
                throw new IllegalArgumentException("layer " + l + " has " + weights[l].length + " weights for " + in + " inputs and " + out + " outputs");
            }
            in = out;
        }
        weights = deepCopy(weights);
        biases = deepCopy(biases);
        activations = activations.clone();
    }

    /** A model whose layers have ReLU where {@code relu} says and nothing elsewhere. */
    public GlobalModel(long[][] weights, long[][] biases, boolean[] relu, int inputs) {
        this(weights, biases, reluOrNone(relu), inputs);
    }

    private static LayerActivation[] reluOrNone(boolean[] relu) {
        LayerActivation[] out = new LayerActivation[relu.length];
        for (int l = 0; l < relu.length; l++) {
            out[l] = relu[l] ? LayerActivation.RELU : LayerActivation.NONE;
        }
        return out;
    }

    /** The network's weights in the format, with its activations. */
    public static GlobalModel of(DenseNetwork network, FixedPointTrainer.Format format) {
        LayerActivation[] activations = network.layers().stream().map(DenseNetwork.Layer::activation).toArray(LayerActivation[]::new);
        return new GlobalModel(FixedPointTrainer.initialWeights(network, format), FixedPointTrainer.initialBiases(network, format), activations,
                network.inputs());
    }

    /** The same integers as doubles (exactly). */
    public DenseNetwork network(FixedPointTrainer.Format format) {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int l = 0; l < weights.length; l++) {
            int out = biases[l].length;
            double[][] w = new double[out][in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o][i] = Math.scalb((double) weights[l][o * in + i], -format.weightFraction());
                }
            }
            double[] b = new double[out];
            for (int o = 0; o < out; o++) {
                b[o] = Math.scalb((double) biases[l][o], -(format.weightFraction() + format.activationFraction()));
            }
            layers.add(new DenseNetwork.Layer(w, b, activations[l]));
            in = out;
        }
        return new DenseNetwork(layers);
    }

    public int layers() {
        return weights.length;
    }

    /** The digest anyone recomputes to name this model: the training proof's digest of public weights. */
    public byte[] digest() {
        return TrainingStatement.publicDigest(weights, biases);
    }

    /** Whether another model has this one's layer shapes (an update must). */
    public boolean sameShape(GlobalModel other) {
        if (other.inputs != inputs || other.layers() != layers()) {
            return false;
        }
        for (int l = 0; l < layers(); l++) {
            if (other.biases[l].length != biases[l].length || !other.activations[l].equals(activations[l])) {
                return false;
            }
        }
        return true;
    }

    /** Whether every layer has ReLU or nothing: such a model is written in version 1, which earlier peers read. */
    private boolean reluOnly() {
        return java.util.Arrays.stream(activations).allMatch(f -> f.isNone() || f.kind() == LayerActivation.Kind.RELU);
    }

    public byte[] encode() {
        boolean flags = reluOnly();
        BinaryWriter w = new BinaryWriter().magic(MAGIC, flags ? RELU_FLAGS : VERSION).i32(inputs).i32(layers());
        for (int l = 0; l < layers(); l++) {
            if (flags) {
                w.bool(activations[l].kind() == LayerActivation.Kind.RELU);
            } else {
                w.u8(activations[l].code()).f64(activations[l].alpha());
            }
            w.i32(biases[l].length).longs(weights[l]).longs(biases[l]);
        }
        return w.toByteArray();
    }

    public static GlobalModel decode(byte[] data, String source) throws FileFormatException {
        BinaryReader r = new BinaryReader(data, source);
        int version = r.magic(MAGIC, "zkml4j federation model", VERSION);
        int inputs = r.i32("inputs", 1, 1 << 20);
        int layers = r.i32("layer count", 1, MAX_LAYERS);
        long[][] weights = new long[layers][];
        long[][] biases = new long[layers][];
        LayerActivation[] activations = new LayerActivation[layers];
        int in = inputs;
        for (int l = 0; l < layers; l++) {
            activations[l] = version == RELU_FLAGS ? (r.bool("layer " + l + " ReLU flag") ? LayerActivation.RELU : LayerActivation.NONE)
                    : activation(r, l, source);
            int out = r.i32("layer " + l + " outputs", 1, 1 << 20);
            if ((long) in * out > MAX_VALUES) {
                throw new FileFormatException(source + ": layer " + l + " declares " + in + " × " + out + " weights, more than " + MAX_VALUES);
            }
            weights[l] = r.longs("layer " + l + " weights", in * out);
            biases[l] = r.longs("layer " + l + " biases", out);
            in = out;
        }
        r.finish();
        return new GlobalModel(weights, biases, activations, inputs);
    }

    private static LayerActivation activation(BinaryReader r, int l, String source) throws FileFormatException {
        int code = r.u8("layer " + l + " activation");
        double alpha = r.f64("layer " + l + " slope");
        try {
            return LayerActivation.ofCode(code, alpha);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(source + ": layer " + l + ": " + e.getMessage());
        }
    }

    private static long[][] deepCopy(long[][] a) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
