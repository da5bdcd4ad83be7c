package dev.sockit.plugin.pool;

import dev.sockit.api.HostPort;

import java.util.ArrayDeque;

/**
 * One backend of a pool, with its idle connections and its reconnect state: after a failed connect the pool
 * waits {@code reconnectDelay}, doubled per failure up to {@code reconnectMaxDelay}, before it tries this target
 * again. Read by the pool's thread only.
 */
public final class PoolTarget {

    private final HostPort address;
    final int index;
    final ArrayDeque<PoolSlot<?>> idle = new ArrayDeque<>();
    int slots;
    int inUse;
    int failures;
    long nextAttemptAt;
    Throwable lastError;

    PoolTarget(HostPort address, int index) {
        this.address = address;
        this.index = index;
    }

    /** The target's host and port. */
    public HostPort address() {
        return address;
    }

    /** The connect failures in a row, 0 once a connect succeeds. */
    public int failures() {
        return failures;
    }

    /** The last connect failure, {@code null} if the last connect succeeded. */
    public Throwable lastError() {
        return lastError;
    }

    /** A connect failed with {@code cause} at {@code now}: wait longer before the next, jittered by ±20%. */
    void failed(Throwable cause, long now, PoolSettings settings, double random) {
        failures++;
        lastError = cause;
        long delay = Math.min(settings.reconnectMaxDelay(), settings.reconnectDelay() << Math.min(20, failures - 1));
        nextAttemptAt = now + (long) (delay * (0.8 + 0.4 * random));
    }

    boolean available(long now) {
        return failures == 0 || now - nextAttemptAt >= 0;
    }
}
