package dev.sockit.plugin.pool;

/**
 * The numbers a {@link Pool} runs by, in nanoseconds where they are times; 0 turns a time off. Made from a
 * {@link ConnectionPoolConfig}, or directly by tests.
 *
 * @param maxSize          the most connections, connecting, idle and in use together
 * @param minIdle          the idle connections kept ready (made at start and after evictions)
 * @param maxWaiters       the most acquires that may wait for a connection; one more fails at once
 * @param acquireTimeout   how long an acquire may wait
 * @param idleTimeout      how long a connection beyond {@code minIdle} may stay idle; 0: forever
 * @param maxLifetime      how long a connection may live (less a random part of up to 2.5%); 0: forever
 * @param keepalive        how long a connection may stay idle before it is probed; 0: never probed
 * @param leakThreshold    how long a lease may be held before it is logged as a possible leak; 0: never
 * @param reconnectDelay   the first wait after a failed connect to a target, doubled per failure
 * @param reconnectMaxDelay the longest wait between connects to a target that keeps failing
 * @param balance          how connections spread over the targets
 */
public record PoolSettings(int maxSize, int minIdle, int maxWaiters, long acquireTimeout, long idleTimeout,
                           long maxLifetime, long keepalive, long leakThreshold, long reconnectDelay,
                           long reconnectMaxDelay, Balance balance) {

    /** The share of {@code maxLifetime} taken off at random, so connections made together expire apart. */
    public static final double LIFETIME_JITTER = 0.025;

    /** Checks what a pool cannot run with. */
    public PoolSettings {
        if (maxSize < 1 || minIdle < 0 || minIdle > maxSize || maxWaiters < 0 || acquireTimeout <= 0
                || reconnectDelay <= 0 || reconnectMaxDelay < reconnectDelay || balance == null) {
            throw new IllegalArgumentException("pool settings out of range: maxSize=" + maxSize + " minIdle="
                    + minIdle + " maxWaiters=" + maxWaiters + " acquireTimeout=" + acquireTimeout
                    + "ns reconnectDelay=" + reconnectDelay + "ns reconnectMaxDelay=" + reconnectMaxDelay + "ns");
        }
    }

    /** How often the housekeeper looks at idle connections and leases: a quarter of the shortest time, 25ms-1s. */
    long housekeepingPeriod() {
        long shortest = 1_000_000_000L * 4;
        for (long t : new long[] {idleTimeout, maxLifetime, keepalive, leakThreshold}) {
            if (t > 0) {
                shortest = Math.min(shortest, t);
            }
        }
        return Math.max(25_000_000L, Math.min(1_000_000_000L, shortest / 4));
    }
}
