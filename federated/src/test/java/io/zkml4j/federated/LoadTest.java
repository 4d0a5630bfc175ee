package io.zkml4j.federated;

import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Twenty participants uploading at once to one coordinator on loopback: fifteen honest updates,
 * five forged ones (trained weights changed, proof relabelled). Every honest update is accepted,
 * every forged one rejected, and the dashboard and status keep answering throughout. Prints the
 * throughput and the latencies.
 */
class LoadTest {
    static final int PARTICIPANTS = 20;
    static final int FORGED = 5;

    @TempDir
    Path dir;

    @Test
    void twentyConcurrentUploadsAreEachDecidedAndTheDashboardKeepsAnswering() throws Exception {
        FederationPlan plan = FederationPlan.parse(FaultToleranceTest.plan(600, PARTICIPANTS - FORGED), dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            Coordinator coordinator = Coordinator.start(plan, GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT), store, Clock.systemUTC(),
                    null, 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, FaultToleranceTest.TOKEN, "127.0.0.1", 0)) {
                String url = "http://127.0.0.1:" + server.port();
                FaultToleranceTest.Federation f = FaultToleranceTest.enrol(url, PARTICIPANTS);
                List<byte[]> bodies = new ArrayList<>();
                for (int p = 0; p < PARTICIPANTS; p++) {
                    byte[] honest = f.honest(plan, p, 1);
                    bodies.add(p < FORGED ? forged(honest) : honest);
                }
                AtomicBoolean uploading = new AtomicBoolean(true);
                List<Long> dashboardMillis = Collections.synchronizedList(new ArrayList<>());
                List<String> dashboardFailures = Collections.synchronizedList(new ArrayList<>());
                Thread watcher = new Thread(() -> watch(url, uploading, dashboardMillis, dashboardFailures));
                List<Long> latency = Collections.synchronizedList(new ArrayList<>());
                List<Boolean> accepted = Collections.synchronizedList(new ArrayList<>());
                List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < PARTICIPANTS; p++) {
                    int who = p;
                    threads.add(new Thread(() -> {
                        try {
                            go.await();
                            long t0 = System.nanoTime();
                            try {
                                f.client().upload(f.identities().get(who), bodies.get(who));
                                accepted.add(true);
                            } catch (CoordinatorClient.CoordinatorException e) {
                                assertEquals(422, e.status(), e.getMessage());
                                accepted.add(false);
                            }
                            latency.add((System.nanoTime() - t0) / 1_000_000);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }));
                }
                threads.forEach(Thread::start);
                watcher.start();
                long start = System.nanoTime();
                go.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                uploading.set(false);
                watcher.join();
                assertTrue(errors.isEmpty(), errors.toString());
                assertEquals(PARTICIPANTS - FORGED, accepted.stream().filter(a -> a).count(), "every honest update accepted");
                assertEquals(FORGED, accepted.stream().filter(a -> !a).count(), "every forged update rejected");
                assertTrue(dashboardFailures.isEmpty(), dashboardFailures.toString());
                assertFalse(dashboardMillis.isEmpty(), "the dashboard was polled while the uploads ran");
                List<Long> sorted = new ArrayList<>(latency);
                Collections.sort(sorted);
                List<Long> dash = new ArrayList<>(dashboardMillis);
                Collections.sort(dash);
                System.out.printf(java.util.Locale.ROOT, "load: %d concurrent uploads decided in %.2f s (%.1f updates/s); upload latency median %d ms, "
                                + "max %d ms; dashboard and status answered %d polls meanwhile, median %d ms, max %d ms%n", PARTICIPANTS, seconds,
                        PARTICIPANTS / seconds, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), dash.size(), dash.get(dash.size() / 2),
                        dash.get(dash.size() - 1));
                assertEquals(2, ((Number) f.client().round().get("round")).intValue(), "the round closed once everyone reported");
            }
        }
    }

    static byte[] forged(byte[] honest) throws Exception {
        UpdateMessage real = UpdateMessage.decode(honest, "update");
        long[][] w = Arrays.stream(real.trained().weights()).map(long[]::clone).toArray(long[][]::new);
        w[0][1] -= 3;
        TrainingProof p = real.proof();
        return new UpdateMessage(real.round(), new GlobalModel(w, real.trained().biases(), real.trained().activations(), real.trained().inputs()),
                new TrainingProof(p.recipeDigest(), p.datasetDigest(), TrainingStatement.publicDigest(w, real.trained().biases()), p.steps(), p.transcript()))
                .encode();
    }

    /** Polls the dashboard page and the status while the uploads run, timing each answer. */
    private static void watch(String url, AtomicBoolean running, List<Long> millis, List<String> failures) {
        HttpClient http = HttpClient.newHttpClient();
        while (running.get()) {
            for (String path : new String[] {"/", "/api/status"}) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        failures.add(path + ": " + r.statusCode());
                    }
                } catch (Exception e) {
                    failures.add(path + ": " + e);
                }
                millis.add((System.nanoTime() - t0) / 1_000_000);
            }
        }
    }
}
