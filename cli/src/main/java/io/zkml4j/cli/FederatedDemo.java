package io.zkml4j.cli;

import io.zkml4j.federated.Audit;
import io.zkml4j.federated.Coordinator;
import io.zkml4j.federated.CoordinatorClient;
import io.zkml4j.federated.CoordinatorServer;
import io.zkml4j.federated.FederatedAveraging;
import io.zkml4j.federated.FederationPlan;
import io.zkml4j.federated.FederationStore;
import io.zkml4j.federated.GlobalModel;
import io.zkml4j.federated.Identity;
import io.zkml4j.federated.ParticipantLoop;
import io.zkml4j.federated.UpdateMessage;
import io.zkml4j.federated.UpdateStatement;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.proof.DatasetKey;
import io.zkml4j.proof.Progress;
import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingProver;
import io.zkml4j.proof.TrainingStatement;
import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.FixedPointTrainer;
import io.zkml4j.training.TrainingJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Three hospitals train one model without pooling their records: a coordinator and three
 * participants on loopback, the bundled breast-cancer training records split three ways, three
 * rounds. In round 2 participant 3 submits a poisoned update (its output layer negated and boosted
 * eightfold, so that the average flips the model's decisions) with its honest proof relabelled: the coordinator rejects it and the round averages the two verified updates.
 * The same federation run without proofs (where the poison is averaged in) is shown beside it, and
 * the audit re-verifies the whole record.
 */
final class FederatedDemo {
    private FederatedDemo() {}

    static final int PARTICIPANTS = 3;
    static final int ROUNDS = 3;
    static final int FORGER = 2;
    static final int FORGED_ROUND = 2;

    static int run(Path examples, Console console) throws Exception {
        Path dir = Files.createTempDirectory("zkml-fl-demo");
        Files.writeString(dir.resolve("plan.json"), String.format(Locale.ROOT, """
                {"model": "%s", "loss": "cross_entropy", "optimizer": {"type": "sgd", "learning_rate": 0.1},
                 "batch_size": 32, "local_epochs": 1, "rounds": %d, "min_updates": 2, "round_deadline_s": 600,
                 "validation": "%s", "label_column": "target"}
                """, examples.resolve("init.onnx").toAbsolutePath(), ROUNDS, examples.resolve("test.csv").toAbsolutePath()));
        System.out.printf(Locale.ROOT, "zkml4j demo: federated learning on %s (breast cancer split three ways, %d rounds)%n%n", examples, ROUNDS);
        FederationPlan plan = FederationPlan.read(dir.resolve("plan.json"));
        GlobalModel initial = GlobalModel.of(DenseNetwork.of(ModelFiles.onnx(plan.localRecipe().model())), UpdateStatement.FORMAT);
        LabelledDataset validation = Datasets.read(plan.validation(), "target");
        LabelledDataset all = Datasets.read(examples.resolve("train.csv"), "target");

        console.stage("coordinator: starting on loopback (SQLite database " + dir.resolve("fl.db") + ")");
        String token = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")));
        Coordinator coordinator = Coordinator.start(plan, initial, store, Clock.systemUTC(), validation, 100);
        try (CoordinatorServer server = CoordinatorServer.start(coordinator, token, "127.0.0.1", 0)) {
            String url = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "  dashboard: %s/%n", url);
            console.stage("hospitals: committing to their records and enrolling");
            List<DatasetKey> data = new ArrayList<>();
            List<Identity> identities = new ArrayList<>();
            for (int p = 0; p < PARTICIPANTS; p++) {
                DatasetKey key = DatasetKey.commit(split(all, p), DatasetKey.Options.DEFAULT);
                data.add(key);
                identities.add(new CoordinatorClient(url).enroll(token, key.description()));
                System.out.printf(Locale.ROOT, "  hospital %d: %d hidden records, enrolled as participant %d%n", p + 1, key.description().rows(),
                        identities.get(p).participant());
            }

            console.stage("hospitals: each round, training locally with a proof and uploading the update");
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            Throwable[] failure = new Throwable[1];
            for (int p = 0; p < PARTICIPANTS; p++) {
                int who = p;
                ParticipantLoop loop = new ParticipantLoop(identities.get(p), data.get(p), Progress.NONE, 200);
                ParticipantLoop.Tamper tamper = who == FORGER ? FederatedDemo::poison : ParticipantLoop.Tamper.NONE;
                Thread t = new Thread(() -> {
                    try {
                        loop.run(ROUNDS, tamper, r -> log.add(String.format(Locale.ROOT, "  round %d, hospital %d: %s (trained and proved in %.1f s%s)",
                                r.round(), who + 1, r.accepted() ? "accepted" : "REJECTED, " + r.reason(), r.proveSeconds(),
                                r.accepted() ? String.format(Locale.ROOT, ", verified in %.0f ms", r.verifyMs()) : "")));
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                }, "participant-" + (p + 1));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a participant failed: " + failure[0].getMessage(), failure[0]);
            }
            log.stream().sorted().forEach(System.out::println);

            console.stage("the same federation without proofs (every update averaged, the poisoned one too)");
            double[] plain = unproven(plan, initial, data, validation);
            System.out.println();
            System.out.println("  round  accuracy with proofs  without proofs   (hidden test records: " + validation.size() + ")");
            List<FederationStore.Round> rounds = store.rounds();
            for (int i = 0; i < ROUNDS; i++) {
                Double acc = rounds.get(i).validationAccuracy();
                System.out.printf(Locale.ROOT, "  %5d  %19s  %14s%n", i + 1, acc == null ? "–" : percent(acc), percent(plain[i]));
            }

            console.stage("auditor: re-verifying every accepted update and recomputing every aggregation");
            long t0 = System.nanoTime();
            Audit.Report report = Audit.check(new CoordinatorClient(url).auditRecord(), dir, 100);
            System.out.printf(Locale.ROOT, "  %s: %d updates re-verified, %d aggregations recomputed in %s%s%n", report.valid() ? "VALID" : "INVALID",
                    report.updatesVerified(), report.rounds().size(), Console.millis(System.nanoTime() - t0),
                    report.valid() ? "" : ": " + report.problems());
            System.out.printf(Locale.ROOT, "%nThe record stays in %s: zkml fl status --db %s; zkml fl audit --db %s%n", dir, dir.resolve("fl.db"),
                    dir.resolve("fl.db"));
            store.close();
            return report.valid() ? Main.OK : Main.INVALID;
        }
    }

    /** Hospital p's share of the records: every third row from p. */
    static LabelledDataset split(LabelledDataset all, int p) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int r = p; r < all.size(); r += PARTICIPANTS) {
            rows.add(all.rows()[r]);
            labels.add(all.labels()[r]);
        }
        return new LabelledDataset(all.featureNames(), rows.toArray(new double[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The forger's round-2 update: its output layer times −8, its honest proof relabelled to it (the proof cannot follow). */
    static UpdateMessage poison(int round, UpdateMessage honest) {
        if (round != FORGED_ROUND) {
            return honest;
        }
        GlobalModel poisoned = boostedNegative(honest.trained());
        TrainingProof p = honest.proof();
        return new UpdateMessage(round, poisoned, new TrainingProof(p.recipeDigest(), p.datasetDigest(),
                TrainingStatement.publicDigest(poisoned.weights(), poisoned.biases()), p.steps(), p.transcript()));
    }

    static GlobalModel boostedNegative(GlobalModel m) {
        long[][] w = Arrays.stream(m.weights()).map(long[]::clone).toArray(long[][]::new);
        long[][] b = Arrays.stream(m.biases()).map(long[]::clone).toArray(long[][]::new);
        int last = m.layers() - 1;
        w[last] = Arrays.stream(w[last]).map(v -> -8 * v).toArray();
        b[last] = Arrays.stream(b[last]).map(v -> -8 * v).toArray();
        return new GlobalModel(w, b, m.activations(), m.inputs());
    }

    /** Each round's accuracy of the federation without proofs: the same local trainings, every update averaged (the poisoned one too). */
    static double[] unproven(FederationPlan plan, GlobalModel initial, List<DatasetKey> data, LabelledDataset validation) throws Exception {
        double[] out = new double[ROUNDS];
        GlobalModel global = initial;
        for (int round = 1; round <= ROUNDS; round++) {
            List<GlobalModel> updates = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            for (int p = 0; p < data.size(); p++) {
                DatasetKey key = data.get(p);
                DenseNetwork start = global.network(UpdateStatement.FORMAT);
                TrainingProver.Statement s = io.zkml4j.training.ProvableRecipe.statement(plan.localRecipe(), start, key.description(),
                        UpdateStatement.FORMAT);
                FixedPointTrainer trainer = new FixedPointTrainer(start, plan.localRecipe(), TrainingJob.activations(key, s.spec().rescale()),
                        key.labels(), UpdateStatement.FORMAT);
                trainer.steps(s.steps());
                GlobalModel trained = GlobalModel.of(trainer.network(), UpdateStatement.FORMAT);
                updates.add(p == FORGER && round == FORGED_ROUND ? boostedNegative(trained) : trained);
                rows.add((long) key.description().rows());
            }
            global = FederatedAveraging.average(updates, rows);
            Double acc = Coordinator.accuracy(plan, global, validation);
            out[round - 1] = acc == null ? Double.NaN : acc;
        }
        return out;
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * x);
    }
}
