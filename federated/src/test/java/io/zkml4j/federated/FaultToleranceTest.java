package io.zkml4j.federated;

import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Faults: the coordinator killed with SIGKILL in the middle of a round and started again loses no
 * accepted update and finishes the round; a client that hangs up in the middle of an upload leaves
 * nothing behind and the coordinator keeps serving; a participant that never reports does not hold
 * a round past its deadline, and a round without enough verified updates keeps the model.
 */
class FaultToleranceTest {
    static final String TOKEN = "admin-token-for-tests";

    @TempDir
    Path dir;

    static String plan(int deadlineSeconds, int minUpdates) {
        return String.format("""
                {"model": "init.onnx", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
                 "batch_size": 8, "local_epochs": 1, "rounds": 2, "min_updates": %d, "round_deadline_s": %d}""", minUpdates, deadlineSeconds);
    }

    record Federation(CoordinatorClient client, List<DatasetKey> data, List<Identity> identities) {
        byte[] honest(FederationPlan plan, int p, int round) throws Exception {
            return CoordinatorClient.train(plan, identities.get(p), round, client.model(), data.get(p), Progress.NONE).encode();
        }
    }

    static Federation enrol(String url, int participants) throws Exception {
        CoordinatorClient client = new CoordinatorClient(url);
        List<DatasetKey> data = new ArrayList<>();
        List<Identity> identities = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            DatasetKey key = DatasetKey.commit(FederationTest.blobs(16, 10 + p), DatasetKey.Options.DEFAULT);
            data.add(key);
            identities.add(client.enroll(TOKEN, key.description()));
        }
        return new Federation(client, data, identities);
    }

    private Process startCoordinator(Path planFile, Path db, Path portFile) throws Exception {
        Files.deleteIfExists(portFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CoordinatorProcess.class.getName(), planFile.toString(),
                db.toString(), TOKEN, portFile.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("coordinator.log").toFile()).start();
        for (int i = 0; i < 600 && !Files.exists(portFile); i++) {
            assertTrue(p.isAlive(), () -> "the coordinator process died: " + log());
            Thread.sleep(100);
        }
        assertTrue(Files.exists(portFile), "the coordinator did not start in 60 s");
        return p;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("coordinator.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aCoordinatorKilledMidRoundLosesNoAcceptedUpdateAndFinishesTheRound() throws Exception {
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, plan(600, 2));
        FederationPlan plan = FederationPlan.read(planFile);
        Path db = dir.resolve("fl.db");
        Path portFile = dir.resolve("port");
        Process first = startCoordinator(planFile, db, portFile);
        Federation f = enrol("http://127.0.0.1:" + Files.readString(portFile), 3);
        byte[] update = f.honest(plan, 0, 1);
        assertEquals(Boolean.TRUE, f.client().upload(f.identities().get(0), update).get("accepted"));

        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
        assertFalse(first.isAlive());

        Process second = startCoordinator(planFile, db, portFile);
        try {
            String url = "http://127.0.0.1:" + Files.readString(portFile);
            List<Identity> moved = new ArrayList<>();
            for (Identity i : f.identities()) {
                moved.add(new Identity(url, i.federationId(), i.participant(), i.keys()));
            }
            Federation again = new Federation(new CoordinatorClient(url), f.data(), moved);
            Map<?, ?> status = again.client().status();
            List<?> rounds = (List<?>) status.get("rounds");
            assertEquals(1, rounds.size(), "still round 1");
            assertEquals(1, ((Number) ((Map<?, ?>) rounds.get(0)).get("accepted")).intValue(), "the accepted update survived: " + status);
            // The replay of the update accepted before the crash is still refused, and the round finishes with the others.
            assertReplayRefused(again, update);
            again.client().upload(moved.get(1), again.honest(plan, 1, 1));
            again.client().upload(moved.get(2), again.honest(plan, 2, 1));
            assertEquals(2, ((Number) again.client().round().get("round")).intValue());
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    private static void assertReplayRefused(Federation f, byte[] update) {
        CoordinatorClient.CoordinatorException e = assertThrows(CoordinatorClient.CoordinatorException.class,
                () -> f.client().upload(f.identities().get(0), update));
        assertEquals(409, e.status(), e.getMessage());
    }

    @Test
    void aClientThatHangsUpMidUploadLeavesNothingAndTheCoordinatorKeepsServing() throws Exception {
        FederationPlan plan = FederationPlan.parse(plan(600, 2), dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            Coordinator coordinator = Coordinator.start(plan, GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT), store, Clock.systemUTC(),
                    null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, TOKEN, "127.0.0.1", 0)) {
                Federation f = enrol("http://127.0.0.1:" + server.port(), 2);
                byte[] update = f.honest(plan, 0, 1);
                byte[] signature = Signatures.signUpdate(f.identities().get(0).keys().getPrivate(), f.identities().get(0).federationId(), 1, 1, update);
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /api/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Zkml-Participant: 1\r\nX-Zkml-Signature: "
                            + java.util.Base64.getEncoder().encodeToString(signature) + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                            + update.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(update, 0, update.length / 2);
                    out.flush();
                } // hangs up with half the body sent
                Thread.sleep(500);
                assertTrue(store.updates(1, false).stream().noneMatch(FederationStore.Update::accepted), "no update was accepted from half a body");
                // Still serving, and the whole upload then goes through.
                assertEquals(Boolean.TRUE, f.client().upload(f.identities().get(0), update).get("accepted"));
            }
        }
    }

    /**
     * An upload over the size limit is answered with 413 every time, not cut off: the client asks
     * to continue before sending the body, and the coordinator refuses before reading it.
     */
    @Test
    void anOversizedUploadIsAnsweredEveryTime() throws Exception {
        FederationPlan plan = FederationPlan.parse(plan(600, 2).replace("\"min_updates\"", "\"max_update_mb\": 1, \"min_updates\""), dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            Coordinator coordinator = Coordinator.start(plan, GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT), store, Clock.systemUTC(),
                    null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, TOKEN, "127.0.0.1", 0)) {
                Federation f = enrol("http://127.0.0.1:" + server.port(), 1);
                byte[] big = new byte[8 << 20];
                for (int i = 0; i < 12; i++) {
                    CoordinatorClient.CoordinatorException e = assertThrows(CoordinatorClient.CoordinatorException.class,
                            () -> f.client().upload(f.identities().get(0), big), "attempt " + i);
                    assertEquals(413, e.status(), e.getMessage());
                }
            }
        }
    }

    @Test
    void aSilentParticipantDoesNotHoldTheRoundPastItsDeadline() throws Exception {
        FederationPlan plan = FederationPlan.parse(plan(2, 2), dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            GlobalModel initial = GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT);
            Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, TOKEN, "127.0.0.1", 0)) {
                Federation f = enrol("http://127.0.0.1:" + server.port(), 3);
                // Round 1: only participant 0 reports; one verified update is below min_updates: at the deadline the round fails, the model stays.
                f.client().upload(f.identities().get(0), f.honest(plan, 0, 1));
                waitForRound(f.client(), 2);
                assertArrayEquals(initial.encode(), f.client().model().encode(), "a failed round keeps the global model");
                assertTrue(store.rounds().get(0).outcome().startsWith("failed"), store.rounds().get(0).outcome());
                // Round 2: two report, the third stays silent; the deadline closes the round with their average.
                f.client().upload(f.identities().get(0), f.honest(plan, 0, 2));
                f.client().upload(f.identities().get(1), f.honest(plan, 1, 2));
                waitForRound(f.client(), 3);
                assertEquals(Boolean.TRUE, f.client().round().get("finished"));
                assertTrue(store.rounds().get(1).outcome().startsWith("aggregated 2"), store.rounds().get(1).outcome());
            }
        }
    }

    private static void waitForRound(CoordinatorClient client, int round) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (((Number) client.round().get("round")).intValue() >= round) {
                return;
            }
            Thread.sleep(100);
        }
        fail("round " + round + " did not open within 10 s");
    }
}
