package io.zkml4j.federated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A coordinator in a process of its own, for tests that kill it: args are the plan file, the
 * database file, the admin token and a file to write its port to (written once it serves). The
 * initial model is {@link FederationTest#network}'s.
 */
public final class CoordinatorProcess {
    private CoordinatorProcess() {}

    public static void main(String[] args) throws Exception {
        FederationPlan plan = FederationPlan.read(Path.of(args[0]));
        FederationStore store = FederationStore.open(FederationStore.sqliteUrl(Path.of(args[1])));
        Coordinator coordinator = Coordinator.start(plan, GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT), store, Clock.systemUTC(),
                null, 100);
        CoordinatorServer server = CoordinatorServer.start(coordinator, args[2], "127.0.0.1", 0);
        Path port = Path.of(args[3]);
        Files.writeString(port.resolveSibling(port.getFileName() + ".tmp"), Integer.toString(server.port()));
        Files.move(port.resolveSibling(port.getFileName() + ".tmp"), port, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
