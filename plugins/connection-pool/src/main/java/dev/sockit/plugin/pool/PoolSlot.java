package dev.sockit.plugin.pool;

/**
 * One place in a {@link Pool}: a connection being made, idle, leased, being probed, or gone. Its id is the
 * connection id the journal writes. Read by the pool's thread only.
 *
 * @param <C> the connection type
 */
public final class PoolSlot<C> {

    /** Where a slot is in its life. */
    public enum State {
        /** The connect is under way. */
        CONNECTING,
        /** Connected, waiting for a lease. */
        IDLE,
        /** Handed out. */
        LEASED,
        /** Idle but being probed by the keepalive. */
        PROBING,
        /** Gone: the connect failed or the connection was closed. */
        CLOSED
    }

    final long id;
    final PoolTarget target;
    State state = State.CONNECTING;
    C connection;
    long createdAt;
    long expiresAt;
    long idleSince;
    long leasedAt;
    Throwable acquiredAt;
    boolean leakReported;
    String brokenReason;

    PoolSlot(long id, PoolTarget target) {
        this.id = id;
        this.target = target;
    }

    /** The slot's id, unique in its pool: the journal's connection id. */
    public long id() {
        return id;
    }

    /** The target this slot connects to. */
    public PoolTarget target() {
        return target;
    }

    /** Where the slot is in its life. */
    public State state() {
        return state;
    }

    /** The connection, {@code null} while connecting. */
    public C connection() {
        return connection;
    }

    /** When the connection was made ({@link PoolEnv#nanoTime()}), 0 while connecting. */
    public long createdAt() {
        return createdAt;
    }

    /** When the connection reaches its lifetime, {@code Long.MAX_VALUE} for never. */
    public long expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "slot " + id + " " + state + " to " + target.address();
    }

    /** Whether the slot's {@code maxLifetime} has passed at {@code now}. */
    boolean expired(long now) {
        return expiresAt != Long.MAX_VALUE && now - expiresAt >= 0;
    }
}
