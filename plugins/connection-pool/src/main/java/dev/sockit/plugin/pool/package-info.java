/**
 * The {@code connection-pool} plugin: a pool of client connections on one event loop, in HikariCP's vocabulary,
 * that sends one framed request and answers one framed response ({@code send}), with its figures ({@code stats}).
 * The accounting ({@link dev.sockit.plugin.pool.Pool}) does no I/O, so that it can be property-tested; the
 * connections are Vert.x {@code NetClient} sockets framed by the configured codec.
 */
package dev.sockit.plugin.pool;
