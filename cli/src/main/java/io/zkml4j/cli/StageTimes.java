package io.zkml4j.cli;

import io.zkml4j.proof.Progress;

import java.util.Locale;

/**
 * A benchmark's view of where a proof's time goes: with {@code ZKML_BENCH_STAGES=1} in the
 * environment, every stage a prover reports is printed to standard error with the milliseconds
 * since the one before and the process's CPU time in them (so their ratio shows how many cores the
 * stage kept busy); otherwise nothing.
 */
final class StageTimes implements Progress {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private long last = System.nanoTime();
    private long lastCpu = OS.getProcessCpuTime();
    private String current = "start";

    private StageTimes() {}

    /** Times stages when {@code ZKML_BENCH_STAGES=1}, else null. */
    static StageTimes fromEnvironment() {
        return "1".equals(System.getenv("ZKML_BENCH_STAGES")) ? new StageTimes() : null;
    }

    @Override
    public synchronized void stage(String description) {
        lap(current);
        current = description;
    }

    /**
     * An item done ends the time since the last report; the time after the last item is the phase's
     * tail. A phase's first item, reported without a start (done = 0), first ends the stage before
     * it, so that stage's time is not counted as the item's.
     */
    @Override
    public synchronized void step(String phase, int done, int total) {
        if (!phase.equals(current)) {
            stage(phase);
        }
        if (done == 0) {
            return;
        }
        lap(phase + " (" + done + " of " + total + ")");
        current = done < total ? phase : "after " + phase;
    }

    /** Starts a proof: what ran since the last report (the previous proof's verification, the plain run) is not its first stage's. */
    synchronized void begin() {
        last = System.nanoTime();
        lastCpu = OS.getProcessCpuTime();
        current = "start";
    }

    /** Reports the end of the proof (the time of its last stage). */
    synchronized void end() {
        lap(current);
        current = "start";
    }

    private void lap(String what) {
        long now = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        System.err.printf(Locale.ROOT, "    %8.1f ms  %8.1f ms CPU  %s%n", (now - last) / 1e6, (cpu - lastCpu) / 1e6, what);
        last = now;
        lastCpu = cpu;
    }
}
