package io.zkml4j.federated;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.TrainingSetupException;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's rules, apart from HTTP: enrolment, rounds, the verification of every update,
 * and federated averaging over the verified ones. Its state lives in the {@link FederationStore},
 * so a coordinator started again on the same store resumes the open round with every update it
 * had accepted.
 *
 * <p>A round closes early once every enrolled participant has reported (an accepted or rejected
 * update) and at least {@code min_updates} were accepted, else at its deadline: with at least
 * {@code min_updates} accepted updates the next round's model is their average, else the round
 * fails and the next starts from the same model. After the plan's last round the federation is finished.
 */
public final class Coordinator {
    /** Why an update or an enrolment was refused, with the HTTP status that says so. */
    public static final class Refused extends Exception {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The verifier's verdict on an update. */
    public record Decision(int update, int round, boolean accepted, String reason, double verifyMs) {}

    /** The open round, or after the last round the federation's final model (round = rounds + 1, closed). */
    public record RoundView(int round, boolean open, long deadlineAt, GlobalModel model) {
        /** Only the row after the last round is closed and last: a closed last row means the federation is finished. */
        public boolean finished() {
            return !open;
        }
    }

    private final FederationPlan plan;
    private final FederationStore store;
    private final Clock clock;
    private final LabelledDataset validation;
    private final byte[] federationId;
    private final double minimumBits;

    private Coordinator(FederationPlan plan, FederationStore store, Clock clock, LabelledDataset validation, byte[] federationId, double minimumBits) {
        this.plan = plan;
        this.store = store;
        this.clock = clock;
        this.validation = validation;
        this.federationId = federationId;
        this.minimumBits = minimumBits;
    }

    /**
     * A coordinator on a store: a new federation (its id random, round 1 open from {@code initial})
     * on an empty store, or the store's federation resumed, which must have this plan.
     */
    public static Coordinator start(FederationPlan plan, GlobalModel initial, FederationStore store, Clock clock, LabelledDataset validation,
                                    double minimumBits) throws SQLException, Refused {
        Optional<FederationStore.Federation> existing = store.federation();
        byte[] id;
        if (existing.isPresent()) {
            if (!Arrays.equals(existing.get().planDigest(), plan.digest())) {
                throw new Refused(409, "the database holds a federation with another plan; start with its plan or another database");
            }
            id = existing.get().federationId();
        } else {
            id = new byte[16];
            new SecureRandom().nextBytes(id);
            long now = clock.millis();
            store.create(new FederationStore.Federation(id, plan.text(), plan.digest(), initial.encode(), now), initial.encode(),
                    now + 1000L * plan.deadlineSeconds());
        }
        return new Coordinator(plan, store, clock, validation, id, minimumBits);
    }

    public byte[] federationId() {
        return federationId.clone();
    }

    public FederationPlan plan() {
        return plan;
    }

    public FederationStore store() {
        return store;
    }

    /** Enrols a participant with its Ed25519 public key (X.509) and its dataset's public description; returns its id. */
    public synchronized int enroll(byte[] publicKey, byte[] datasetDescription) throws Refused, SQLException {
        if (Signatures.publicKey(publicKey) == null) {
            throw new Refused(400, "the public key is not an Ed25519 key in X.509 encoding");
        }
        DatasetCommitment data;
        try {
            data = DatasetCommitment.decode(datasetDescription, "the enrolled dataset");
        } catch (FileFormatException e) {
            throw new Refused(400, e.getMessage());
        }
        GlobalModel model = current().model();
        int outputs = model.biases()[model.layers() - 1].length;
        if (data.features() != model.inputs() || data.labelClasses() > outputs) {
            throw new Refused(422, "the dataset has " + data.features() + " features and labels up to " + (data.labelClasses() - 1) + "; the model takes "
                    + model.inputs() + " features and has " + outputs + " classes");
        }
        for (FederationStore.Participant p : store.participants()) {
            if (Arrays.equals(p.publicKey(), publicKey)) {
                throw new Refused(409, "this public key is already enrolled as participant " + p.id());
            }
        }
        return store.enroll(publicKey, datasetDescription, data.rows(), clock.millis());
    }

    /** The open round, after closing any round whose deadline has passed. */
    public synchronized RoundView current() throws SQLException {
        closeDueRounds();
        List<FederationStore.Round> rounds = store.rounds();
        FederationStore.Round last = rounds.get(rounds.size() - 1);
        try {
            return new RoundView(last.round(), last.open(), last.deadlineAt(), GlobalModel.decode(last.globalModel(), "round " + last.round()));
        } catch (FileFormatException e) {
            throw new SQLException("the stored model of round " + last.round() + " is corrupted: " + e.getMessage(), e);
        }
    }

