package io.zkml4j.federated;

import io.zkml4j.proof.TrainingProof;
import io.zkml4j.proof.TrainingStatement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The coordinator's dashboard in a real headless browser (Debian's chromium and chromedriver, which
 * ./test installs when missing; skipped with the reason when they are not there): after a round
 * with two verified updates and a forged one, the page shows the round, the participants, the
 * rejected update with its reason, the verification times and a chart point for the round's
 * validation accuracy, and it keeps answering while updates arrive.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void theDashboardShowsRoundsUpdatesRejectionsAndTheAccuracyChart() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no headless browser (./test installs Debian's chromium and chromium-driver when it can)");
        FederationPlan plan = FederationPlan.parse(FaultToleranceTest.plan(600, 2), dir, "plan");
        try (FederationStore store = FederationStore.open(FederationStore.sqliteUrl(dir.resolve("fl.db")))) {
            Coordinator coordinator = Coordinator.start(plan, GlobalModel.of(FederationTest.network(5), UpdateStatement.FORMAT), store, Clock.systemUTC(),
                    FederationTest.blobs(30, 99), 100);
            try (CoordinatorServer server = CoordinatorServer.start(coordinator, FaultToleranceTest.TOKEN, "127.0.0.1", 0)) {
                String url = "http://127.0.0.1:" + server.port();
                FaultToleranceTest.Federation f = FaultToleranceTest.enrol(url, 3);
                WebDriver browser = browser();
                try {
                    browser.get(url + "/");
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                    wait.until(b -> b.findElement(By.id("summary")).getText().contains("Round 1 open"));
                    assertEquals(3, browser.findElements(By.cssSelector("#participants tbody tr")).size());

                    f.client().upload(f.identities().get(0), f.honest(plan, 0, 1));
                    UpdateMessage real = UpdateMessage.decode(f.honest(plan, 1, 1), "update");
                    long[][] w = Arrays.stream(real.trained().weights()).map(long[]::clone).toArray(long[][]::new);
                    w[1][0] += 7;
                    TrainingProof p = real.proof();
                    UpdateMessage forged = new UpdateMessage(1, new GlobalModel(w, real.trained().biases(), real.trained().activations(), real.trained().inputs()),
                            new TrainingProof(p.recipeDigest(), p.datasetDigest(), TrainingStatement.publicDigest(w, real.trained().biases()), p.steps(),
                                    p.transcript()));
                    assertThrows(CoordinatorClient.CoordinatorException.class, () -> f.client().upload(f.identities().get(1), forged.encode()));
                    f.client().upload(f.identities().get(2), f.honest(plan, 2, 1));

                    wait.until(b -> b.findElement(By.id("summary")).getText().contains("Round 2 open"));
                    List<WebElement> updates = browser.findElements(By.cssSelector("#updates tbody tr"));
                    assertEquals(3, updates.size(), "three updates listed");
                    WebElement rejected = browser.findElement(By.cssSelector("#updates td.rejected"));
                    String row = rejected.findElement(By.xpath("..")).getText();
                    assertTrue(row.contains("invalid proof"), "the rejection's reason is shown: " + row);
                    assertEquals(2, browser.findElements(By.cssSelector("#updates td.accepted")).size());
                    assertTrue(browser.findElements(By.cssSelector("#updates tbody tr")).get(0).getText().contains(" ms"), "verification time shown");
                    String round1 = browser.findElements(By.cssSelector("#rounds tbody tr")).get(0).getText();
                    assertTrue(round1.contains("closed") && round1.contains("aggregated 2 updates") && round1.contains("%"), round1);
                    WebElement point = browser.findElement(By.cssSelector("#chart circle.point"));
                    assertEquals("1", point.getAttribute("data-round"));
                    assertTrue(browser.findElement(By.id("error")).getText().isEmpty(), "no fetch error on the page");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createDirectories(dir.resolve("profile"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }
}
