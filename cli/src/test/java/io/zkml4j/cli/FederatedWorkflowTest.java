package io.zkml4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import static io.zkml4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * zkml fl coordinator / enroll / client / status / audit on the bundled breast-cancer records (the
 * training and test splits as two participants, one round): the coordinator finishes the round and
 * exits, the status shows it, the audit re-verifies the database, and a tampered database fails it.
 */
class FederatedWorkflowTest {
    static final Path EXAMPLES = Path.of("..", "examples", "breast-cancer");
    static final String TOKEN = "workflow-admin-token";

    @TempDir
    Path dir;

    @Test
    void aRoundThroughTheCommandLine() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"model\": \"" + EXAMPLES.resolve("init.onnx").toAbsolutePath().toString().replace("\\", "/")
                + "\", \"loss\": \"cross_entropy\", \"optimizer\": {\"type\": \"sgd\", \"learning_rate\": 0.1}, \"batch_size\": 32, \"local_epochs\": 1,"
                + " \"rounds\": 1, \"min_updates\": 2, \"round_deadline_s\": 600, \"validation\": \""
                + EXAMPLES.resolve("test.csv").toAbsolutePath().toString().replace("\\", "/") + "\"}");
        String[] split = {"train", "test"};
        for (String s : split) {
            String[] d = run("data", "commit", "--data", EXAMPLES.resolve(s + ".csv").toString(), "--label-column", "target", "--out",
                    dir.resolve(s).toString(), "--quiet");
            assertEquals("0", d[0], d[1] + d[2]);
        }
        String[] noToken = run("fl", "coordinator", "--plan", plan.toString(), "--db", dir.resolve("x.db").toString());
        assertEquals("2", noToken[0]);
        assertTrue(noToken[2].contains("admin token"), noToken[2]);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path db = dir.resolve("fl.db");
        int[] coordinatorExit = {-1};
        Thread coordinator = new Thread(() -> coordinatorExit[0] = Main.run(new String[] {"fl", "coordinator", "--plan", plan.toString(), "--db",
                db.toString(), "--port", Integer.toString(port), "--admin-token", TOKEN, "--exit-when-finished"}));
        coordinator.start();
        String url = "http://127.0.0.1:" + port;
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        String[] wrong = run("fl", "enroll", "--coordinator", url, "--data", dir.resolve("train/data.dc").toString(), "--admin-token", "not-the-token",
                "--out", dir.resolve("nobody").toString());
        assertEquals("2", wrong[0]);
        assertTrue(wrong[2].contains("401") && wrong[2].contains("admin token"), wrong[2]);
        for (String s : split) {
            String[] e = run("fl", "enroll", "--coordinator", url, "--data", dir.resolve(s + "/data.dc").toString(), "--admin-token", TOKEN, "--out",
                    dir.resolve("id-" + s).toString());
            assertEquals("0", e[0], e[1] + e[2]);
        }
        // A client exits when its round has closed: the first waits for the second's update.
        int[] firstExit = {-1};
        Thread first = new Thread(() -> firstExit[0] = Main.run(new String[] {"fl", "client", "--identity", dir.resolve("id-train").toString(), "--data",
                dir.resolve("train/data.dk").toString(), "--rounds", "1"}));
        first.start();
        while (new io.zkml4j.federated.CoordinatorClient(url).status().get("updates") instanceof java.util.List<?> l && l.isEmpty()) {
            assertTrue(first.isAlive() || firstExit[0] == 0, "the first client failed");
            Thread.sleep(200);
        }
        String[] second = run("fl", "client", "--identity", dir.resolve("id-test").toString(), "--data", dir.resolve("test/data.dk").toString(), "--rounds", "1");
        assertEquals("0", second[0], second[1] + second[2]);
        assertTrue(second[1].contains("\"accepted\": true"), second[1]);
        first.join(60_000);
        assertEquals(0, firstExit[0], "the first client exits 0 once the round has closed");
        coordinator.join(30_000);
        assertEquals(0, coordinatorExit[0], "the coordinator exits once the federation is finished");

        String[] status = run("fl", "status", "--db", db.toString());
        assertEquals("0", status[0], status[2]);
        assertTrue(status[1].contains("\"finished\" : true") && status[1].contains("\"validation_accuracy\""), status[1]);
        String[] audit = run("fl", "audit", "--db", db.toString());
        assertEquals("0", audit[0], audit[1] + audit[2]);
        assertTrue(audit[1].contains("\"valid\" : true") && audit[1].contains("\"updates_verified\" : 2"), audit[1]);

        // A coordinator that rewrote an accepted update's weights afterwards: the audit finds it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             PreparedStatement s = c.prepareStatement("UPDATE updates SET trained_model = (SELECT trained_model FROM updates WHERE id = 2) WHERE id = 1")) {
            assertEquals(1, s.executeUpdate());
        }
        String[] tampered = run("fl", "audit", "--db", db.toString());
        assertEquals("1", tampered[0], tampered[1] + tampered[2]);
        assertTrue(tampered[1].contains("\"valid\" : false") && tampered[2].contains("INVALID"), tampered[1] + tampered[2]);

        String[] neither = run("fl", "status");
        assertEquals("2", neither[0]);
    }
}
