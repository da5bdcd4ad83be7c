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

    static AcquireException closed(int connecting) {
        return new AcquireException(Reason.CLOSED, "the pool is closed", null, null, connecting);
    }

    static AcquireException tooManyWaiters(int waiting, int maxWaiters, int connecting) {
        return new AcquireException(Reason.TOO_MANY_WAITERS, waiting + " acquires are already waiting (maxWaiters "
                + maxWaiters + ")", null, null, connecting);
    }

    /** No connection within {@code acquireTimeout}; {@code failed}: the target whose last connect failed, or null. */
    static AcquireException timeout(long acquireTimeout, int inUse, int maxSize, int connecting, PoolTarget failed) {
        String millis = acquireTimeout % 1_000_000_000L == 0 ? acquireTimeout / 1_000_000_000L + "s"
                : acquireTimeout / 1_000_000L + "ms";
        return new AcquireException(Reason.TIMEOUT, "no connection within acquireTimeout " + millis + " (" + inUse
                + " of maxSize " + maxSize + " in use, " + connecting + " connecting)"
                + (failed == null ? "" : "; the last connect to " + failed.address() + " failed"), failed,
                failed == null ? null : failed.lastError, connecting);
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
