package dev.sockit.runtime;

import org.apache.logging.log4j.LogManager;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM and SIGINT into a graceful stop with sockit's own exit code. A shutdown hook asks the run to
 * stop and waits (up to a limit) while it does; the run then ends the JVM itself with {@link #finish(int)}:
 * the JVM is already shutting down, so it halts with the code instead of exiting with 143 or 130.
 */
final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean bySignal;

    /** Installs the hook; it waits at most {@code limit} for the run to finish stopping. */
    StopSignal(Duration limit) {
        hook = new Thread(() -> {
            bySignal = true;
            requested.countDown();
            try {
                finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sockit-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /**
     * Ends the run with {@code code}: after a signal, flushes the logs and halts the JVM with it; otherwise
     * removes the hook and returns {@code code} for the caller to exit with.
     */
    int finish(int code) {
        if (bySignal) {
            System.out.flush();
            LogManager.shutdown();
            // Not finished.countDown(): the hook would return and the JVM exit with the signal's status first.
            Runtime.getRuntime().halt(code);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM began shutting down meanwhile; the hook finds the run finished.
            finished.countDown();
        }
        return code;
    }
}
