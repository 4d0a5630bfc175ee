package io.zkml4j.federated;

import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The store on both databases through one schema: SQLite (a file) and PostgreSQL, a fresh database
 * on the server that {@code ./test} starts (tools/postgres.sh; its JDBC URL in ZKML_TEST_JDBC_URL).
 * Without that server the PostgreSQL cases are skipped with the reason.
 */
class StoreTest {
    @TempDir
    Path dir;

    /** A fresh, empty database of the kind named. */
    String url(String kind) throws Exception {
        if (kind.equals("sqlite")) {
            return FederationStore.sqliteUrl(dir.resolve("fl.db"));
        }
        String admin = System.getenv("ZKML_TEST_JDBC_URL");
        Assumptions.assumeTrue(admin != null && !admin.isBlank(),
                "skipped: no PostgreSQL server for the tests (./test starts one with tools/postgres.sh and sets ZKML_TEST_JDBC_URL)");
        String name = "fl_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return admin.replaceFirst("/postgres\\?", "/" + name + "?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void everyRecordReadsBackAsWrittenAndTheSchemaMigratesOnce(String kind) throws Exception {
        String url = url(kind);
        byte[] model = GlobalModel.of(FederationTest.network(1), UpdateStatement.FORMAT).encode();
        try (FederationStore store = FederationStore.open(url)) {
            assertTrue(store.federation().isEmpty());
            store.create(new FederationStore.Federation(new byte[] {1, 2, 3}, "{plan}", new byte[32], model, 1000), model, 5000);
            assertEquals(1, store.enroll(new byte[] {9}, new byte[] {8, 7}, 42, 1100));
            assertEquals(2, store.enroll(new byte[] {10}, new byte[] {6}, 17, 1200));
            assertEquals(1, store.recordUpdate(1, 1, true, "verified", new byte[] {5}, new byte[] {4, 4}, 12.5, 1300));
            assertEquals(2, store.recordUpdate(1, null, false, "bad signature", null, null, null, 1400));
            store.closeRound(1, 2000, "aggregated 1 updates [1]", 0.75, model, 9000, false);
        }
        try (FederationStore store = FederationStore.open(url)) { // opened again: the migration is not repeated
            FederationStore.Federation f = store.federation().orElseThrow();
            assertArrayEquals(new byte[] {1, 2, 3}, f.federationId());
            assertEquals("{plan}", f.planText());
            List<FederationStore.Participant> ps = store.participants();
            assertEquals(2, ps.size());
            assertArrayEquals(new byte[] {8, 7}, ps.get(0).dataset());
            assertEquals(17, ps.get(1).rows());
            List<FederationStore.Round> rounds = store.rounds();
            assertEquals(2, rounds.size());
            assertEquals(0.75, rounds.get(0).validationAccuracy());
            assertNull(rounds.get(1).closedAt());
            assertNull(rounds.get(1).validationAccuracy());
            assertArrayEquals(model, rounds.get(1).globalModel());
            List<FederationStore.Update> us = store.updates(1, true);
            assertTrue(us.get(0).accepted());
            assertArrayEquals(new byte[] {4, 4}, us.get(0).proof());
            assertNull(us.get(1).participant());
            assertNull(us.get(1).verifyMs());
            assertFalse(us.get(1).accepted());
            assertThrows(java.sql.SQLException.class, () -> store.closeRound(1, 3000, "again", null, model, 1, false), "a closed round stays closed");
            assertThrows(java.sql.SQLException.class, () -> store.enroll(new byte[] {9}, new byte[] {1}, 1, 1), "a key enrols once");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRoundOnEitherDatabaseAveragesVerifiedUpdatesAndResumes(String kind) throws Exception {
        String url = url(kind);
        FederationPlan plan = FederationPlan.parse(FaultToleranceTest.plan(600, 2), dir, "plan");
        GlobalModel initial = GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT);
        FaultToleranceTest.Federation f;
        byte[] first;
        try (FederationStore store = FederationStore.open(url)) {
            Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, FaultToleranceTest.TOKEN, "127.0.0.1", 0)) {
                f = FaultToleranceTest.enrol("http://127.0.0.1:" + server.port(), 2);
                first = f.honest(plan, 0, 1);
                f.client().upload(f.identities().get(0), first);
            }
        }
        try (FederationStore store = FederationStore.open(url)) { // a new coordinator on the same database
            Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, FaultToleranceTest.TOKEN, "127.0.0.1", 0)) {
                String url2 = "http://127.0.0.1:" + server.port();
                Identity second = f.identities().get(1);
                CoordinatorClient client = new CoordinatorClient(url2);
                byte[] update = CoordinatorClient.train(plan, second, 1, client.model(), f.data().get(1), Progress.NONE).encode();
                client.upload(new Identity(url2, second.federationId(), second.participant(), second.keys()), update);
                assertEquals(2, ((Number) client.round().get("round")).intValue());
                List<DatasetKey> data = f.data();
                GlobalModel expected = FederatedAveraging.average(List.of(UpdateMessage.decode(first, "a").trained(), UpdateMessage.decode(update, "b").trained()),
                        List.of((long) data.get(0).description().rows(), (long) data.get(1).description().rows()));
                assertArrayEquals(expected.encode(), client.model().encode());
                assertTrue(Audit.check(Audit.read(store), dir, 100).valid());
            }
        }
    }
}
