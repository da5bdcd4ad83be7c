package dev.sockit.plugin.pool;

import dev.sockit.api.AuditEvent;
import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.HostPort;
import dev.sockit.api.Journal;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.frame.FrameCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The {@link PoolEnv} of a running pool: connections made with a Vert.x {@link NetClient} (socket options and TLS
 * from the config), framed by the pool's codec, journalled (connect, close, error); timers on the pool's event
 * loop. Every method is called on that event loop, and the callbacks it makes to the {@link Pool} come back on it,
 * since the client and the timers were created there.
 */
final class NetPoolEnv implements PoolEnv<PoolConnection> {

    /** Where a lease held too long is reported: the connection, how long, and the stack that took it. */
    @FunctionalInterface
    interface LeakReporter {

        /** Reports one lease held beyond the threshold. */
        void report(PoolConnection connection, long heldNanos, Throwable acquiredAt);
    }

    private final Vertx vertx;
    private final NetClient client;
    private final FrameCodec codec;
    private final Journal journal;
    private final boolean ssl;
    private final String serverName;
    private final Buffer probe;
    private final long probeTimeoutMillis;
    private final LeakReporter leaks;
    private final int depth;
    private Pool<PoolConnection> pool;

    NetPoolEnv(Vertx vertx, NetClient client, FrameCodec codec, Journal journal, boolean ssl, String serverName,
               Buffer probe, long probeTimeoutMillis, LeakReporter leaks) {
        this(vertx, client, codec, journal, ssl, serverName, probe, probeTimeoutMillis, 1, leaks);
    }

    /** The same, for connections that take up to {@code depth} outstanding requests ({@code pipelining}). */
    NetPoolEnv(Vertx vertx, NetClient client, FrameCodec codec, Journal journal, boolean ssl, String serverName,
               Buffer probe, long probeTimeoutMillis, int depth, LeakReporter leaks) {
        this.depth = depth;
        this.ssl = ssl;
        this.vertx = vertx;
        this.client = client;
        this.codec = codec;
        this.journal = journal;
        this.serverName = serverName;
        this.probe = probe;
        this.probeTimeoutMillis = probeTimeoutMillis;
        this.leaks = leaks;
    }

    /** The pool this env serves; set once, before {@link Pool#start()}. */
    void pool(Pool<PoolConnection> pool) {
        this.pool = pool;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delayNanos / 1_000_000L), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    @Override
    public double random() {
        return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public void connect(PoolSlot<PoolConnection> slot) {
        HostPort target = slot.target().address();
        // ConnectOptions does not inherit the client's ssl flag: it is set per connect.
        ConnectOptions options = new ConnectOptions().setHost(target.host()).setPort(target.port()).setSsl(ssl);
        if (serverName != null) {
            options.setSniServerName(serverName);
        }
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                journal.error(slot.id(), "", target.toString(), 0, 0, "connect failed: "
                        + PoolConnection.reason(ar.cause()));
                pool.connectFailed(slot, ar.cause());
                return;
            }
            PoolConnection c;
            try {
                c = new PoolConnection(ar.result(), codec, vertx, slot.id(), target, depth, this::closed);
            } catch (RuntimeException e) {
                // A codec whose handlers cannot be made: the connection is useless, the target is not to blame.
                ar.result().close();
                journal.error(slot.id(), "", target.toString(), 0, 0, "codec failed: " + PoolConnection.reason(e));
                pool.connectFailed(slot, e);
                return;
            }
            journal.write(new AuditEvent(AuditOp.CONNECT, journal.process(), journal.protocol(), slot.id(),
                            c.local(), target.toString(), ""),
                    new SocketEvent(EventType.OPENED, journal.process(), slot.id(), c.local(), target.toString(),
                            0, 0, Instant.now(), ""));
            pool.connected(slot, c);
        });
    }

    private void closed(PoolConnection c) {
        journal.closed(c.id(), c.local(), c.target().toString(), c.bytesIn(), c.bytesOut(), c.closeReason());
        for (PoolSlot<PoolConnection> slot : pool.slots()) {
            if (slot.id() == c.id()) {
                pool.lost(slot, c.closeReason());
                return;
            }
        }
    }

    @Override
    public void close(PoolSlot<PoolConnection> slot, PoolConnection connection, String reason) {
        if (connection != null) {
            connection.close(reason);
        }
    }

    @Override
    public boolean usable(PoolConnection connection) {
        return connection.usable();
    }

    @Override
    public void probe(PoolConnection connection, Consumer<Boolean> done) {
        if (probe == null || !connection.usable()) {
            vertx.runOnContext(v -> done.accept(connection.usable()));
            return;
        }
        connection.request(probe.copy(), probeTimeoutMillis).onComplete(ar -> done.accept(ar.succeeded()));
    }

    @Override
    public void leak(PoolSlot<PoolConnection> slot, long heldNanos, Throwable acquiredAt) {
        leaks.report(slot.connection(), heldNanos, acquiredAt);
    }
}
