package io.zkml4j.federated;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The coordinator's dashboard: one self-contained page (no external scripts) that draws {@code /api/status}. */
final class Dashboard {
    private Dashboard() {}

    private static final String PAGE = load();

    static String html() {
        return PAGE;
    }

    private static String load() {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard page cannot be read: " + e.getMessage(), e);
        }
    }
}
