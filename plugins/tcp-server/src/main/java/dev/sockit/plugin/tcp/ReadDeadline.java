package dev.sockit.plugin.tcp;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections of one verticle instance that have received nothing for {@code readTimeout}; writing
 * does not keep a connection open. One periodic timer sweeps all the instance's connections, and runs only while
 * there are any; a read stores the time of the last sweep, which the sweep keeps as a coarse clock, so reading
 * costs a field store and no clock call. Used on the instance's event loop only.
 *
 * <p>A connection is closed between {@code readTimeout} and {@code readTimeout} plus two sweep intervals after its
 * last byte (or its accept), never earlier. The sweep interval is a quarter of {@code readTimeout}, at least
 * {@link #MIN_SWEEP_MS} and at most {@link #MAX_SWEEP_MS}.
 */
final class ReadDeadline {

    /** The shortest sweep interval, so that a short timeout does not spin the event loop. */
    static final long MIN_SWEEP_MS = 10;
    /** The longest sweep interval, so that a long timeout is still enforced to the second. */
    static final long MAX_SWEEP_MS = 1000;

    private final Vertx vertx;
    private final long timeoutMs;
    private final long sweepMs;
    private final Set<Watch> watches = new LinkedHashSet<>();
    /** The coarse clock: the time of the last sweep (or of the timer's start), in milliseconds. */
    private long now;
    private long timer = -1;

    ReadDeadline(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutMs = timeout.toMillis();
        this.sweepMs = sweepInterval(timeout);
    }

    /** A quarter of {@code timeout}, within {@link #MIN_SWEEP_MS} and {@link #MAX_SWEEP_MS}. */
    static long sweepInterval(Duration timeout) {
        return Math.max(MIN_SWEEP_MS, Math.min(MAX_SWEEP_MS, timeout.toMillis() / 4));
    }

    /** Starts watching a connection, which counts as having just read; {@code onTimeout} closes it. */
    Watch watch(Runnable onTimeout) {
        if (timer < 0) {
            now = clock();
            timer = vertx.setPeriodic(sweepMs, id -> sweep());
        }
        Watch watch = new Watch(onTimeout);
        watches.add(watch);
        return watch;
    }

    /** Whether the sweep timer is running: only while a connection is watched. */
    boolean sweeping() {
        return timer >= 0;
    }

    private void sweep() {
        long sweptAt = clock();
        List<Watch> expired = null;
        for (Watch w : watches) {
            if (w.lastRead == now) {
                // Read since the last sweep, so no later than now: the deadline counts from here.
                w.readBy = sweptAt;
            } else if (sweptAt - w.readBy >= timeoutMs) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(w);
            }
        }
        now = sweptAt;
        if (expired != null) {
            for (Watch w : expired) {
                w.cancel();
                w.onTimeout.run();
            }
        }
    }

    private static long clock() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /** The read deadline of one connection. */
    final class Watch {
        private final Runnable onTimeout;
        /** The coarse time of the last read: the time of the sweep before it. */
        private long lastRead;
        /** A time no earlier than the last read, set by the sweep after it. */
        private long readBy;

        private Watch(Runnable onTimeout) {
            this.onTimeout = onTimeout;
            this.lastRead = now;
            this.readBy = Long.MAX_VALUE;
        }

        /** Records a read; the hot path, so it only stores the coarse clock. */
        void read() {
            lastRead = now;
        }

        /** Stops watching; the last watch gone stops the timer. */
        void cancel() {
            if (watches.remove(this) && watches.isEmpty()) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
