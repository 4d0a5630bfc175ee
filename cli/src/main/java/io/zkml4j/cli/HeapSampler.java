package io.zkml4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap in use while something runs, sampled every few milliseconds by a daemon thread.
 * (The heap pools' own peaks, added up, overstate: each pool peaks at another moment.)
 */
final class HeapSampler implements AutoCloseable {
    private static final long INTERVAL_MS = 5;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapSampler() {
        peak = used();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, used());
                try {
                    Thread.sleep(INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The peak so far, in MB. */
    double peakMb() {
        return Math.max(peak, used()) / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
