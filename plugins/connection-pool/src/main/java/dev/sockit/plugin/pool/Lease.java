package dev.sockit.plugin.pool;

/**
 * A connection handed out by {@link Pool#acquire}: its holder uses it alone and gives it back exactly once, with
 * {@link #release()} or, when the connection can no longer be trusted (a response timed out, an I/O error),
 * {@link #releaseBroken(String)}. A second release is refused ({@code false}) and counted.
 *
 * @param <C> the connection type
 */
public final class Lease<C> {

    private final Pool<C> pool;
    final PoolSlot<C> slot;
    boolean released;

    Lease(Pool<C> pool, PoolSlot<C> slot) {
        this.pool = pool;
        this.slot = slot;
    }

    /** The connection. */
    public C connection() {
        return slot.connection;
    }

    /** The slot leased, for its id and target. */
    public PoolSlot<C> slot() {
        return slot;
    }

    /** Gives the connection back for the next lease; {@code false} if this lease was released before. */
    public boolean release() {
        return pool.release(this, null);
    }

    /** Gives the connection back to be closed for {@code reason}; {@code false} if released before. */
    public boolean releaseBroken(String reason) {
        return pool.release(this, reason);
    }

    /** Whether this lease was given back. */
    public boolean released() {
        return released;
    }
}
