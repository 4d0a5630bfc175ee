package io.zkml4j.federated;

import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingStatement;
import io.zkml4j.training.DenseNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A federation on loopback: a coordinator on SQLite, three participants with hidden datasets,
 * two rounds. Honest updates are accepted and averaged; a forged update, a replay, an update for
 * another round, another participant's signature, an unknown participant and an oversized body are
 * each refused with a reason and recorded; the audit re-verifies the record; a restarted
 * coordinator resumes from its database.
 */
class FederationTest {
    static final String TOKEN = "admin-token-for-tests";
    static final String PLAN = """
            {"model": "init.onnx", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
             "batch_size": 8, "local_epochs": 1, "rounds": 2, "min_updates": 2, "round_deadline_s": 600, "max_update_mb": 16}""";

    @TempDir
    static Path dir;
    static FederationPlan plan;
    static GlobalModel initial;
    static FederationStore store;
    static Coordinator coordinator;
    static CoordinatorServer server;
    static CoordinatorClient client;
    static List<DatasetKey> data = new ArrayList<>();
    static List<Identity> identities = new ArrayList<>();

    /** Three Gaussian blobs in 4 features, {@code rows} rows. */
    static LabelledDataset blobs(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[rows][4];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (j == y[i] ? 1.5 : 0) + 0.4 * r.nextGaussian();
            }
        }
        return new LabelledDataset(List.of("a", "b", "c", "d"), x, y);
    }

    static DenseNetwork network(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        int[] widths = {4, 6, 3};
        for (int l = 0; l < 2; l++) {
            double[][] w = new double[widths[l + 1]][widths[l]];
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (r.nextDouble() - 0.5);
                }
            }
            layers.add(new DenseNetwork.Layer(w, new double[widths[l + 1]], l == 0));
        }
        return new DenseNetwork(layers);
    }

    @BeforeAll
    static void start() throws Exception {
        plan = FederationPlan.parse(PLAN, dir, "plan");
        initial = GlobalModel.of(network(5), UpdateStatement.FORMAT);
        store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")));
        coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), blobs(30, 99), 100);
        server = CoordinatorServer.start(coordinator, TOKEN, "127.0.0.1", 0);
        client = new CoordinatorClient("http://127.0.0.1:" + server.port());
        for (int p = 0; p < 3; p++) {
            DatasetKey key = DatasetKey.commit(blobs(16 + 4 * p, p), DatasetKey.Options.DEFAULT);
            data.add(key);
            identities.add(client.enroll(TOKEN, key.description()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    static byte[] honest(int p, int round) throws Exception {
        return CoordinatorClient.train(plan, identities.get(p), round, client.model(), data.get(p), Progress.NONE).encode();
    }

    static void assertRefused(int status, String reason, ThrowingCall call) {
        CoordinatorClient.CoordinatorException e = assertThrows(CoordinatorClient.CoordinatorException.class, call::run);
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void roundsOfVerifiedUpdatesAreAveragedAndEveryRefusalIsRecorded() throws Exception {
        assertRefused(401, "admin token", () -> client.enroll("wrong-token-x", data.get(0).description()));
        assertEquals(1, ((Number) client.round().get("round")).intValue());

        // Round 1: participant 0's honest update is accepted; a replay of it is refused.
        byte[] first = honest(0, 1);
        assertEquals(Boolean.TRUE, client.upload(identities.get(0), first).get("accepted"));
        assertRefused(409, "already accepted", () -> client.upload(identities.get(0), first));
        // Participant 1 forges: trained weights changed by one unit, relabelled with their digest; the proof fails.
        UpdateMessage real = UpdateMessage.decode(honest(1, 1), "update");
        long[][] w = Arrays.stream(real.trained().weights()).map(long[]::clone).toArray(long[][]::new);
        w[0][0] += 1;
        GlobalModel forged = new GlobalModel(w, real.trained().biases(), real.trained().activations(), real.trained().inputs());
        TrainingProof p = real.proof();
        TrainingProof relabelled = new TrainingProof(p.recipeDigest(), p.datasetDigest(), TrainingStatement.publicDigest(w, real.trained().biases()),
                p.steps(), p.transcript());
        assertRefused(422, "invalid proof", () -> client.upload(identities.get(1), new UpdateMessage(1, forged, relabelled).encode()));
        // Participant 2 uploads participant 1's honest update as its own: bound to participant 1's key, it fails.
        assertRefused(422, "invalid proof", () -> client.upload(identities.get(2), real.encode()));
        // Signed by another participant's key, or by nobody enrolled, or for another round, or too large.
        Identity impostor = new Identity(identities.get(1).coordinator(), identities.get(1).federationId(), 1, identities.get(2).keys());
        assertRefused(401, "not signed by participant 1", () -> client.upload(impostor, real.encode()));
        Identity stranger = new Identity(identities.get(1).coordinator(), identities.get(1).federationId(), 99, identities.get(2).keys());
        assertRefused(401, "not enrolled", () -> client.upload(stranger, real.encode()));
        assertRefused(401, "open round 1", () -> client.upload(identities.get(1), new UpdateMessage(2, real.trained(), real.proof()).encode()));
        assertRefused(413, "limit", () -> client.upload(identities.get(1), new byte[(17 << 20)]));
        // Then participant 1's own honest update, and the round closes: all three reported, two accepted.
        assertEquals(Boolean.TRUE, client.upload(identities.get(1), real.encode()).get("accepted"));
        assertEquals(2, ((Number) client.round().get("round")).intValue());

        GlobalModel expected = FederatedAveraging.average(List.of(UpdateMessage.decode(first, "u").trained(), real.trained()),
                List.of((long) data.get(0).description().rows(), (long) data.get(1).description().rows()));
        assertArrayEquals(expected.encode(), client.model().encode(), "round 2 starts from the row-weighted average of the verified updates");

        // Round 2: every participant honest; the federation finishes with its final model.
        for (int i = 0; i < 3; i++) {
            client.upload(identities.get(i), honest(i, 2));
        }
        Map<?, ?> round = client.round();
        assertEquals(Boolean.TRUE, round.get("finished"));

        Map<String, Object> status = Status.of(store);
        List<?> updates = (List<?>) status.get("updates");
        long rejected = updates.stream().filter(u -> !((Boolean) ((Map<?, ?>) u).get("accepted"))).count();
        assertEquals(7, rejected, "every refusal is recorded: " + updates);
        assertEquals(5, updates.size() - rejected);

        Audit.Report report = Audit.check(Audit.read(store), dir, 100);
        assertTrue(report.valid(), report.problems().toString());
        assertEquals(5, report.updatesVerified());
    }
}
