package io.zkml4j.federated;

import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Review: a malicious coordinator publishing a tampered record, and a network attacker replaying a
 * participant's signed upload from an earlier round. Two participants, min_updates 1; round 1
 * has both honest updates accepted (the record the audit tests tamper with), round 2 the replay.
 */
class FederationReviewTest {
    static final String PLAN = """
            {"model": "init.onnx", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
             "batch_size": 8, "local_epochs": 1, "rounds": 3, "min_updates": 1, "round_deadline_s": 600, "max_update_mb": 16}""";

    @TempDir
    static Path dir;
    static FederationPlan plan;
    static FederationStore store;
    static Coordinator coordinator;
    static final List<DatasetKey> data = new ArrayList<>();
    static final List<Identity> identities = new ArrayList<>();
    /** Participant 1's round-1 upload as it went over the wire: body and signature. */
    static byte[] p1Round1Body;
    static byte[] p1Round1Signature;
    /** The honest public record after round 1 (rounds 1 and 2, both round-1 updates accepted). */
    static Audit.PublicRecord round1Record;

    @BeforeAll
    static void start() throws Exception {
        plan = FederationPlan.parse(PLAN, dir, "plan");
        GlobalModel initial = GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT);
        store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")));
        coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
        for (int p = 0; p < 2; p++) {
            DatasetKey key = DatasetKey.commit(FederationTest.blobs(16 + 4 * p, p), DatasetKey.Options.DEFAULT);
            data.add(key);
            java.security.KeyPair keys = Signatures.newKeyPair();
            int id = coordinator.enroll(keys.getPublic().getEncoded(), key.description().encode());
            identities.add(new Identity("local", coordinator.federationId(), id, keys));
        }
        submit(0, honest(0, 1));
        p1Round1Body = honest(1, 1);
        p1Round1Signature = sign(1, p1Round1Body);
        coordinator.submit(identities.get(1).participant(), p1Round1Body, p1Round1Signature);
        assertEquals(2, coordinator.current().round(), "round 1 closes once both reported");
        round1Record = Audit.read(store);
        assertTrue(Audit.check(round1Record, dir, 100).valid(), "the honest record audits");
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
    }

    static byte[] honest(int p, int round) throws Exception {
        return CoordinatorClient.train(plan, identities.get(p), round, coordinator.current().model(), data.get(p), Progress.NONE).encode();
    }

    static byte[] sign(int p, byte[] body) {
        Identity id = identities.get(p);
        return Signatures.signUpdate(id.keys().getPrivate(), id.federationId(), id.participant(), UpdateMessage.peekRound(body), body);
    }

    static Coordinator.Decision submit(int p, byte[] body) throws Exception {
        return coordinator.submit(identities.get(p).participant(), body, sign(p, body));
    }

    /** The record with round 2's global model replaced by {@code next}. */
    static Audit.PublicRecord withRound2Model(Audit.PublicRecord r, List<FederationStore.Participant> participants, List<Audit.AcceptedUpdate> accepted,
                                              GlobalModel next) {
        List<FederationStore.Round> rounds = new ArrayList<>(r.rounds());
        FederationStore.Round two = rounds.get(1);
        rounds.set(1, new FederationStore.Round(two.round(), next.encode(), two.openedAt(), two.deadlineAt(), two.closedAt(), two.outcome(),
                two.validationAccuracy()));
        return new Audit.PublicRecord(r.federationId(), r.planText(), participants, rounds, accepted);
    }

    static GlobalModel trained(Audit.AcceptedUpdate u) throws Exception {
        return UpdateMessage.decode(u.body(), "update").trained();
    }

    static long rows(List<FederationStore.Participant> ps, int id) {
        return ps.stream().filter(p -> p.id() == id).findFirst().orElseThrow().rows();
    }

    /**
     * A coordinator counts participant 0's update twice in round 1 (a second accepted row with the
     * same body): the record's round-2 model is the average with that update weighted double. Each
     * row's proof verifies, so the audit must refuse the second update of one participant in a round.
     */
    @Test
    void theAuditRefusesAParticipantsUpdateCountedTwiceInARound() throws Exception {
        Audit.PublicRecord r = round1Record;
        List<Audit.AcceptedUpdate> accepted = new ArrayList<>(r.accepted());
        Audit.AcceptedUpdate u0 = accepted.get(0);
        accepted.add(new Audit.AcceptedUpdate(1000, u0.round(), u0.participant(), u0.body()));
        List<GlobalModel> models = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (Audit.AcceptedUpdate u : accepted) {
            models.add(trained(u));
            rows.add(rows(r.participants(), u.participant()));
        }
        Audit.PublicRecord tampered = withRound2Model(r, r.participants(), accepted, FederatedAveraging.average(models, rows));
        Audit.Report report = Audit.check(tampered, dir, 100);
        assertFalse(report.valid(), "an update counted twice must not audit: " + report.rounds());
    }

    /**
     * A coordinator inflates participant 0's row count (the weight of its update in the average) in
     * its record and averages with it. The row count is the dataset description's, which the
     * record also holds: the audit must compare them.
     */
    @Test
    void theAuditRefusesARowCountThatIsNotTheEnrolledDatasets() throws Exception {
        Audit.PublicRecord r = round1Record;
        List<FederationStore.Participant> participants = new ArrayList<>();
        for (FederationStore.Participant p : r.participants()) {
            participants.add(p.id() == r.accepted().get(0).participant()
                    ? new FederationStore.Participant(p.id(), p.publicKey(), p.dataset(), 1000 * p.rows(), p.enrolledAt()) : p);
        }
        List<GlobalModel> models = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (Audit.AcceptedUpdate u : r.accepted()) {
            models.add(trained(u));
            rows.add(rows(participants, u.participant()));
        }
        Audit.PublicRecord tampered = withRound2Model(r, participants, r.accepted(), FederatedAveraging.average(models, rows));
        Audit.Report report = Audit.check(tampered, dir, 100);
        assertFalse(report.valid(), "an inflated row count must not audit: " + report.rounds());
    }

    /**
     * The proof covers an update's weights and biases, not its ReLU flags, and the record carries no
     * signature: a coordinator flips the flags of the round's updates (here: removes the hidden
     * layer's ReLU), and the averaged next model takes them, changing the federation's network.
     * The coordinator itself refuses such an update (sameShape); the audit must too.
     */
    @Test
    void theAuditRefusesUpdatesWhoseActivationsAreNotTheGlobalModels() throws Exception {
        Audit.PublicRecord r = round1Record;
        List<Audit.AcceptedUpdate> accepted = new ArrayList<>();
        List<GlobalModel> models = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (Audit.AcceptedUpdate u : r.accepted()) {
            UpdateMessage m = UpdateMessage.decode(u.body(), "update");
            boolean[] relu = new boolean[m.trained().layers()];
            GlobalModel flipped = new GlobalModel(m.trained().weights(), m.trained().biases(), relu, m.trained().inputs());
            accepted.add(new Audit.AcceptedUpdate(u.id(), u.round(), u.participant(), new UpdateMessage(m.round(), flipped, m.proof()).encode()));
            models.add(flipped);
            rows.add(rows(r.participants(), u.participant()));
        }
        GlobalModel next = FederatedAveraging.average(models, rows);
        assertTrue(next.activations()[0].isNone(), "the tampered next model has no ReLU");
        Audit.PublicRecord tampered = withRound2Model(r, r.participants(), accepted, next);
        Audit.Report report = Audit.check(tampered, dir, 100);
        assertFalse(report.valid(), "updates with other activations must not audit: " + report.rounds());
    }

    /**
     * A network attacker who saw participant 1's signed round-1 upload replays it in round 2, after
     * participant 0's round-2 update. Its signature covers round 1, so the coordinator refuses it as
     * not signed for the open round, without counting it as participant 1's report (which would
     * close the round early, before participant 1's own round-2 update).
     */
    @Test
    void aReplayedUploadFromAnEarlierRoundDoesNotCloseTheRound() throws Exception {
        assertEquals(2, coordinator.current().round());
        submit(0, honest(0, 2));
        assertTrue(coordinator.current().open());
        Coordinator.Refused e = assertThrows(Coordinator.Refused.class,
                () -> coordinator.submit(identities.get(1).participant(), p1Round1Body, p1Round1Signature));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("for the open round 2"), e.getMessage());
        Coordinator.RoundView now = coordinator.current();
        assertEquals(2, now.round(), "a replayed round-1 upload closed round 2 before participant 1 could take part");
        assertTrue(now.open());
    }

    /** Unauthenticated requests are refused and recorded up to a bound per round: nobody can grow the record without limit. */
    @Test
    void unauthenticatedRequestsGrowTheRecordOnlyUpToABound() throws Exception {
        int round = coordinator.current().round();
        for (int i = 0; i < Coordinator.MAX_UNAUTHENTICATED_RECORDS + 30; i++) {
            assertThrows(Coordinator.Refused.class, () -> coordinator.submit(12345, new byte[] {1}, new byte[64]));
        }
        long recorded = store.updates(round, false).stream().filter(u -> u.participant() == null).count();
        assertEquals(Coordinator.MAX_UNAUTHENTICATED_RECORDS, recorded);
    }
}
