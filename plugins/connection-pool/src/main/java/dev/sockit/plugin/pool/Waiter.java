package dev.sockit.plugin.pool;

/**
 * An acquire in progress: {@link Pool#cancel cancel} takes it back while it waits.
 *
 * @param <C> the connection type
 */
public final class Waiter<C> {
    final AcquireCallback<C> callback;
    final long since;
    final Throwable acquiredAt;
    boolean done;

    Waiter(AcquireCallback<C> callback, long since, Throwable acquiredAt) {
        this.callback = callback;
        this.since = since;
        this.acquiredAt = acquiredAt;
    }

    /** Whether the acquire has been answered or cancelled. */
    public boolean done() {
        return done;
    }

    /** Ends the wait with {@code e}: the callback gets no lease. */
    void fail(AcquireException e) {
        done = true;
        callback.acquired(null, e);
    }
}