    /** Closes the open round if its deadline has passed (or every participant reported); called on every request and by a timer. */
    public synchronized void closeDueRounds() throws SQLException {
        List<FederationStore.Round> rounds = store.rounds();
        FederationStore.Round last = rounds.get(rounds.size() - 1);
        if (!last.open()) {
            return;
        }
        List<FederationStore.Update> updates = store.updates(last.round(), false);
        long accepted = updates.stream().filter(FederationStore.Update::accepted).count();
        Set<Integer> reported = new HashSet<>();
        updates.forEach(u -> reported.add(u.participant()));
        List<FederationStore.Participant> participants = store.participants();
        boolean everyone = !participants.isEmpty() && participants.stream().allMatch(p -> reported.contains(p.id()));
        long now = clock.millis();
        if (now >= last.deadlineAt() || (everyone && accepted >= plan.minUpdates())) {
            close(last, accepted, now);
        }
    }

    private void close(FederationStore.Round round, long accepted, long now) throws SQLException {
        GlobalModel next;
        String outcome;
        try {
            GlobalModel global = GlobalModel.decode(round.globalModel(), "round " + round.round());
            if (accepted >= plan.minUpdates()) {
                List<GlobalModel> models = new ArrayList<>();
                List<Long> rows = new ArrayList<>();
                java.util.Map<Integer, Long> rowsOf = new java.util.HashMap<>();
                store.participants().forEach(p -> rowsOf.put(p.id(), p.rows()));
                List<Integer> from = new ArrayList<>();
                for (FederationStore.Update u : store.updates(round.round(), true)) {
                    if (u.accepted()) {
                        models.add(GlobalModel.decode(u.trainedModel(), "update " + u.id()));
                        rows.add(rowsOf.get(u.participant()));
                        from.add(u.id());
                    }
                }
                next = FederatedAveraging.average(models, rows);
                outcome = "aggregated " + from.size() + " updates " + from;
            } else {
                next = global;
                outcome = "failed: " + accepted + " verified updates, " + plan.minUpdates() + " needed";
            }
        } catch (FileFormatException e) {
            throw new SQLException("a stored model is corrupted: " + e.getMessage(), e);
        }
        Double accuracy = validation == null ? null : accuracy(plan, next, validation);
        boolean last = round.round() >= plan.rounds();
        store.closeRound(round.round(), now, outcome, accuracy, next.encode(), now + 1000L * plan.deadlineSeconds(), last);
    }

