package io.zkml4j.federated;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The federation's state as JSON-ready maps: what {@code zkml fl status} prints and the dashboard draws. */
public final class Status {
    private Status() {}

    public static Map<String, Object> of(Coordinator coordinator) throws SQLException {
        coordinator.closeDueRounds();
        return of(coordinator.store());
    }

    public static Map<String, Object> of(FederationStore store) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        store.federation().ifPresent(f -> {
            out.put("federation_id", HexFormat.of().formatHex(f.federationId()));
            out.put("plan_digest", HexFormat.of().formatHex(f.planDigest()));
        });
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        boolean finished = false;
        for (FederationStore.Round r : store.rounds()) {
            List<FederationStore.Update> us = store.updates(r.round(), false);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round());
            m.put("open", r.open());
            m.put("accepted", us.stream().filter(FederationStore.Update::accepted).count());
            m.put("rejected", us.stream().filter(u -> !u.accepted()).count());
            m.put("validation_accuracy", r.validationAccuracy());
            m.put("outcome", r.outcome());
            m.put("opened_ms", r.openedAt());
            m.put("deadline_ms", r.deadlineAt());
            m.put("closed_ms", r.closedAt());
            rounds.add(m);
            for (FederationStore.Update u : us) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("update", u.id());
                e.put("round", u.round());
                e.put("participant", u.participant());
                e.put("accepted", u.accepted());
                e.put("reason", u.reason());
                e.put("verify_ms", u.verifyMs());
                e.put("received_ms", u.receivedAt());
                updates.add(e);
            }
            finished = !r.open();
        }
        out.put("finished", finished);
        out.put("rounds", rounds);
        List<Map<String, Object>> participants = new ArrayList<>();
        for (FederationStore.Participant p : store.participants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("participant", p.id());
            m.put("rows", p.rows());
            m.put("enrolled_ms", p.enrolledAt());
            participants.add(m);
        }
        out.put("participants", participants);
        out.put("updates", updates);
        return out;
    }
}
