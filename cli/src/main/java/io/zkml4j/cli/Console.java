package io.zkml4j.cli;

import io.zkml4j.proof.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on standard error (so standard output stays machine-readable): each long step is
 * announced when it starts, with the time since the command began.
 */
final class Console implements Progress {
    private final PrintStream err;
    private final long start = System.nanoTime();
    private final boolean quiet;

    Console(boolean quiet) {
        this.err = System.err;
        this.quiet = quiet;
    }

    @Override
    public void stage(String description) {
        if (!quiet) {
            err.printf(Locale.ROOT, "[%6.2f s] %s%n", seconds(), description);
        }
    }

    private String phase;
    private long phaseStart;
    private long lastShown;

    /** One line per phase every two seconds at most: done of total, the share, and the time left at the rate so far. */
    @Override
    public void step(String name, int done, int total) {
        long now = System.nanoTime();
        if (!name.equals(phase)) {
            phase = name;
            phaseStart = now;
            lastShown = now;
        }
        if (quiet || done < total && now - lastShown < 2_000_000_000L) {
            return;
        }
        lastShown = now;
        double elapsed = (now - phaseStart) / 1e9;
        String left = done < total ? String.format(Locale.ROOT, ", about %.0f s left", elapsed / done * (total - done))
                : String.format(Locale.ROOT, ", done in %.1f s", elapsed);
        int width = 20;
        int filled = (int) ((long) width * done / total);
        err.printf(Locale.ROOT, "[%6.2f s] %s [%s%s] %d/%d%s%n", seconds(), name, "#".repeat(filled), ".".repeat(width - filled), done, total, left);
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String bytes(long n) {
        if (n >= 1 << 20) {
            return String.format(Locale.ROOT, "%.2f MB", n / 1048576.0);
        }
        return n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KB", n / 1024.0) : n + " B";
    }
}
