package io.zkml4j.federated;

import io.zkml4j.core.transcript.InvalidProofException;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingVerifier;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.TrainingSetupException;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public record of a federation and its re-verification: every accepted update's proof is
 * checked again against its round's statement, and every round's outcome recomputed (federated
 * averaging of exactly the accepted updates, or the same model after a failed round). Anyone can
 * run it on the record the coordinator publishes; it needs nothing private.
 */
public final class Audit {
    private Audit() {}

    /** One accepted update of the record: its id, round, participant and the uploaded bytes (trained model and proof). */
    public record AcceptedUpdate(int id, int round, int participant, byte[] body) {}

    /** Everything an auditor needs. */
    public record PublicRecord(byte[] federationId, String planText, List<FederationStore.Participant> participants, List<FederationStore.Round> rounds,
                               List<AcceptedUpdate> accepted) {}

    /** The record read from a coordinator's store. */
    public static PublicRecord read(FederationStore store) throws SQLException {
        FederationStore.Federation f = store.federation().orElseThrow(() -> new SQLException("the database holds no federation"));
        List<AcceptedUpdate> accepted = new ArrayList<>();
        List<FederationStore.Round> rounds = store.rounds();
        for (FederationStore.Round r : rounds) {
            for (FederationStore.Update u : store.updates(r.round(), true)) {
                if (u.accepted()) {
                    accepted.add(new AcceptedUpdate(u.id(), u.round(), u.participant(), body(u)));
                }
            }
        }
        return new PublicRecord(f.federationId(), f.planText(), store.participants(), rounds, accepted);
    }

    private static byte[] body(FederationStore.Update u) throws SQLException {
        try {
            return new UpdateMessage(u.round(), GlobalModel.decode(u.trainedModel(), "update " + u.id()),
                    io.zkml4j.proof.TrainingProof.decode(u.proof(), "update " + u.id())).encode();
        } catch (FileFormatException e) {
            throw new SQLException("stored update " + u.id() + " is corrupted: " + e.getMessage(), e);
        }
    }

    /** An accepted update's uploaded bytes, or null when there is no accepted update with that id. */
    static byte[] updateBody(FederationStore store, int id) throws SQLException {
        FederationStore.Update u = store.update(id);
        return u == null || !u.accepted() ? null : body(u);
    }

