package io.zkml4j.core.util;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The JIT warm-up of one vector code path, run once per JVM on a background thread. Interpreted,
 * vector code is many times slower than scalar code, so a caller uses its lanes only once
 * {@link #warm}: the warm-up starts when asked ({@link #start}, by a caller that knows bulk work
 * is coming) or once the process has done enough of that work in scalar code ({@link #countScalar}),
 * so that a short job (a verifier in a fresh JVM) neither runs the vector code cold nor pays for
 * compiling it. Nothing happens where {@link VectorLanes} says the lanes are off.
 */
public final class LaneWarmUp {
    private final String threadName;
    private final long startAfter;
    private final BooleanSupplier compile;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong scalarWork = new AtomicLong();
    private volatile boolean warm;
    private volatile boolean over;

    /**
     * @param startAfter scalar work (in the caller's units) after which {@link #countScalar} starts the warm-up
     * @param compile    runs the vector code until C2 has compiled it; true when the lanes are then worth using
     */
    public LaneWarmUp(String threadName, long startAfter, BooleanSupplier compile) {
        this.threadName = threadName;
        this.startAfter = startAfter;
        this.compile = compile;
    }

    /** Whether the vector code is compiled and worth using. */
    public boolean warm() {
        return warm;
    }

    /** Whether the warm-up has ended, warm or given up. */
    public boolean over() {
        return over;
    }

    /** Starts the warm-up in a background thread, once; nothing where the lanes are off. */
    public void start() {
        if (VectorLanes.longLanes() == 1 || !started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                warm = compile.getAsBoolean();
            } finally {
                over = true;
            }
        }, threadName);
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Counts work done in scalar code that could have used the lanes; starts the warm-up past the threshold. */
    public void countScalar(long work) {
        if (scalarWork.addAndGet(work) >= startAfter) {
            start();
        }
    }
}
