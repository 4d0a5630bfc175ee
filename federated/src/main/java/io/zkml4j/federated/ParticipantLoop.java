package io.zkml4j.federated;

import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A participant taking part in rounds: for each new open round, fetch the global model, train the
 * plan's local recipe on its own data with a proof, upload the signed update, and wait for the
 * next round; until it has taken part in the rounds asked for or the federation is finished.
 */
public final class ParticipantLoop {
    /** What happened in one round: accepted (with the coordinator's verification time) or refused with the reason. */
    public record RoundResult(int round, boolean accepted, String reason, double proveSeconds, double verifyMs) {}

    /** Changes what the participant uploads (the demo's forger); the identity upload for honest participants. */
    public interface Tamper {
        Tamper NONE = (round, update) -> update;

        UpdateMessage apply(int round, UpdateMessage update);
    }

    private final CoordinatorClient client;
    private final Identity identity;
    private final DatasetKey data;
    private final Progress progress;
    private final long pollMillis;

    public ParticipantLoop(Identity identity, DatasetKey data, Progress progress, long pollMillis) {
        this.client = new CoordinatorClient(identity.coordinator());
        this.identity = identity;
        this.data = data;
        this.progress = progress;
        this.pollMillis = pollMillis;
    }

    /**
     * Takes part in up to {@code rounds} rounds, reporting each; returns once the last of them has
     * closed, or when the federation is finished.
     */
    public void run(int rounds, Tamper tamper, Consumer<RoundResult> report) throws IOException, InterruptedException {
        FederationPlan plan = client.plan(identity);
        int done = 0;
        int last = 0;
        while (done < rounds) {
            Map<?, ?> r = client.round();
            int round = ((Number) r.get("round")).intValue();
            if (Boolean.TRUE.equals(r.get("finished"))) {
                return;
            }
            if (round == last || !Boolean.TRUE.equals(r.get("open"))) {
                Thread.sleep(pollMillis);
                continue;
            }
            last = round;
            GlobalModel global = client.model();
            long start = System.nanoTime();
            UpdateMessage update;
            try {
                update = CoordinatorClient.train(plan, identity, round, global, data, progress);
            } catch (io.zkml4j.training.TrainingSetupException | io.zkml4j.proof.format.FileFormatException e) {
                throw new IOException("round " + round + ": the local training cannot be proven: " + e.getMessage());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try {
                Map<?, ?> answer = client.upload(identity, tamper.apply(round, update).encode());
                report.accept(new RoundResult(round, true, "verified", seconds, ((Number) answer.get("verify_ms")).doubleValue()));
            } catch (CoordinatorClient.CoordinatorException e) {
                report.accept(new RoundResult(round, false, e.getMessage(), seconds, 0));
            }
            done++;
        }
        while (true) { // the last round's outcome: wait for it to close
            Map<?, ?> r = client.round();
            if (Boolean.TRUE.equals(r.get("finished")) || ((Number) r.get("round")).intValue() != last) {
                return;
            }
            Thread.sleep(pollMillis);
        }
    }
}
