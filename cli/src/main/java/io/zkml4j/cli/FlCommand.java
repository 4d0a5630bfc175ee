package io.zkml4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.federated.Audit;
import io.zkml4j.federated.Coordinator;
import io.zkml4j.federated.CoordinatorClient;
import io.zkml4j.federated.CoordinatorServer;
import io.zkml4j.federated.FederationPlan;
import io.zkml4j.federated.FederationStore;
import io.zkml4j.federated.GlobalModel;
import io.zkml4j.federated.Identity;
import io.zkml4j.federated.ParticipantLoop;
import io.zkml4j.federated.Status;
import io.zkml4j.federated.UpdateStatement;
import io.zkml4j.model.data.LabelledDataset;
import io.zkml4j.training.DenseNetwork;
import io.zkml4j.training.TrainingSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zkml fl}: verifiable federated learning (a coordinator, its participants, status and audit). */
@Command(name = "fl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifiable federated learning: participants prove their local training on their own committed data, the",
                "coordinator aggregates only updates that verify and keeps a record anyone can audit."},
        subcommands = {FlCommand.CoordinatorCommand.class, FlCommand.EnrollCommand.class, FlCommand.ClientCommand.class, FlCommand.StatusCommand.class,
                FlCommand.AuditCommand.class})
final class FlCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new Main.UserError("name a subcommand: coordinator, enroll, client, status or audit (zkml fl --help)");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The admin token given, else the ZKML_ADMIN_TOKEN environment variable's (null when neither). */
    static String adminToken(String given) {
        return given != null ? given : System.getenv("ZKML_ADMIN_TOKEN");
    }

    static FederationStore store(Path db, String jdbcUrl) {
        try {
            return FederationStore.open(jdbcUrl != null ? jdbcUrl : FederationStore.sqliteUrl(db));
        } catch (SQLException | RuntimeException e) {
            throw new Main.UserError("the federation database " + (jdbcUrl != null ? jdbcUrl : db) + " cannot be opened: " + e.getMessage());
        }
    }

    @Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs a federation's coordinator: enrolment, rounds, verification of every update, federated averaging of the",
                    "verified ones, a dashboard at http://HOST:PORT/ and the public audit record. Resumes the federation in its database."})
    static final class CoordinatorCommand implements Callable<Integer> {
        @Option(names = "--plan", required = true, paramLabel = "FILE", description = "the federation's plan (JSON)")
        Path plan;

        @Option(names = "--db", defaultValue = "fl.db", paramLabel = "FILE", description = "the SQLite database (default: ${DEFAULT-VALUE})")
        Path db;

        @Option(names = "--jdbc-url", paramLabel = "URL", description = "a PostgreSQL database instead, e.g. jdbc:postgresql://host/db?user=u&password=p")
        String jdbcUrl;

        @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "the port to listen on (default: ${DEFAULT-VALUE}; 0: any free one)")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "the address to listen on (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--admin-token", paramLabel = "TOKEN", description = "the token enrolment needs (default: the ZKML_ADMIN_TOKEN environment variable)")
        String adminToken;

        @Option(names = "--exit-when-finished", description = "stop once the federation's last round has closed")
        boolean exitWhenFinished;

        @Override
        public Integer call() throws Exception {
            String token = adminToken(adminToken);
            if (token == null || token.length() < 8) {
                throw new Main.UserError("give an admin token of at least 8 characters (--admin-token or ZKML_ADMIN_TOKEN)");
            }
            FederationPlan p;
            LabelledDataset validation = null;
            GlobalModel initial;
            try {
                p = FederationPlan.read(plan);
                initial = GlobalModel.of(DenseNetwork.of(ModelFiles.onnx(p.localRecipe().model())), UpdateStatement.FORMAT);
            } catch (TrainingSetupException | IllegalArgumentException e) {
                throw new Main.UserError(e.getMessage());
            }
            if (p.validation() != null) {
                validation = Datasets.read(p.validation(), p.labelColumn());
            }
            FederationStore store = store(db, jdbcUrl);
            Coordinator coordinator;
            try {
                coordinator = Coordinator.start(p, initial, store, Clock.systemUTC(), validation, 100);
            } catch (Coordinator.Refused e) {
                throw new Main.UserError(e.getMessage());
            }
            CoordinatorServer server;
            try {
                server = CoordinatorServer.start(coordinator, token, host, port);
            } catch (RuntimeException e) {
                throw new Main.UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            System.err.printf(Locale.ROOT, "zkml fl coordinator: federation %s, %d rounds, listening on http://%s:%d/ (dashboard there)%n",
                    java.util.HexFormat.of().formatHex(coordinator.federationId()).substring(0, 16), p.rounds(), host, server.port());
            System.out.printf(Locale.ROOT, "{\"port\": %d}%n", server.port());
            System.out.flush();
            while (true) {
                Thread.sleep(500);
                if (exitWhenFinished && coordinator.current().finished()) {
                    Thread.sleep(1500); // let participants read the final state
                    server.close();
                    store.close();
                    System.err.println("zkml fl coordinator: the federation is finished");
                    return Main.OK;
                }
            }
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Enrols a participant: a new Ed25519 key and the public description of its committed dataset (data.dc), fixed",
                    "for the whole federation. Writes the identity (public participant.json and private.key) to --out."})
    static final class EnrollCommand implements Callable<Integer> {
        @Option(names = "--coordinator", required = true, paramLabel = "URL", description = "the coordinator, e.g. http://127.0.0.1:8080")
        String coordinator;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "the dataset's public description (data.dc)")
        Path data;

        @Option(names = "--admin-token", paramLabel = "TOKEN", description = "the coordinator's admin token (default: ZKML_ADMIN_TOKEN)")
        String adminToken;

        @Option(names = "--out", defaultValue = "identity", paramLabel = "DIR", description = "where to write the identity (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            String token = adminToken(adminToken);
            if (token == null) {
                throw new Main.UserError("give the coordinator's admin token (--admin-token or ZKML_ADMIN_TOKEN)");
            }
            Identity identity;
            try {
                identity = new CoordinatorClient(coordinator).enroll(token, Datasets.description(data));
            } catch (IOException e) {
                throw new Main.UserError(coordinator + ": " + e.getMessage());
            }
            identity.write(out);
            System.out.printf(Locale.ROOT, "{\"participant\": %d, \"identity\": \"%s\"}%n", identity.participant(), out);
            return Main.OK;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Takes part in the federation's next rounds: fetches each round's global model, trains the plan's local recipe",
                    "on the participant's own data with a proof, and uploads the signed update. Exit 0 when every update was accepted,",
                    "1 when one was refused (the reason is printed), 2 for usage or file errors."})
    static final class ClientCommand implements Callable<Integer> {
        @Option(names = "--coordinator", paramLabel = "URL", description = "the coordinator (default: the one the identity enrolled with)")
        String coordinator;

        @Option(names = "--identity", required = true, paramLabel = "DIR", description = "the identity zkml fl enroll wrote")
        Path identityDir;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "the participant's dataset key (data.dk)")
        Path data;

        @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "rounds to take part in (default: ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            Identity identity;
            try {
                identity = Identity.read(identityDir);
            } catch (IOException e) {
                throw new Main.UserError(e.getMessage());
            }
            if (coordinator != null) {
                identity = new Identity(coordinator, identity.federationId(), identity.participant(), identity.keys());
            }
            if (rounds < 1) {
                throw new Main.UserError("--rounds must be at least 1");
            }
            int[] refused = {0};
            try {
                new ParticipantLoop(identity, Datasets.key(data), new Console(false), 500).run(rounds, ParticipantLoop.Tamper.NONE, r -> {
                    System.out.printf(Locale.ROOT, "{\"round\": %d, \"accepted\": %s, \"reason\": %s, \"prove_s\": %.2f, \"verify_ms\": %.1f}%n", r.round(),
                            r.accepted(), json(r.reason()), r.proveSeconds(), r.verifyMs());
                    if (!r.accepted()) {
                        refused[0]++;
                    }
                });
            } catch (IOException e) {
                throw new Main.UserError(e.getMessage());
            }
            return refused[0] == 0 ? Main.OK : Main.INVALID;
        }
    }

    /** Where status and audit read the federation's record: a running coordinator, or its database. */
    static final class RecordSource {
        @Option(names = "--coordinator", paramLabel = "URL", description = "ask a running coordinator")
        String coordinator;

        @Option(names = "--db", paramLabel = "FILE", description = "or read its SQLite database")
        Path db;

        @Option(names = "--jdbc-url", paramLabel = "URL", description = "or its PostgreSQL database")
        String jdbcUrl;

        interface Remote<T> {
            T read(CoordinatorClient client) throws IOException, InterruptedException;
        }

        interface Local<T> {
            T read(FederationStore store) throws SQLException;
        }

        <T> T read(Remote<T> remote, Local<T> local) throws Exception {
            if (coordinator != null) {
                try {
                    return remote.read(new CoordinatorClient(coordinator));
                } catch (IOException e) {
                    throw new Main.UserError(coordinator + ": " + e.getMessage());
                }
            }
            if (db == null && jdbcUrl == null) {
                throw new Main.UserError("give --coordinator URL, --db FILE or --jdbc-url URL");
            }
            try (FederationStore store = store(db, jdbcUrl)) {
                return local.read(store);
            } catch (SQLException e) {
                throw new Main.UserError("the federation database: " + e.getMessage());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Prints the federation's rounds, participants and updates (with the reasons of rejections) as JSON.")
    static final class StatusCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        RecordSource source;

        @Override
        public Integer call() throws Exception {
            System.out.println(json(source.read(CoordinatorClient::status, Status::of)));
            return Main.OK;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-verifies every accepted update of the federation's public record and recomputes every aggregation.",
                    "Exit 0: the record holds; 1: it does not (each problem is printed); 2: usage or file errors."})
    static final class AuditCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        RecordSource source;

        @Override
        public Integer call() throws Exception {
            Audit.PublicRecord record = source.read(CoordinatorClient::auditRecord, Audit::read);
            long start = System.nanoTime();
            Audit.Report report = Audit.check(record, Path.of("."), 100);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("valid", report.valid());
            out.put("updates_verified", report.updatesVerified());
            out.put("rounds", report.rounds());
            out.put("problems", report.problems());
            System.out.println(json(out));
            System.err.printf(Locale.ROOT, "%s: %d updates re-verified, %d aggregations recomputed in %s%n", report.valid() ? "VALID" : "INVALID",
                    report.updatesVerified(), report.rounds().size(), Console.millis(System.nanoTime() - start));
            return report.valid() ? Main.OK : Main.INVALID;
        }
    }
}