    /** The record as JSON (update bodies are fetched one by one from /api/audit/updates/{id}). */
    static Map<String, Object> record(FederationStore store) throws SQLException {
        FederationStore.Federation f = store.federation().orElseThrow(() -> new SQLException("the database holds no federation"));
        Base64.Encoder b64 = Base64.getEncoder();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("federation_id", HexFormat.of().formatHex(f.federationId()));
        out.put("plan", f.planText());
        List<Map<String, Object>> participants = new ArrayList<>();
        for (FederationStore.Participant p : store.participants()) {
            participants.add(Map.of("participant", p.id(), "public_key", b64.encodeToString(p.publicKey()), "dataset", b64.encodeToString(p.dataset()),
                    "rows", p.rows(), "enrolled_ms", p.enrolledAt()));
        }
        out.put("participants", participants);
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Map<String, Object>> accepted = new ArrayList<>();
        for (FederationStore.Round r : store.rounds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round());
            m.put("global_model", b64.encodeToString(r.globalModel()));
            m.put("opened_ms", r.openedAt());
            m.put("deadline_ms", r.deadlineAt());
            m.put("closed_ms", r.closedAt());
            m.put("outcome", r.outcome());
            m.put("validation_accuracy", r.validationAccuracy());
            rounds.add(m);
            for (FederationStore.Update u : store.updates(r.round(), false)) {
                if (u.accepted()) {
                    accepted.add(Map.of("update", u.id(), "round", u.round(), "participant", u.participant()));
                }
            }
        }
        out.put("rounds", rounds);
        out.put("accepted", accepted);
        return out;
    }

    /** What the audit found: per round, whether its updates verified and its outcome recomputes; problems, none when the record holds. */
    public record Report(List<Map<String, Object>> rounds, List<String> problems, int updatesVerified) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Re-verifies every accepted update and recomputes every round's outcome. {@code base} resolves the plan's relative paths (unused but for messages). */
    public static Report check(PublicRecord record, Path base, double minimumBits) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rounds = new ArrayList<>();
        FederationPlan plan;
        try {
            plan = FederationPlan.parse(record.planText(), base, "the federation's plan");
        } catch (TrainingSetupException e) {
            return new Report(rounds, List.of("the plan cannot be read: " + e.getMessage()), 0);
        }
        Map<Integer, FederationStore.Participant> participants = new HashMap<>();
        record.participants().forEach(p -> participants.put(p.id(), p));
        int verified = 0;
        for (int i = 0; i < record.rounds().size(); i++) {
            FederationStore.Round round = record.rounds().get(i);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("round", round.round());
            GlobalModel global;
            try {
                global = GlobalModel.decode(round.globalModel(), "round " + round.round() + "'s model");
            } catch (FileFormatException e) {
                problems.add(e.getMessage());
                continue;
            }
            List<GlobalModel> models = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            int ok = 0;
            java.util.Set<Integer> counted = new java.util.HashSet<>();
            for (AcceptedUpdate u : record.accepted()) {
                if (u.round() != round.round()) {
                    continue;
                }
                FederationStore.Participant p = participants.get(u.participant());
                String problem = p == null ? "names participant " + u.participant() + ", who is not enrolled"
                        : !counted.add(u.participant()) ? "a second accepted update of participant " + u.participant() + " in this round"
                        : verify(plan, record, round, global, p, u, minimumBits);
                if (problem != null) {
                    problems.add("update " + u.id() + " of round " + round.round() + ": " + problem);
                    continue;
                }
                ok++;
                try {
                    models.add(UpdateMessage.decode(u.body(), "update " + u.id()).trained());
                } catch (FileFormatException e) {
                    problems.add(e.getMessage());
                }
                rows.add(p.rows());
            }
            verified += ok;
            line.put("updates_verified", ok);
            if (i + 1 < record.rounds().size()) {
                GlobalModel expected = models.size() >= plan.minUpdates() ? FederatedAveraging.average(models, rows) : global;
                boolean same = Arrays.equals(expected.encode(), record.rounds().get(i + 1).globalModel());
                line.put("next_model_recomputed", same);
                if (!same) {
                    problems.add("round " + (round.round() + 1) + "'s global model is not the average of round " + round.round() + "'s verified updates");
                }
            }
            rounds.add(line);
        }
        return new Report(rounds, problems, verified);
    }

    private static String verify(FederationPlan plan, PublicRecord record, FederationStore.Round round, GlobalModel global, FederationStore.Participant p,
                                 AcceptedUpdate u, double minimumBits) {
        try {
            UpdateMessage update = UpdateMessage.decode(u.body(), "update " + u.id());
            if (update.round() != round.round()) {
                return "its body is for round " + update.round();
            }
            if (!update.trained().sameShape(global)) {
                return "its trained model's shape or activations are not the round's global model's";
            }
            DatasetCommitment data = DatasetCommitment.decode(p.dataset(), "participant " + p.id() + "'s dataset");
            if (data.rows() != p.rows()) {
                return "the record counts " + p.rows() + " rows for participant " + p.id() + ", its enrolled dataset has " + data.rows();
            }
            TrainingProver.Statement statement = UpdateStatement.of(plan, new UpdateStatement.Context(record.federationId(), plan.digest(), round.round(),
                    p.publicKey()), global, data);
            TrainingVerifier.verifyToPublicWeights(statement, data, update.trained().weights(), update.trained().biases(), update.proof(), minimumBits);
            if (plan.normBound() != null && FederatedAveraging.updateNorm(update.trained(), global) > plan.normBound()) {
                return "its norm exceeds the plan's bound";
            }
            return null;
        } catch (InvalidProofException e) {
            return UpdateStatement.invalidProof(e);
        } catch (FileFormatException | TrainingSetupException e) {
            return e.getMessage();
        }
    }
}
