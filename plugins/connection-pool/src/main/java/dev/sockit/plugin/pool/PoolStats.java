package dev.sockit.plugin.pool;

import dev.sockit.contracts.PoolContract;
import io.vertx.core.json.JsonObject;

/**
 * A pool's figures at one moment. {@code total} = {@code connecting} + {@code idle} + {@code active} + the
 * connections being probed; {@code created} − {@code destroyed} = the connections open. Latencies are in
 * microseconds.
 *
 * @param total           connections held: connecting, idle, in use or being probed
 * @param idle            connections ready for a lease
 * @param active          connections leased
 * @param pending         acquires waiting
 * @param connecting      connects under way
 * @param created         connections made since start
 * @param destroyed       connections closed since start
 * @param timeouts        acquires that timed out
 * @param rejected        acquires refused because {@code maxWaiters} were waiting
 * @param connectFailures connects that failed
 * @param acquired        leases handed out
 * @param released        leases given back
 * @param doubleReleases  releases refused because the lease had been released before
 * @param leaks           leases logged as held beyond {@code leakDetectionThreshold}
 * @param p50Nanos        median acquire latency, in nanoseconds
 * @param p99Nanos        99th percentile acquire latency, in nanoseconds
 * @param maxNanos        longest acquire latency, in nanoseconds
 */
public record PoolStats(int total, int idle, int active, int pending, int connecting, long created,
                        long destroyed, long timeouts, long rejected, long connectFailures, long acquired,
                        long released, long doubleReleases, long leaks, long p50Nanos, long p99Nanos,
                        long maxNanos) {

    /** The stats as the {@code stats} verb and {@code status} show them (keys of {@link PoolContract}). */
    public JsonObject toJson() {
        return new JsonObject()
                .put(PoolContract.STAT_TOTAL, total).put(PoolContract.STAT_IDLE, idle)
                .put(PoolContract.STAT_ACTIVE, active).put(PoolContract.STAT_PENDING, pending)
                .put("connecting", connecting)
                .put(PoolContract.STAT_CREATED, created).put(PoolContract.STAT_DESTROYED, destroyed)
                .put(PoolContract.STAT_TIMEOUTS, timeouts).put("rejected", rejected)
                .put("connectFailures", connectFailures).put("acquired", acquired).put("released", released)
                .put("doubleReleases", doubleReleases).put("leaks", leaks)
                .put(PoolContract.STAT_ACQUIRE_LATENCY, new JsonObject()
                        .put("p50", micros(p50Nanos)).put("p99", micros(p99Nanos)).put("max", micros(maxNanos)));
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
