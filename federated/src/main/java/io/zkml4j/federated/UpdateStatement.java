package io.zkml4j.federated;

import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.ProvableRecipe;
import io.zkml4j.training.TrainingSetupException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The statement of a participant's update: "W' results from the plan's local recipe run from the
 * round's global model W_r (public) on the dataset committed at enrolment". Its recipe digest, which
 * the training proof binds into its transcript, also names the federation, the plan, the round and
 * the participant's public key, so an update proof cannot be replayed in another round, by another
 * participant, or in another federation.
 */
public final class UpdateStatement {
    /** The training's fixed-point format: every participant and the coordinator use this one. */
    public static final FixedPointTrainer.Format FORMAT = FixedPointTrainer.Format.DEFAULT;

    private UpdateStatement() {}

    /** Who and where an update is for. */
    public record Context(byte[] federationId, byte[] planDigest, int round, byte[] participantKey) {
        public Context {
            federationId = federationId.clone();
            planDigest = planDigest.clone();
            participantKey = participantKey.clone();
        }
    }

    public static TrainingProver.Statement of(FederationPlan plan, Context context, GlobalModel global, DatasetCommitment data)
            throws TrainingSetupException {
        TrainingProver.Statement local = ProvableRecipe.statement(plan.localRecipe(), global.network(FORMAT), data, FORMAT);
        return new TrainingProver.Statement(boundDigest(context, local.recipeDigest()), local.architecture(), local.spec(), local.initialWeights(),
                local.initialBiases(), local.steps());
    }

    /** SHA-256 of the context and the local recipe's digest (which already names the global model and the dataset). */
    static byte[] boundDigest(Context context, byte[] recipeDigest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zkml4j/federated-update/v1".getBytes(StandardCharsets.US_ASCII));
            for (byte[] part : new byte[][] {context.federationId(), context.planDigest(), context.participantKey(), recipeDigest}) {
                sha.update(ByteBuffer.allocate(4).putInt(part.length).array());
                sha.update(part);
            }
            sha.update(ByteBuffer.allocate(4).putInt(context.round()).array());
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Why an update's proof failed, for its participant and the record: the verifier's first failed
     * check, said to be about this statement (a proof made for other weights, another round or
     * another participant diverges from the verifier's transcript, which otherwise reads like a
     * damaged file).
     */
    static String invalidProof(io.zkml4j.core.transcript.InvalidProofException e) {
        return "invalid proof: it does not prove these weights from this round's model on the enrolled dataset for this participant ("
                + e.getMessage() + ")";
    }
}
