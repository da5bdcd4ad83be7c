package dev.sockit.plugin.pool;

import java.util.function.Consumer;

/**
 * What a {@link Pool} needs from the world: a clock, timers, and connections to make, check and close. The pool
 * calls it from its one thread (the event loop of its context) and expects its callbacks on that thread too:
 * the Vert.x implementation is {@link NetPoolEnv}, tests give virtual time.
 *
 * @param <C> the connection type
 */
public interface PoolEnv<C> {

    /** Monotonic time, in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} after {@code delayNanos}; the handle cancels it. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A random number in [0, 1): lifetime jitter, backoff jitter, power-of-two choices. */
    double random();

    /**
     * Starts connecting {@code slot} to its target; later (never from inside this call) calls
     * {@link Pool#connected} or {@link Pool#connectFailed} for it exactly once.
     */
    void connect(PoolSlot<C> slot);

    /** Closes {@code connection}, which the pool no longer holds, for {@code reason}. */
    void close(PoolSlot<C> slot, C connection, String reason);

    /** Whether {@code connection} can be handed out: open, nothing unread, not broken. Cheap; no I/O. */
    boolean usable(C connection);

    /** Probes an idle {@code connection}; calls {@code done} later with whether it still answers. */
    void probe(C connection, Consumer<Boolean> done);

    /** A lease of {@code slot} is held longer than the leak threshold; {@code acquiredAt} is where it was taken. */
    void leak(PoolSlot<C> slot, long heldNanos, Throwable acquiredAt);

    /** A timer that can be cancelled. */
    interface Cancellable {

        /** Cancels the timer; does nothing if it ran. */
        void cancel();
    }
}
