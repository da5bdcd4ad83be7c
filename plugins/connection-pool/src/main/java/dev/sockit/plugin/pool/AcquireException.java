package dev.sockit.plugin.pool;

import dev.sockit.api.SockitException;

/**
 * An acquire that got no connection: the waiter queue was full, the wait timed out, or the pool closed. When the
 * pool could not connect, {@link #getCause()} is the last connect failure of the target tried last.
 */
public final class AcquireException extends SockitException {

    private static final long serialVersionUID = 1L;

    /** Why no connection was handed out. */
    public enum Reason {
        /** {@code maxWaiters} acquires were already waiting. */
        TOO_MANY_WAITERS,
        /** No connection came free or could be made within {@code acquireTimeout}. */
        TIMEOUT,
        /** The pool was closed. */
        CLOSED
    }

    private final Reason reason;
    private final transient PoolTarget target;
    private final int connecting;

    AcquireException(Reason reason, String message, PoolTarget target, Throwable lastError, int connecting) {
        super(message, lastError);
        this.reason = reason;
        this.target = target;
        this.connecting = connecting;
    }

    /** How many connects were under way when the acquire gave up. */
    public int connecting() {
        return connecting;
    }

    /** Why no connection was handed out. */
    public Reason reason() {
        return reason;
    }

    /** The target the pool last failed to connect to, or {@code null} when no connect failed. */
    public PoolTarget target() {
        return target;
    }
}
