package io.zkml4j.training;

import io.zkml4j.model.data.InputRescale;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingStatement;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TrainingSpec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recipe as the statement of a training proof, derived the same way by prover and verifier from
 * public data (the recipe, its initial network and the dataset's description): the architecture,
 * the exact fixed-point format and rates, the initial weights in that format, every step's rows
 * (from {@link BatchOrder}, keyed by the seed, the dataset's digest and the initial model's digest),
 * and a digest of all of it that the proof names.
 */
public final class ProvableRecipe {
    private ProvableRecipe() {}

    /** What cannot be proven is refused before any work, with the reason; everything else becomes the statement. */
    public static TrainingProver.Statement statement(Recipe recipe, DenseNetwork initial, DatasetCommitment data, FixedPointTrainer.Format format)
            throws TrainingSetupException {
        if (initial.inputs() != data.features()) {
            throw new TrainingSetupException("the dataset has " + data.features() + " features a row, the network takes " + initial.inputs());
        }
        if (data.labelClasses() > initial.outputs()) {
            throw new TrainingSetupException("the dataset's labels go up to " + (data.labelClasses() - 1) + ", the network has " + initial.outputs()
                    + " outputs");
        }
        TrainingStatement.Architecture arch;
        long[][] weights, biases;
        long lr;
        InputRescale rescale;
        TrainingSpec spec;
        try {
            arch = architecture(initial, format);
            weights = FixedPointTrainer.initialWeights(initial, format);
            biases = FixedPointTrainer.initialBiases(initial, format);
            lr = FixedPointTrainer.rate("learning_rate", recipe.optimizer().learningRate(), format);
            long momentum = FixedPointTrainer.rate("momentum", recipe.optimizer().momentum(), format);
            long decay = FixedPointTrainer.rate("weight_decay", recipe.optimizer().weightDecay(), format);

            rescale = InputRescale.of(Math.scalb(1.0, -format.activationFraction()), data.fractionBits());
            int batch = Math.min(recipe.batchSize(), data.rows());
            spec = new TrainingSpec(recipe.loss() == Recipe.Loss.CROSS_ENTROPY ? TrainingSpec.Loss.CROSS_ENTROPY : TrainingSpec.Loss.MSE, batch,
                    data.rows(), data.features(), data.labelClasses(), data.widthBits(), rescale, format.spec(), lr, momentum, decay);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TrainingSetupException("the recipe cannot be proven: " + e.getMessage());
        }
        if (TablePlan.hasDerivative(arch.activations()[arch.layers() - 1])) { // (the circuit refuses it too, but only once the training has run)
            throw new TrainingSetupException("the last layer is followed by " + initial.layers().get(arch.layers() - 1).activation().describe()
                    + "; a proven training takes the last dense layer's output as the logits");
        }
        byte[] initialDigest = initialDigest(arch, weights, biases, format);
        BatchOrder order = new BatchOrder(recipe.seed(), data.digest(), initialDigest, data.rows());

        List<long[]> steps = new ArrayList<>();
        int batch = spec.batch();
        for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
            int[] perm = order.permutation(epoch);
            for (int s = 0; s < order.batches(batch); s++) {
                steps.add(Arrays.stream(Arrays.copyOfRange(perm, s * batch, Math.min(perm.length, (s + 1) * batch))).asLongStream().toArray());
            }
        }
        byte[] digest = recipeDigest(recipe, initialDigest, data.digest(), spec, format);
        return new TrainingProver.Statement(digest, arch, spec, weights, biases, steps.toArray(new long[0][]));
    }

    /** The batch order of a recipe on a dataset: keyed by the seed, the dataset's digest and the initial model's (in the format). */
    static BatchOrder batchOrder(Recipe recipe, DenseNetwork initial, DatasetCommitment data, FixedPointTrainer.Format format)
            throws TrainingSetupException {
        try {
            return new BatchOrder(recipe.seed(), data.digest(), initialDigest(architecture(initial, format),
                    FixedPointTrainer.initialWeights(initial, format), FixedPointTrainer.initialBiases(initial, format), format), data.rows());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new TrainingSetupException(e.getMessage());
        }
    }

    /** The network's shape with its activations in the format (IllegalArgumentException where one cannot be proven). */
    static TrainingStatement.Architecture architecture(DenseNetwork initial, FixedPointTrainer.Format format) {
        int n = initial.layers().size();
        int[] widths = new int[n + 1];
        io.zkml4j.model.quant.Activation[] activations = new io.zkml4j.model.quant.Activation[n];
        widths[0] = initial.inputs();
        for (int l = 0; l < n; l++) {
            widths[l + 1] = initial.layers().get(l).outputs();
            activations[l] = initial.layers().get(l).activation().quantised(format.activationFraction());
        }
        return new TrainingStatement.Architecture(widths, activations);
    }

    /** SHA-256 of the architecture, the format and the initial weights and biases in it: what keys the batch order. */
    static byte[] initialDigest(TrainingStatement.Architecture arch, long[][] weights, long[][] biases, FixedPointTrainer.Format format) {
        MessageDigest sha = sha256("zkml4j/initial-model/v1");
        longs(sha, Arrays.stream(arch.widths()).asLongStream().toArray());
        for (int l = 0; l < arch.layers(); l++) {
            int code = TrainingStatement.Architecture.code(arch.activations()[l]);
            longs(sha, code); // all a ReLU or plain layer adds, as in the first training proofs
            if (code > 1) {
                longs(sha, arch.parameters(l));
            }
        }
        longs(sha, format.activationFraction(), format.gradientFraction(), format.weightFraction(), format.rateFraction());
        for (int l = 0; l < weights.length; l++) {
            longs(sha, weights[l]);
            longs(sha, biases[l]);
        }
        return sha.digest();
    }

    /** SHA-256 of the whole recipe as proven: the initial model's digest, the dataset's, loss, rates, batch size, epochs, seed, format. */
    static byte[] recipeDigest(Recipe recipe, byte[] initialDigest, byte[] datasetDigest, TrainingSpec spec, FixedPointTrainer.Format format) {
        MessageDigest sha = sha256("zkml4j/recipe/v1");
        sha.update(initialDigest);
        sha.update(datasetDigest);
        sha.update(recipe.loss().json().getBytes(StandardCharsets.UTF_8));
        longs(sha, spec.learningRate(), spec.momentum(), spec.weightDecay(),
                recipe.batchSize(), recipe.epochs(), recipe.seed(), format.activationFraction(), format.gradientFraction(), format.weightFraction(),
                format.rateFraction());
        return sha.digest();
    }

    private static MessageDigest sha256(String domain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(domain.getBytes(StandardCharsets.US_ASCII));
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void longs(MessageDigest sha, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * values.length).putLong(values.length);
        for (long v : values) {
            b.putLong(v);
        }
        sha.update(b.array());
    }
}
