package io.zkml4j.cli;

import io.zkml4j.federated.Coordinator;
import io.zkml4j.federated.CoordinatorClient;
import io.zkml4j.federated.CoordinatorServer;
import io.zkml4j.federated.FederationPlan;
import io.zkml4j.federated.FederationStore;
import io.zkml4j.federated.GlobalModel;
import io.zkml4j.federated.Identity;
import io.zkml4j.federated.UpdateMessage;
import io.zkml4j.federated.UpdateStatement;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.TrainingJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A federated round in the benchmark ({@code fl-round-fm}): three participants with 2,000
 * Fashion-MNIST training images each train the MLP 784-128-10 for one local epoch (batches of 64)
 * from the round's global model and prove it; a coordinator on loopback verifies each update. Per
 * participant: train-and-prove time, the plain local training of the same steps in the same run,
 * and the coordinator's verification time. One participant's work and its verification run first
 * untimed (warm-up).
 */
final class FederatedBench {
    private FederatedBench() {}

    static final String NAME = "fl-round-fm";
    static final int PARTICIPANTS = 3;
    static final int ROWS = 2000;

    static BenchCommand.Result run() throws Exception {
        LabelledDataset all = TrainingBench.fashionMnist(PARTICIPANTS * ROWS, NAME);
        Path dir = Files.createTempDirectory("zkml-fl-bench");
        FederationPlan plan = FederationPlan.parse("""
                {"model": "init.onnx", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
                 "batch_size": 64, "local_epochs": 1, "rounds": 1, "min_updates": 3, "round_deadline_s": 3600}""", dir, NAME);
        DenseNetwork init = TrainingBench.mlp(784, 128, 10);
        GlobalModel initial = GlobalModel.of(init, UpdateStatement.FORMAT);
        List<DatasetKey> data = new ArrayList<>();
        for (int p = 0; p < PARTICIPANTS; p++) {
            int from = p * ROWS;
            data.add(DatasetKey.commit(new LabelledDataset(all.featureNames(), Arrays.copyOfRange(all.rows(), from, from + ROWS),
                    Arrays.copyOfRange(all.labels(), from, from + ROWS)), DatasetKey.Options.DEFAULT));
        }
        String token = "bench-" + Long.toHexString(System.nanoTime());
        double[] prove = new double[PARTICIPANTS], plain = new double[PARTICIPANTS], verify = new double[PARTICIPANTS];
        int bytes = 0;
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, token, "127.0.0.1", 0)) {
                CoordinatorClient client = new CoordinatorClient("http://127.0.0.1:" + server.port());
                List<Identity> identities = new ArrayList<>();
                for (DatasetKey key : data) {
                    identities.add(client.enroll(token, key.description()));
                }
                // Warm-up: one participant's work and its verification, untimed (the coordinator is a long-running process).
                UpdateMessage warm = CoordinatorClient.train(plan, identities.get(0), 1, initial, data.get(0), Progress.NONE);
                io.zkml4j.proof.TrainingVerifier.verifyToPublicWeights(UpdateStatement.of(plan, coordinator.context(1,
                                identities.get(0).keys().getPublic().getEncoded()), initial, data.get(0).description()), data.get(0).description(),
                        warm.trained().weights(), warm.trained().biases(), warm.proof(), 100);
                for (int p = 0; p < PARTICIPANTS; p++) {
                    DatasetKey key = data.get(p);
                    long t0 = System.nanoTime();
                    UpdateMessage update = CoordinatorClient.train(plan, identities.get(p), 1, initial, key, Progress.NONE);
                    prove[p] = (System.nanoTime() - t0) / 1e6;
                    plain[p] = plainMillis(plan, init, key);
                    byte[] body = update.encode();
                    bytes = update.proof().encode().length;
                    Map<?, ?> answer = client.upload(identities.get(p), body);
                    verify[p] = ((Number) answer.get("verify_ms")).doubleValue();
                    System.err.printf(Locale.ROOT, "  %s: participant %d (%d rows, %d steps) trained and proved in %.1f s (plain %.0f ms, %.0f×), "
                                    + "coordinator verified in %.0f ms, proof %s%n", NAME, p + 1, ROWS, update.proof().steps(), prove[p] / 1e3, plain[p],
                            prove[p] / plain[p], verify[p], Console.bytes(bytes));
                }
            }
        }
        return new BenchCommand.Result(NAME, init.parameterCount(), ROWS, 0, BenchCommand.median(prove), BenchCommand.median(verify), bytes,
                BenchCommand.median(plain), 0, 100);
    }

    /** The same local training without a proof: the fixed-point trainer on the statement's steps. */
    private static double plainMillis(FederationPlan plan, DenseNetwork init, DatasetKey key) throws Exception {
        TrainingProver.Statement s = io.zkml4j.training.ProvableRecipe.statement(plan.localRecipe(), init, key.description(), UpdateStatement.FORMAT);
        long[][] inputs = TrainingJob.activations(key, s.spec().rescale());
        FixedPointTrainer trainer = new FixedPointTrainer(init, plan.localRecipe(), inputs, key.labels(), UpdateStatement.FORMAT);
        long t0 = System.nanoTime();
        trainer.steps(s.steps());
        return (System.nanoTime() - t0) / 1e6;
    }
}