    /** A model's accuracy on a labelled dataset, in the training's exact fixed point; null when a row does not fit the format. */
    public static Double accuracy(FederationPlan plan, GlobalModel model, LabelledDataset data) {
        FixedPointTrainer plain = new FixedPointTrainer(model.network(UpdateStatement.FORMAT), plan.localRecipe(), new long[0][], new int[0],
                UpdateStatement.FORMAT);
        int correct = 0;
        try {
            for (int r = 0; r < data.size(); r++) {
                if (plain.predict(data.rows()[r]) == data.labels()[r]) {
                    correct++;
                }
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return data.size() == 0 ? null : (double) correct / data.size();
    }

    /**
     * Verifies an update from participant {@code participant} with its signature, and records it,
     * accepted or rejected with the reason (durably, before this returns). A request that is not
     * this participant's update for the open round (unknown participant, bad signature, another
     * round) is recorded without naming a participant ({@link #refuse}), so it never counts as the
     * participant's report.
     */
    public Decision submit(int participant, byte[] body, byte[] signature) throws Refused, SQLException {
        RoundView round = current();
        Optional<FederationStore.Participant> known = participant(participant);
        if (known.isEmpty()) {
            return refuse(round.round(), "participant " + participant + " is not enrolled in this federation", 401);
        }
        FederationStore.Participant p = known.get();
        PublicKey key = Signatures.publicKey(p.publicKey());
        if (signature == null || key == null || !Signatures.verifyUpdate(key, federationId, participant, round.round(), body, signature)) {
            return refuse(round.round(), "the request is not signed by participant " + participant + " for the open round " + round.round(), 401);
        }
        UpdateMessage update;
        try {
            update = UpdateMessage.decode(body, "the update");
        } catch (FileFormatException e) {
            return record(round.round(), participant, false, "malformed update: " + e.getMessage(), null, null, 0, 400);
        }
        if (round.finished()) {
            return record(round.round(), participant, false, "the federation is finished", null, null, 0, 409);
        }
        if (update.round() != round.round()) {
            // Not this round's report of the participant: a message signed for an earlier round may be anyone's replay, and counting it would
            // close the round early without the participant (recorded, like an unauthenticated request, without naming it).
            return refuse(round.round(), "participant " + participant + "'s update is for round " + update.round() + ", the open round is "
                    + round.round(), 409);
        }
        if (alreadyAccepted(round.round(), participant)) {
            return record(round.round(), participant, false, alreadyAcceptedReason(round.round()), null, null, 0, 409);
        }
        if (!update.trained().sameShape(round.model())) {
            return record(round.round(), participant, false, "the trained model's shape is not the global model's", null, null, 0, 422);
        }
        long start = System.nanoTime();
        String problem = verify(p, round, update);
        double ms = (System.nanoTime() - start) / 1e6;
        if (problem == null && plan.normBound() != null) {
            double norm = FederatedAveraging.updateNorm(update.trained(), round.model());
            if (norm > plan.normBound()) {
                problem = String.format(java.util.Locale.ROOT, "the update's norm %.6g exceeds the bound %.6g", norm, plan.normBound());
            }
        }
        synchronized (this) { // the round may have closed while the proof was being checked
            RoundView now = current();
            if (now.round() != round.round() || !now.open()) {
                return record(round.round(), participant, false, "round " + round.round() + " closed while the update was being verified", null, null, ms,
                        409);
            }
            if (problem == null && alreadyAccepted(round.round(), participant)) { // accepted by a concurrent upload meanwhile
                return record(round.round(), participant, false, alreadyAcceptedReason(round.round()), null, null, ms, 409);
            }
            Decision d = record(round.round(), participant, problem == null, problem == null ? "verified" : problem, update.trained().encode(),
                    update.proof().encode(), ms, problem == null ? 200 : 422);
            closeDueRounds();
            return d;
        }
    }

    /** Null when the update's proof verifies against this round's statement for this participant, else why not. */
    private String verify(FederationStore.Participant p, RoundView round, UpdateMessage update) {
        try {
            DatasetCommitment data = DatasetCommitment.decode(p.dataset(), "participant " + p.id() + "'s dataset");
            TrainingProver.Statement statement = UpdateStatement.of(plan, context(round.round(), p.publicKey()), round.model(), data);
            TrainingVerifier.verifyToPublicWeights(statement, data, update.trained().weights(), update.trained().biases(), update.proof(), minimumBits);
            return null;
        } catch (InvalidProofException e) {
            return UpdateStatement.invalidProof(e);
        } catch (FileFormatException | TrainingSetupException e) {
            return "cannot be checked: " + e.getMessage();
        }
    }

    /** What a participant's update in a round is bound to. */
    public UpdateStatement.Context context(int round, byte[] publicKey) {
        return new UpdateStatement.Context(federationId, plan.digest(), round, publicKey);
    }

    private Decision record(int round, int participant, boolean accepted, String reason, byte[] trained, byte[] proof, double ms, int status)
            throws SQLException, Refused {
        int id = store.recordUpdate(round, participant, accepted, reason, accepted ? trained : null, accepted ? proof : null, ms, clock.millis());
        if (!accepted) {
            throw new Refused(status, reason);
        }
        return new Decision(id, round, true, reason, ms);
    }

    /**
     * Records a request that is not an authenticated update (no participant is named, since none
     * was authenticated) and refuses it: the audit trail shows every rejection.
     */
    public Decision refuse(int round, String reason, int status) throws SQLException, Refused {
        synchronized (this) {
            long recorded = store.updates(round, false).stream().filter(u -> u.participant() == null).count();
            if (recorded < MAX_UNAUTHENTICATED_RECORDS) {
                store.recordUpdate(round, null, false, reason, null, null, null, clock.millis());
            }
        }
        throw new Refused(status, reason);
    }

    /**
     * Unauthenticated refusals recorded per round: anyone can send them, so past this many a round's
     * record keeps the first ones and the rest are only answered (the log cannot be grown without bound).
     */
    public static final int MAX_UNAUTHENTICATED_RECORDS = 200;

    /** Whether a participant id is enrolled (checked before an upload's body is read). */
    public boolean enrolled(int participant) throws SQLException {
        return participant(participant).isPresent();
    }

    private Optional<FederationStore.Participant> participant(int id) throws SQLException {
        return store.participants().stream().filter(p -> p.id() == id).findFirst();
    }

    private boolean alreadyAccepted(int round, int participant) throws SQLException {
        return store.updates(round, false).stream().anyMatch(u -> u.accepted() && u.participant() != null && u.participant() == participant);
    }

    private static String alreadyAcceptedReason(int round) {
        return "an update of this participant was already accepted in round " + round;
    }

}
