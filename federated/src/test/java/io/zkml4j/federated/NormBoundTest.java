package io.zkml4j.federated;

import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The plan's norm bound on Δ = W' − W_r: one participant's honest update (the same dataset
 * commitment, so the same training, in two federations) is accepted under a bound just above its
 * norm and refused, with its norm, under a bound just below it.
 */
class NormBoundTest {
    @TempDir
    Path dir;

    @Test
    void anUpdateBeyondTheNormBoundIsRefused() throws Exception {
        GlobalModel initial = GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT);
        DatasetKey data = DatasetKey.commit(FederationTest.blobs(16, 3), DatasetKey.Options.DEFAULT);
        FederationPlan probe = FederationPlan.parse(FaultToleranceTest.plan(600, 1), dir, "plan");
        Identity nobody = new Identity("http://unused", new byte[16], 1, Signatures.newKeyPair());
        double norm = FederatedAveraging.updateNorm(CoordinatorClient.train(probe, nobody, 1, initial, data, Progress.NONE).trained(), initial);
        assertTrue(norm > 0);
        assertEquals(Boolean.TRUE, upload(initial, data, norm * 1.01, "a.db"));
        CoordinatorClient.CoordinatorException e = assertThrows(CoordinatorClient.CoordinatorException.class,
                () -> upload(initial, data, norm * 0.99, "b.db"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("norm"), e.getMessage());
    }

    /** One honest upload to a new federation with this norm bound; the coordinator's "accepted". */
    private Object upload(GlobalModel initial, DatasetKey data, double bound, String db) throws Exception {
        FederationPlan plan = FederationPlan.parse(FaultToleranceTest.plan(600, 1).replace("\"min_updates\"", "\"norm_bound\": " + bound + ", \"min_updates\""),
                dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve(db)))) {
            Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, FaultToleranceTest.TOKEN, "127.0.0.1", 0)) {
                CoordinatorClient client = new CoordinatorClient("http://127.0.0.1:" + server.port());
                Identity identity = client.enroll(FaultToleranceTest.TOKEN, data.description());
                return client.upload(identity, CoordinatorClient.train(plan, identity, 1, client.model(), data, Progress.NONE).encode()).get("accepted");
            }
        }
    }
}
