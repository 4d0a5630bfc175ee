package io.zkml4j.proof;

import io.zkml4j.core.pcs.LigeroParameters;
import io.zkml4j.core.transcript.FiatShamirVerifier;
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
        InvalidProofException.check(Arrays.equals(proof.recipeDigest(), statement.recipeDigest()),
                "the proof is for another recipe (digest %s), not this one (%s)", TrainingProver.hex(proof.recipeDigest()),
                TrainingProver.hex(statement.recipeDigest()));
        InvalidProofException.check(Arrays.equals(proof.datasetDigest(), data.digest()),
                "the proof is for another dataset (digest %s), not this one (%s)", TrainingProver.hex(proof.datasetDigest()), data.digestHex());
        InvalidProofException.check(Arrays.equals(proof.modelDigest(), trained.digest()),
                "the proof is for another trained model (key digest %s), not this verifying key (%s)", TrainingProver.hex(proof.modelDigest()),
                trained.digestHex());
        String problem = statement.problem();
        InvalidProofException.check(problem == null, "the statement's steps are not ones this verifier checks: %s", problem);
        InvalidProofException.check(proof.steps() == statement.steps().length, "the proof has %d steps, the recipe %d", proof.steps(),
                statement.steps().length);
        TrainingSpec spec = statement.spec();
        InvalidProofException.check(data.rows() == spec.datasetRows() && data.features() == spec.features() && data.labelClasses() == spec.labelClasses()
                        && data.widthBits() == spec.widthBits(), "the dataset (%d rows of %d features) is not the one the recipe was laid out for",
                data.rows(), data.features());
        String shape = architectureProblem(trained.architecture(), statement.architecture(), spec.format());
        InvalidProofException.check(shape == null, "the verifying key's model is not the recipe's network: %s", shape);
        LigeroParameters keyParams = trained.proofParameters();
        InvalidProofException.check(data.commitment().parameters().hash().name().equals(keyParams.hash().name()),
                "the dataset is committed with %s, the model's proofs use %s", data.commitment().parameters().hash().name(), keyParams.hash().name());
        TrainingProtocol.Plan plan = statement.plan();
        LigeroParameters params = AccuracyStatement.parameters(TrainingProtocol.committedElements(plan, statement.steps()), keyParams);
        String geometry = io.zkml4j.core.sealed.SealedOpening.geometryProblem(data.commitment(), params);
        InvalidProofException.check(geometry == null, "the dataset commitment cannot be opened in a proof: %s", geometry);
        Circuit initial = TrainingStatement.circuit(statement.initialModel(), spec);
        FiatShamirVerifier channel = new FiatShamirVerifier(keyParams.hash(), TrainingProver.domainSeparator(trained.commitment().parameters(),
                data.commitment().parameters(), params), proof.transcript());
        TrainingProtocol.verify(plan, params, new TrainingProtocol.Statement(statement.recipeDigest(), data.commitment(), data.digest(),
                statement.steps(), ModelVectors.build(initial), trained.commitment()), channel, minimumBits);
        channel.finish();
        double bits = Math.min(trained.securityBits(), Math.min(params.security().bits(), data.commitment().parameters().security().bits()));
        return new VerifiedTraining(TrainingProver.hex(statement.recipeDigest()), data.digestHex(), trained.digestHex(), statement.steps().length,
                data.rows(), bits);
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
            Activation.Kind kind = arch.relu()[l] ? Activation.Kind.RELU : Activation.Kind.IDENTITY;
            if (!d.input().equals(previous) || d.in() != arch.widths()[l] || d.out() != arch.widths()[l + 1] || d.requant().shift() != format.weightFraction()
                    || d.requant().activation().kind() != kind) {
                return "layer " + l + " is not " + arch.widths()[l] + " → " + arch.widths()[l + 1] + (arch.relu()[l] ? " with ReLU" : "")
                        + ", requantised by 2^" + format.weightFraction();
            }
            previous = d.output();
        }
        return previous.equals(model.output()) ? null : "its output is not its last layer's";
    }
}
