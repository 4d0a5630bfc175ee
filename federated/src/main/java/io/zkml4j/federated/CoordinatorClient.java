package io.zkml4j.federated;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.proof.DatasetCommitment;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.TrainingSetupException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The coordinator's HTTP API from the outside: a participant's enrolment and each round's local
 * training with its proof, signed and uploaded; the public status and the audit record for anyone.
 */
public final class CoordinatorClient {
    /** A failure talking to the coordinator, with its message (the coordinator's reason when it gave one). */
    public static final class CoordinatorException extends IOException {
        private final int status;

        CoordinatorException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public CoordinatorClient(String coordinator) {
        this.base = coordinator.endsWith("/") ? coordinator.substring(0, coordinator.length() - 1) : coordinator;
    }

    /** Enrols with a fresh Ed25519 key pair and the dataset's public description; the identity to keep. */
    public Identity enroll(String adminToken, DatasetCommitment data) throws IOException, InterruptedException {
        KeyPair keys = Signatures.newKeyPair();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("public_key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        body.put("dataset", Base64.getEncoder().encodeToString(data.encode()));
        HttpRequest request = HttpRequest.newBuilder(uri("/api/participants")).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        Map<?, ?> answer = json(send(request));
        return new Identity(base, HexFormat.of().parseHex((String) answer.get("federation_id")), ((Number) answer.get("participant")).intValue(), keys);
    }

    /** The federation's id and plan, as the coordinator publishes them. */
    public Map<?, ?> federation() throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(uri("/api/federation")).GET().build()));
    }

    public Map<?, ?> round() throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(uri("/api/round")).GET().build()));
    }

    public GlobalModel model() throws IOException, InterruptedException {
        byte[] bytes = send(HttpRequest.newBuilder(uri("/api/round/model")).GET().build());
        try {
            return GlobalModel.decode(bytes, "the coordinator's global model");
        } catch (FileFormatException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** Uploads a signed update; the coordinator's verdict (a refusal is a {@link CoordinatorException} with its reason). */
    public Map<?, ?> upload(Identity identity, byte[] body) throws IOException, InterruptedException {
        byte[] signature = Signatures.signUpdate(identity.keys().getPrivate(), identity.federationId(), identity.participant(),
                UpdateMessage.peekRound(body), body);
        HttpRequest request = HttpRequest.newBuilder(uri("/api/updates")).header("X-Zkml-Participant", Integer.toString(identity.participant()))
                .header("X-Zkml-Signature", Base64.getEncoder().encodeToString(signature)).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(10)).expectContinue(true) // a refusal before the body (too large, unknown participant) arrives as an answer
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return json(send(request));
    }

    /** One round's work: the local recipe from the round's global model on the participant's data, proven; the update to upload. */
    public static UpdateMessage train(FederationPlan plan, Identity identity, int round, GlobalModel global, DatasetKey data, Progress progress)
            throws TrainingSetupException, FileFormatException {
        UpdateStatement.Context context = new UpdateStatement.Context(identity.federationId(), plan.digest(), round,
                identity.keys().getPublic().getEncoded());
        TrainingProver.Statement statement = UpdateStatement.of(plan, context, global, data.description());
        TrainingProver.PublicResult result = TrainingProver.proveToPublicWeights(statement, data, progress);
        return new UpdateMessage(round, new GlobalModel(result.weights(), result.biases(), global.activations(), global.inputs()), result.proof());
    }

    /** The plan the coordinator publishes, checked against the digest it publishes with it. */
    public FederationPlan plan(Identity identity) throws IOException, InterruptedException {
        Map<?, ?> f = federation();
        if (!Arrays.equals(HexFormat.of().parseHex((String) f.get("federation_id")), identity.federationId())) {
            throw new IOException("the coordinator at " + base + " runs another federation than the one this identity enrolled in");
        }
        try {
            FederationPlan plan = FederationPlan.parse((String) f.get("plan"), Path.of("."), "the federation's plan");
            if (!HexFormat.of().formatHex(plan.digest()).equals(f.get("plan_digest"))) {
                throw new IOException("the coordinator's plan does not match its digest");
            }
            return plan;
        } catch (TrainingSetupException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** The federation's status (what the dashboard draws). */
    public Map<?, ?> status() throws IOException, InterruptedException {
        return json(send(HttpRequest.newBuilder(uri("/api/status")).GET().build()));
    }

    /** The public record an auditor re-verifies: the federation, its participants, rounds and every accepted update's bytes. */
    public Audit.PublicRecord auditRecord() throws IOException, InterruptedException {
        Map<?, ?> a = json(send(HttpRequest.newBuilder(uri("/api/audit")).GET().build()));
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            java.util.List<FederationStore.Participant> participants = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) a.get("participants")) {
                Map<?, ?> m = (Map<?, ?>) o;
                participants.add(new FederationStore.Participant(((Number) m.get("participant")).intValue(), b64.decode((String) m.get("public_key")),
                        b64.decode((String) m.get("dataset")), ((Number) m.get("rows")).longValue(), ((Number) m.get("enrolled_ms")).longValue()));
            }
            java.util.List<FederationStore.Round> rounds = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) a.get("rounds")) {
                Map<?, ?> m = (Map<?, ?>) o;
                Number closed = (Number) m.get("closed_ms");
                Number accuracy = (Number) m.get("validation_accuracy");
                rounds.add(new FederationStore.Round(((Number) m.get("round")).intValue(), b64.decode((String) m.get("global_model")),
                        ((Number) m.get("opened_ms")).longValue(), ((Number) m.get("deadline_ms")).longValue(), closed == null ? null : closed.longValue(),
                        (String) m.get("outcome"), accuracy == null ? null : accuracy.doubleValue()));
            }
            java.util.List<Audit.AcceptedUpdate> accepted = new java.util.ArrayList<>();
            for (Object o : (java.util.List<?>) a.get("accepted")) {
                Map<?, ?> m = (Map<?, ?>) o;
                int id = ((Number) m.get("update")).intValue();
                byte[] body = send(HttpRequest.newBuilder(uri("/api/audit/updates/" + id)).GET().build());
                accepted.add(new Audit.AcceptedUpdate(id, ((Number) m.get("round")).intValue(), ((Number) m.get("participant")).intValue(), body));
            }
            return new Audit.PublicRecord(HexFormat.of().parseHex((String) a.get("federation_id")), (String) a.get("plan"), participants, rounds,
                    accepted);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException("the coordinator's audit record is malformed: " + e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) {
            String reason;
            try {
                Object error = JSON.readValue(r.body(), Map.class).get("error");
                reason = error == null ? new String(r.body(), java.nio.charset.StandardCharsets.UTF_8) : error.toString();
            } catch (IOException e) {
                reason = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new CoordinatorException(r.statusCode(), "the coordinator refused (" + r.statusCode() + "): " + reason);
        }
        return r.body();
    }

    private static Map<?, ?> json(byte[] body) throws IOException {
        return JSON.readValue(body, Map.class);
    }
}
