package dev.sockit.plugin.pool;

/** A pool's counters, kept apart so that {@link Pool#stats()} reads them in one place. Pool's thread only. */
final class PoolCounters {
    long created;
    long destroyed;
    long timeouts;
    long rejected;
    long cancelled;
    long connectFailures;
    long acquired;
    long released;
    long doubleReleases;
    long leaks;
    final LatencyHistogram latency = new LatencyHistogram();
}
