package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.TrainingSpec;
import io.zkml4j.proof.witness.ModelVectors;

import java.util.Arrays;

/** Checks training proofs against the public statement, the dataset's description and the trained model's verifying key. Every rejection says why. */
public final class TrainingVerifier {
    private TrainingVerifier() {}

    public static VerifiedTraining verify(TrainingProver.Statement statement, DatasetCommitment data, VerifyingKey trained, TrainingProof proof)
            throws InvalidProofException {
        return verify(statement, data, trained, proof, Verifier.DEFAULT_MINIMUM_BITS);
    }

    /**
     * Verifies that the weights committed in {@code trained} result from the statement's recipe on
     * the dataset described by {@code data}.
     *
     * @throws InvalidProofException with the reason, when the proof is not valid for them
     */
    public static VerifiedTraining verify(TrainingProver.Statement statement, DatasetCommitment data, VerifyingKey trained, TrainingProof proof,
                                          double minimumBits) throws InvalidProofException {
        InvalidProofException.check(Arrays.equals(proof.modelDigest(), trained.digest()),
                "the proof is for another trained model (key digest %s), not this verifying key (%s)", TrainingProver.hex(proof.modelDigest()),
                trained.digestHex());
        checkStatement(statement, data, proof);
        String shape = architectureProblem(trained.architecture(), statement.architecture(), statement.spec().format());
        InvalidProofException.check(shape == null, "the verifying key's model is not the recipe's network: %s", shape);
        LigeroParameters keyParams = trained.proofParameters();
        InvalidProofException.check(data.commitment().parameters().hash().name().equals(keyParams.hash().name()),
                "the dataset is committed with %s, the model's proofs use %s", data.commitment().parameters().hash().name(), keyParams.hash().name());
        LigeroParameters params = TrainingProver.proofParameters(statement, keyParams);
        run(statement, data, new TrainingProtocol.Trained.Committed(trained.commitment()), params, TrainingProver.domainSeparator(
                trained.commitment().parameters(), data.commitment().parameters(), params), proof, minimumBits);
        double bits = Math.min(trained.securityBits(), Math.min(params.security().bits(), data.commitment().parameters().security().bits()));
        return new VerifiedTraining(TrainingProver.hex(statement.recipeDigest()), data.digestHex(), trained.digestHex(), statement.steps().length,
                data.rows(), bits);
    }

    /**
     * Verifies that the given public weights and biases (signed, per layer, as
     * {@link TrainingProver#proveToPublicWeights} returns them) result from the statement's recipe
     * on the dataset described by {@code data}: a federated participant's update.
     *
     * @throws InvalidProofException with the reason, when the proof is not valid for them
     */
    public static VerifiedTraining verifyToPublicWeights(TrainingProver.Statement statement, DatasetCommitment data, long[][] weights, long[][] biases,
                                                         TrainingProof proof, double minimumBits) throws InvalidProofException {
        String shape = publicWeightsProblem(statement.architecture(), weights, biases);
        InvalidProofException.check(shape == null, "the trained weights are not the recipe's network: %s", shape);
        byte[] digest = TrainingStatement.publicDigest(weights, biases);
        InvalidProofException.check(Arrays.equals(proof.modelDigest(), digest), "the proof is for other trained weights (digest %s), not these (%s)",
                TrainingProver.hex(proof.modelDigest()), TrainingProver.hex(digest));
        checkStatement(statement, data, proof);
        LigeroParameters params = TrainingProver.publicParameters(statement, data);
        Circuit circuit = TrainingStatement.circuit(TrainingStatement.forwardModel(statement.architecture(), weights, biases, statement.spec().format()),
                statement.spec());
        run(statement, data, new TrainingProtocol.Trained.Public(ModelVectors.build(circuit)), params,
                TrainingProver.publicDomainSeparator(data.commitment().parameters(), params), proof, minimumBits);
        double bits = Math.min(params.security().bits(), data.commitment().parameters().security().bits());
        return new VerifiedTraining(TrainingProver.hex(statement.recipeDigest()), data.digestHex(), TrainingProver.hex(digest), statement.steps().length,
                data.rows(), bits);
    }

