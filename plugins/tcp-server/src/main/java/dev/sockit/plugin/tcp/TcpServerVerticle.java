package dev.sockit.plugin.tcp;

import dev.sockit.api.Journal;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SockitException;
import dev.sockit.api.Units;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.BindOrJoin;
import dev.sockit.net.EventLoops;
import dev.sockit.net.PortGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of a {@code tcp-server}: a Vert.x {@link NetServer} on the process's host and port whose
 * connections run on this verticle's event loop, or, for a single instance that forwards to a process which said
 * which loop it handles its messages on ({@link EventLoops#of}: an event-handler sharing its pool's loop), on
 * that loop, so that a frame goes from the socket through the event-handler and the pool without waking another
 * thread; everything that touches the connections then runs there, stop included. The first instance checks the port, applies and audits the
 * options, binds, and announces it; the others then listen on the same address, sharing its listener, or
 * with {@link TcpServerProcess#ownListeners()} each binding a listener of its own on the same port.
 */
final class TcpServerVerticle extends VerticleBase {

    /** How long after the shutdown timeout Vert.x closes what this verticle has not cut itself. */
    private static final Duration SHUTDOWN_BACKSTOP = Duration.ofSeconds(1);

    private final TcpServerProcess process;
    private final ProcessContext<TcpServerConfig> ctx;
    private final TcpServerConfig config;
    private final Journal journal;
    private BindOrJoin.Deployment<Integer> deployment;
    private NetServer server;
    private boolean listening;
    /** Where the connections run (and {@link #stop} with them): this verticle's context, or the forward target's loop. */
    private Context serving;
    /**
     * Connections this instance accepted; reported once it listens. It exists before, because a connection can be
     * handed to this instance before its listen completes.
     */
    private final AtomicLong acceptCounter = new AtomicLong();
    /** Connections of this instance still open; all run on this verticle's event loop. */
    private final Set<TcpServerConnection> connections = new HashSet<>();
    /** Completed when the last connection has closed during a stop. */
    private Promise<Void> drained;
    /** Creates the handler of each connection, as {@code handler} says. */
    private final ConnectionHandler.Factory handlers;
    /** Closes connections that receive nothing for {@code readTimeout}; {@code null} without one. */
    private final ReadDeadline readDeadline;

    TcpServerVerticle(TcpServerProcess process) {
        this.process = process;
        this.ctx = process.context();
        this.config = ctx.config();
        this.journal = ctx.journal().on(Protocol.TCP);
        this.handlers = ConnectionHandler.Factory.of(config, ctx);
        this.readDeadline = config.readTimeout() == null ? null : new ReadDeadline(ctx.vertx(), config.readTimeout());
    }

    @Override
    public Future<?> start() {
        deployment = process.deployment(deploymentID());
        return deployment.start(context, this::bindFirst,
                port -> process.readback().listening(process.address()).map(port).onSuccess(p -> announce()),
                this::join);
    }

    /** Listens on the address the first instance bound: its listener shared, or one of this instance's own. */
    private Future<Integer> join(int port) {
        return (process.ownListeners() ? onThisContext(process.ownListenerAddress(port))
                : Future.succeededFuture(process.listenAddress()))
                .compose(address -> listen(address).recover(e -> Future.failedFuture(
                        new SockitException("cannot listen on " + process.address() + ": " + reason(e), e))));
    }

    @Override
    public Future<?> stop() {
        if (!listening) {
            return Future.succeededFuture();
        }
        if (serving == null || serving == context) {
            return stopHere();
        }
        Promise<Void> stopped = Promise.promise();
        serving.runOnContext(v -> stopHere().<Void>mapEmpty().onComplete(stopped));
        return stopped.future();
    }

    /** Closes the listener and the connections, on the context they run on. */
    private Future<?> stopHere() {
        // The listener closes now; connections get a shutdown signal, flush what they owe and close. Those still
        // open at the timeout are cut here, with that reason; Vert.x's own cut, a little later, is only a backstop.
        // The server is down once their channels are, which can be before their close handlers have run.
        drained = Promise.promise();
        process.listenerClosed(deployment);
        Duration timeout = ctx.shutdownTimeout();
        long cut = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            String reason = "cut at shutdown after " + Units.format(timeout);
            for (TcpServerConnection c : List.copyOf(connections)) {
                c.close(reason);
            }
        });
        return server.shutdown(timeout.plus(SHUTDOWN_BACKSTOP))
                .compose(v -> connections.isEmpty() ? Future.succeededFuture() : drained.future())
                .andThen(ar -> {
                    vertx.cancelTimer(cut);
                    listening = false;
                    process.instanceStopped(deployment);
                });
    }

    /** Warns about what will not be applied, checks the port, audits the options, binds and announces. */
    private Future<Integer> bindFirst() {
        for (String warning : process.mapping().report().warnings()) {
            ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' " + warning);
        }
        if (config.maxConnections() == null) {
            ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' accepts unlimited connections;"
                    + " set maxConnections to bound them");
        }
        String configured = process.configuredAddress();
        Future<PortCheck> free = config.isUnixSocket() ? unixSocketFree(configured)
                : PortGuard.requireFree(ctx, context, Protocol.TCP, config.host(), config.port(), configured,
                        TcpServerVerticle::reason);
        return free
                .compose(check -> onThisContext(process.loadKeyCert())
                        .compose(v -> onThisContext(process.resolveListenAddress())
                                .compose(this::listen)
                                .recover(e -> listenFailed(configured, e))))
                .andThen(process::firstBound);
    }

    /**
     * Makes the path of a unix socket free to bind (a stale socket there is removed) and reports it as a free
     * port check; a path in the way fails, audited, with what is there.
     */
    private Future<PortCheck> unixSocketFree(String configured) {
        return onThisContext(UnixSocketFile.prepare(vertx, config.path()))
                .transform(ar -> {
                    if (ar.failed()) {
                        journal.failed(configured, reason(ar.cause()));
                        return Future.failedFuture(ar.cause() instanceof SockitException ? ar.cause()
                                : new SockitException("cannot check unix socket " + config.path() + ": "
                                        + reason(ar.cause()), ar.cause()));
                    }
                    if (ar.result() == UnixSocketFile.Outcome.REMOVED_STALE) {
                        ctx.logger().log(Level.WARNING, () -> "'" + ctx.id() + "' removed the stale unix socket "
                                + config.path() + ", which nothing listened on");
                    }
                    return Future.succeededFuture(PortCheck.free(Protocol.TCP, config.path(), 0));
                });
    }

    private Future<Integer> listen(SocketAddress address) {
        server = vertx.createNetServer(process.serverOptions())
                .connectHandler(this::connected)
                .exceptionHandler(this::serverFailed);
        // A server takes the context it listens from for its connections.
        serving = servingContext();
        Future<NetServer> listened;
        if (serving == context) {
            listened = server.listen(address);
        } else {
            Promise<NetServer> p = Promise.promise();
            serving.runOnContext(v -> server.listen(address).onComplete(p));
            listened = onThisContext(p.future());
        }
        return listened.map(s -> {
            listening = true;
            process.reportAccepted(acceptCounter);
            process.instanceListening(deployment);
            return s.actualPort();
        });
    }

    /**
     * This verticle's context, or, for the one instance of a server that forwards, a context on the loop its
     * target said it handles messages on (if it has said so by now: it has when it started first).
     */
    private Context servingContext() {
        if (config.forwardTo() == null || ctx.instances() != 1) {
            return context;
        }
        OptionalInt loop = EventLoops.of(vertx, config.forwardTo());
        if (loop.isEmpty()) {
            return context;
        }
        process.sharesLoopWith(config.forwardTo());
        return EventLoops.contextOn(vertx, loop.getAsInt());
    }

    private void announce() {
        String local = process.address();
        journal.bound(local, "");
        journal.listening(local, "instances=" + ctx.instances()
                + " listeners=" + (process.ownListeners() ? ctx.instances() : 1));
        ctx.logger().log(Level.INFO, () -> "'" + ctx.id() + "' listening on " + local + " ("
                + config.handler().json() + ", " + ctx.instances() + " instance(s), transport "
                + process.transport().json() + ")");
    }

    /** Audits a failed bind; a port taken since the check is reported with its holder if the check finds it. */
    private Future<Integer> listenFailed(String configured, Throwable e) {
        journal.failed(configured, "listen: " + reason(e));
        SockitException failure = new SockitException("cannot listen on " + configured + ": " + reason(e), e);
        if (config.isUnixSocket()) {
            return Future.failedFuture(failure);
        }
        return PortGuard.afterFailedBind(ctx, context, Protocol.TCP, config.host(), config.port(), e, failure);
    }

    private void connected(NetSocket socket) {
        process.readback().accepted(socket);
        acceptCounter.incrementAndGet();
        long open = process.open.incrementAndGet();
        Integer max = config.maxConnections();
        if (max != null && open > max) {
            process.open.decrementAndGet();
            reject(socket, max);
            return;
        }
        TcpServerConnection connection = new TcpServerConnection(process, journal, handlers, readDeadline,
                this::connectionClosed, socket, process.nextConnectionId());
        connections.add(connection);
        connection.start();
    }

    private void reject(NetSocket socket, int max) {
        process.rejected.increment();
        String local = TcpServerProcess.format(socket.localAddress());
        String remote = TcpServerConnection.remoteOf(socket, local);
        journal.rejected(local, remote, "maxConnections=" + max + " reached");
        socket.close();
    }

    private void connectionClosed(TcpServerConnection connection) {
        connections.remove(connection);
        if (connections.isEmpty() && drained != null) {
            drained.tryComplete();
        }
    }

    private void serverFailed(Throwable e) {
        journal.failed(process.address(), reason(e));
    }

    /** {@code future}, completed on this verticle's context whichever thread completes the original. */
    private <T> Future<T> onThisContext(Future<T> future) {
        return BindOrJoin.on(context, future);
    }

    private static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
