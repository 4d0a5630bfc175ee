package io.zkml4j.federated;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's HTTP service (Javalin on Jetty):
 * <ul>
 * <li>{@code GET /api/federation}: the federation's id, plan and digest (JSON);</li>
 * <li>{@code POST /api/participants}: enrolment, with the admin token as {@code Authorization: Bearer};
 *     body {"public_key": base64 X.509 Ed25519 key, "dataset": base64 data.dc} → {"participant": id};</li>
 * <li>{@code GET /api/round}: the open round (JSON); {@code GET /api/round/model}: its global model (binary);</li>
 * <li>{@code POST /api/updates}: an update (binary {@link UpdateMessage}) with headers
 *     {@code X-Zkml-Participant} and {@code X-Zkml-Signature} (base64 Ed25519 over the body);</li>
 * <li>{@code GET /api/status}: rounds, participants, updates with reasons and verification times (JSON);</li>
 * <li>{@code GET /api/audit/...}: the public record an auditor re-verifies;</li>
 * <li>{@code GET /}: the dashboard.</li>
 * </ul>
 * Every refusal is a JSON {"error": reason} with a 4xx status; a body over the plan's limit is
 * refused before it is read.
 */
public final class CoordinatorServer implements AutoCloseable {
    private final Coordinator coordinator;
    private final Javalin app;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "round-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper();

    private CoordinatorServer(Coordinator coordinator, String adminToken, String host, int port) {
        this.coordinator = coordinator;
        long limit = coordinator.plan().maxUpdateBytes();
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = limit;
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.html(Dashboard.html()));
            config.routes.get("/api/federation", this::federation);
            config.routes.post("/api/participants", ctx -> enroll(ctx, adminToken));
            config.routes.get("/api/round", this::round);
            config.routes.get("/api/round/model", ctx -> ctx.contentType("application/octet-stream").result(coordinator.current().model().encode()));
            config.routes.post("/api/updates", this::update);
            config.routes.get("/api/status", ctx -> ctx.json(Status.of(coordinator)));
            config.routes.get("/api/audit", ctx -> ctx.json(Audit.record(coordinator.store())));
            config.routes.get("/api/audit/updates/{id}", this::auditUpdate);
            config.routes.exception(Coordinator.Refused.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
            config.routes.exception(SQLException.class, (e, ctx) -> ctx.status(503).json(Map.of("error", "the coordinator's database: " + e.getMessage())));
        });
    }

    /** Starts the service on host:port (port 0: any free one) and the timer that closes rounds at their deadlines. */
    public static CoordinatorServer start(Coordinator coordinator, String adminToken, String host, int port) {
        if (adminToken == null || adminToken.length() < 8) {
            throw new IllegalArgumentException("the admin token must have at least 8 characters");
        }
        CoordinatorServer s = new CoordinatorServer(coordinator, adminToken, host, port);
        s.app.start();
        s.timer.scheduleWithFixedDelay(() -> {
            try {
                coordinator.closeDueRounds();
            } catch (SQLException e) {
                System.err.println("zkml fl coordinator: closing a round: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    public int port() {
        return app.port();
    }

    private void federation(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("federation_id", HexFormat.of().formatHex(coordinator.federationId()));
        out.put("plan_digest", HexFormat.of().formatHex(coordinator.plan().digest()));
        out.put("plan", coordinator.plan().text());
        out.put("rounds", coordinator.plan().rounds());
        ctx.json(out);
    }

    private void enroll(Context ctx, String adminToken) throws Exception {
        String auth = ctx.header("Authorization");
        if (auth == null || !java.security.MessageDigest.isEqual(("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8),
                auth.getBytes(StandardCharsets.UTF_8))) {
            throw new Coordinator.Refused(401, "enrolment needs the admin token (Authorization: Bearer <token>)");
        }
        Map<?, ?> body;
        try {
            body = json.readValue(ctx.bodyAsBytes(), Map.class);
        } catch (java.io.IOException e) {
            throw new Coordinator.Refused(400, "the body is not JSON: " + e.getMessage());
        }
        if (body == null) {
            throw new Coordinator.Refused(400, "the body must be a JSON object with \"public_key\" and \"dataset\"");
        }
        byte[] key = base64(body.get("public_key"), "public_key");
        byte[] dataset = base64(body.get("dataset"), "dataset");
        int id = coordinator.enroll(key, dataset);
        ctx.status(201).json(Map.of("participant", id, "federation_id", HexFormat.of().formatHex(coordinator.federationId())));
    }

    private void round(Context ctx) throws SQLException {
        Coordinator.RoundView r = coordinator.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("round", r.round());
        out.put("open", r.open());
        out.put("finished", r.finished());
        out.put("deadline_ms", r.deadlineAt());
        out.put("model_digest", HexFormat.of().formatHex(r.model().digest()));
        ctx.json(out);
    }

    private void update(Context ctx) throws Exception {
        int participant;
        try {
            participant = Integer.parseInt(String.valueOf(ctx.header("X-Zkml-Participant")));
        } catch (NumberFormatException e) {
            throw new Coordinator.Refused(401, "the request names no participant (header X-Zkml-Participant)");
        }
        byte[] signature;
        try {
            signature = ctx.header("X-Zkml-Signature") == null ? null : Base64.getDecoder().decode(ctx.header("X-Zkml-Signature"));
        } catch (IllegalArgumentException e) {
            signature = null;
        }
        if (!coordinator.enrolled(participant)) { // before reading a body that may be large
            coordinator.refuse(coordinator.current().round(), "participant " + participant + " is not enrolled in this federation", 401);
        }
        long limit = coordinator.plan().maxUpdateBytes();
        long declared = ctx.contentLength();
        String tooLarge = "the body has %d bytes, over the limit of " + limit + " bytes";
        if (declared > limit) {
            coordinator.refuse(coordinator.current().round(), String.format(tooLarge, declared), 413);
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) { // a body without a length that grew past the limit
            coordinator.refuse(coordinator.current().round(), String.format(tooLarge, limit + 1), 413);
            return;
        }
        Coordinator.Decision d = coordinator.submit(participant, body, signature);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("update", d.update());
        out.put("round", d.round());
        out.put("accepted", true);
        out.put("verify_ms", d.verifyMs());
        ctx.json(out);
    }

    private void auditUpdate(Context ctx) throws Exception {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new Coordinator.Refused(400, "an update id is a number");
        }
        byte[] body = Audit.updateBody(coordinator.store(), id);
        if (body == null) {
            throw new Coordinator.Refused(404, "no accepted update " + id);
        }
        ctx.contentType("application/octet-stream").result(body);
    }

    private static byte[] base64(Object value, String field) throws Coordinator.Refused {
        if (!(value instanceof String s)) {
            throw new Coordinator.Refused(400, "\"" + field + "\" must be a base64 string");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new Coordinator.Refused(400, "\"" + field + "\" is not base64: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        app.stop();
    }
}