    /** The proof names this recipe and dataset, and the statement is one this verifier checks. */
    private static void checkStatement(TrainingProver.Statement statement, DatasetCommitment data, TrainingProof proof) throws InvalidProofException {
        // The dataset first: a statement read from a recipe and another dataset has another recipe digest too (the
        // batches' order is keyed by the dataset), and the dataset is what the user got wrong.
        InvalidProofException.check(Arrays.equals(proof.datasetDigest(), data.digest()),
                "the proof is for another dataset (digest %s), not this one (%s)", TrainingProver.hex(proof.datasetDigest()), data.digestHex());
        InvalidProofException.check(Arrays.equals(proof.recipeDigest(), statement.recipeDigest()),
                "the proof is for another recipe (digest %s), not this one (%s)", TrainingProver.hex(proof.recipeDigest()),
                TrainingProver.hex(statement.recipeDigest()));
        String problem = statement.problem();
        InvalidProofException.check(problem == null, "the statement's steps are not ones this verifier checks: %s", problem);
        InvalidProofException.check(proof.steps() == statement.steps().length, "the proof has %d steps, the recipe %d", proof.steps(),
                statement.steps().length);
        TrainingSpec spec = statement.spec();
        InvalidProofException.check(data.rows() == spec.datasetRows() && data.features() == spec.features() && data.labelClasses() == spec.labelClasses()
                        && data.widthBits() == spec.widthBits(), "the dataset (%d rows of %d features) is not the one the recipe was laid out for",
                data.rows(), data.features());
    }

    private static void run(TrainingProver.Statement statement, DatasetCommitment data, TrainingProtocol.Trained trained, LigeroParameters params,
                            String domain, TrainingProof proof, double minimumBits) throws InvalidProofException {
        String geometry = io.zkml4j.core.sealed.SealedOpening.geometryProblem(data.commitment(), params);
        InvalidProofException.check(geometry == null, "the dataset commitment cannot be opened in a proof: %s", geometry);
        Circuit initial = TrainingStatement.circuit(statement.initialModel(), statement.spec());
        TrainingChunks.verify(new TrainingChunks.Setting(statement, statement.plan(), data, ModelVectors.build(initial), params, domain), trained,
                proof.transcript(), minimumBits);
    }

    /** Why public weights and biases are not the architecture's layers within the 32-bit range (null when they are). */
    static String publicWeightsProblem(TrainingStatement.Architecture arch, long[][] weights, long[][] biases) {
        if (weights.length != arch.layers() || biases.length != arch.layers()) {
            return "it has " + weights.length + " weight and " + biases.length + " bias layers, the recipe " + arch.layers();
        }
        long limit = 1L << (TrainingSpec.WEIGHT_BITS - 1);
        for (int l = 0; l < arch.layers(); l++) {
            if (weights[l].length != (long) arch.widths()[l] * arch.widths()[l + 1] || biases[l].length != arch.widths()[l + 1]) {
                return "layer " + l + " has " + weights[l].length + " weights and " + biases[l].length + " biases, not " + arch.widths()[l] + " × "
                        + arch.widths()[l + 1] + " and " + arch.widths()[l + 1];
            }
            for (long[] values : new long[][] {weights[l], biases[l]}) {
                for (long v : values) {
                    if (v < -limit || v >= limit) {
                        return "layer " + l + " has a value (" + v + ") outside the 32-bit range";
                    }
                }
            }
        }
        return null;
    }

    /** The same function: kind and every parameter a training step's activation has. */
    private static boolean sameActivation(Activation a, Activation b) {
        return a.kind() == b.kind() && Double.compare(a.alpha(), b.alpha()) == 0 && Double.compare(a.inputScale(), b.inputScale()) == 0
                && a.outputBits() == b.outputBits();
    }

    /** Why a key's model is not the forward model of this architecture and format (null when it is). */
    static String architectureProblem(QuantizedModel model, TrainingStatement.Architecture arch, TrainingSpec.Format format) {
        if (model.layers().size() != arch.layers()) {
            return "it has " + model.layers().size() + " layers, the recipe " + arch.layers();
        }
        double scale = Math.scalb(1.0, -format.activationFraction());
        if (model.inputSpec().scale() != scale || model.inputSpec().size() != arch.widths()[0]) {
            return "its input is not " + arch.widths()[0] + " activations with " + format.activationFraction() + " fraction bits";
        }
        String previous = model.input();
        for (int l = 0; l < arch.layers(); l++) {
            if (!(model.layers().get(l) instanceof QLayer.Dense d)) {
                return "layer " + l + " is not dense";
            }
            Activation f = arch.activations()[l];
            if (!d.input().equals(previous) || d.in() != arch.widths()[l] || d.out() != arch.widths()[l + 1] || d.requant().shift() != format.weightFraction()
                    || !sameActivation(d.requant().activation(), f)) {
                return "layer " + l + " is not " + arch.widths()[l] + " → " + arch.widths()[l + 1] + (f.isIdentity() ? "" : " with " + f.describe())
                        + ", requantised by 2^" + format.weightFraction();
            }
            previous = d.output();
        }
        return previous.equals(model.output()) ? null : "its output is not its last layer's";
    }
}
