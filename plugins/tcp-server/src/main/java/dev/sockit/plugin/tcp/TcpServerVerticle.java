package dev.sockit.plugin.tcp;

import dev.sockit.api.AuditOp;
import dev.sockit.api.EventType;
import dev.sockit.api.PortCheck;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketEvent;
import dev.sockit.api.SockitException;
import dev.sockit.api.Units;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.net.BindOrJoin;
import dev.sockit.net.PortGuard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.lang.System.Logger.Level;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of a {@code tcp-server}: a Vert.x {@link NetServer} on the process's host and port whose
 * connections run on this verticle's event loop. The first instance checks the port, applies and audits the
 * options, binds, and announces it; the others then listen on the same address, sharing its listener, or
 * with {@link TcpServerProcess#ownListeners()} each binding a listener of its own on the same port.
 */
final class TcpServerVerticle extends VerticleBase {

    /** How long after the shutdown timeout Vert.x closes what this verticle has not cut itself. */
    private static final Duration SHUTDOWN_BACKSTOP = Duration.ofSeconds(1);

    private final TcpServerProcess process;
    private final ProcessContext<TcpServerConfig> ctx;
    private final TcpServerConfig config;
    private BindOrJoin.Deployment<Integer> deployment;
    private NetServer server;
    private boolean listening;
    /**
     * Connections this instance accepted; reported once it listens. It exists before, because a connection can be
     * handed to this instance before its listen completes.
     */
    private final AtomicLong acceptCounter = new AtomicLong();
    /** Connections of this instance still open; all run on this verticle's event loop. */
    private final Set<Connection> connections = new HashSet<>();
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
        this.handlers = ConnectionHandler.Factory.of(config, ctx.id(), ctx.vertx());
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
        // The listener closes now; connections get a shutdown signal, flush what they owe and close. Those still
        // open at the timeout are cut here, with that reason; Vert.x's own cut, a little later, is only a backstop.
        // The server is down once their channels are, which can be before their close handlers have run.
        drained = Promise.promise();
        process.listenerClosed(deployment);
        Duration timeout = ctx.shutdownTimeout();
        long cut = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            String reason = "cut at shutdown after " + Units.format(timeout);
            for (Connection c : List.copyOf(connections)) {
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
        for (String warning : process.mapping().warnings()) {
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
                        ctx.audit().record(AuditOp.ERROR, ctx.id(), Protocol.TCP, 0, configured, "",
                                reason(ar.cause()));
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
        return server.listen(address).map(s -> {
            listening = true;
            process.reportAccepted(acceptCounter);
            process.instanceListening(deployment);
            return s.actualPort();
        });
    }

    private void announce() {
        String local = process.address();
        ctx.audit().record(AuditOp.BIND, ctx.id(), Protocol.TCP, 0, local, "", "");
        ctx.audit().record(AuditOp.LISTEN, ctx.id(), Protocol.TCP, 0, local, "", "instances=" + ctx.instances()
                + " listeners=" + (process.ownListeners() ? ctx.instances() : 1));
        ctx.publish(new SocketEvent(EventType.LISTENING, ctx.id(), 0, local, "", 0, 0, null, ""));
        ctx.logger().log(Level.INFO, () -> "'" + ctx.id() + "' listening on " + local + " ("
                + config.handler().json() + ", " + ctx.instances() + " instance(s), transport "
                + process.transport().json() + ")");
    }

    /** Audits a failed bind; a port taken since the check is reported with its holder if the check finds it. */
    private Future<Integer> listenFailed(String configured, Throwable e) {
        ctx.audit().record(AuditOp.ERROR, ctx.id(), Protocol.TCP, 0, configured, "", "listen: " + reason(e));
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
        new Connection(socket, process.nextConnectionId()).start();
    }

    private void reject(NetSocket socket, int max) {
        process.rejected.increment();
        String local = TcpServerProcess.format(socket.localAddress());
        String remote = remoteOf(socket, local);
        String detail = "maxConnections=" + max + " reached";
        ctx.audit().record(AuditOp.REJECT, ctx.id(), Protocol.TCP, 0, local, remote, detail);
        ctx.publish(new SocketEvent(EventType.REJECTED, ctx.id(), 0, local, remote, 0, 0, null, detail));
        socket.close();
    }

    private void serverFailed(Throwable e) {
        ctx.audit().record(AuditOp.ERROR, ctx.id(), Protocol.TCP, 0, process.address(), "", reason(e));
    }

    /** {@code future}, completed on this verticle's context whichever thread completes the original. */
    private <T> Future<T> onThisContext(Future<T> future) {
        return BindOrJoin.on(context, future);
    }

    /**
     * A socket error in plain words: the system's text without the transport's prefix ({@code "readAddress(..)
     * failed with error(-104): Connection reset by peer"} reads {@code "connection reset by peer"}); a reset reads
     * the same on every transport (NIO says {@code "Connection reset"}).
     */
    static String plainReason(Throwable e) {
        String text = reason(e);
        if (text.equals("Connection reset") || text.endsWith("Connection reset by peer")) {
            return "connection reset by peer";
        }
        int colon = text.lastIndexOf("): ");
        if (text.contains("(..)") && colon >= 0) {
            text = text.substring(colon + 3);
        } else if (text.startsWith("syscall:")) {
            text = text.substring(text.indexOf(' ') + 1);
        }
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * The peer's address. A unix client that bound no path of its own has none, shown as {@code unix:}; Vert.x
     * reports the working directory for it on NIO (the empty path made absolute) and the server's own path on the
     * native transport, so NIO's channel is asked directly, and a peer "at" the server's path (which no client can
     * bind) is unnamed.
     */
    static String remoteOf(NetSocket socket, String local) {
        java.net.SocketAddress raw = socket instanceof NetSocketInternal internal
                ? internal.channelHandlerContext().channel().remoteAddress() : null;
        if (raw instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return TcpServerProcess.unix(path.isEmpty() || TcpServerProcess.unix(path).equals(local) ? "" : path);
        }
        String remote = TcpServerProcess.format(socket.remoteAddress());
        return remote.equals(local) && remote.startsWith("unix:") ? TcpServerProcess.unix("") : remote;
    }

    private static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * One accepted connection. It lives on this verticle's event loop, so its byte counts are plain fields;
     * reading and writing allocate nothing beyond what Vert.x does. What it does with the bytes is its
     * {@link ConnectionHandler}'s business.
     */
    private final class Connection implements Handler<Buffer>, TcpConnection {
        /** The close reason of a connection that received nothing for {@code readTimeout}. */
        static final String READ_TIMEOUT = "readTimeout";

        private final NetSocket socket;
        private final long id;
        private final ConnectionHandler handler;
        private final String local;
        private final String remote;
        private ReadDeadline.Watch readWatch;
        private long in;
        private long out;
        /** Why the server closed the connection, or empty. */
        private String closeReason = "";
        /** Whether an error was audited: one per connection. */
        private boolean failed;

        Connection(NetSocket socket, long id) {
            this.socket = socket;
            this.id = id;
            this.local = TcpServerProcess.format(socket.localAddress());
            this.remote = remoteOf(socket, local);
            this.handler = handlers.create(this);
        }

        void start() {
            connections.add(this);
            process.accepted.increment();
            socket.handler(this);
            socket.closeHandler(v -> closed());
            socket.exceptionHandler(this::failed);
            socket.shutdownHandler(timeout -> handler.shutdown(this));
            if (readDeadline != null) {
                readWatch = readDeadline.watch(() -> close(READ_TIMEOUT));
            }
            ctx.audit().record(AuditOp.ACCEPT, ctx.id(), Protocol.TCP, id, local, remote, "");
            ctx.publish(new SocketEvent(EventType.OPENED, ctx.id(), id, local, remote, 0, 0, null, ""));
            handler.start();
        }

        @Override
        public void handle(Buffer buffer) {
            int n = buffer.length();
            in += n;
            process.bytesIn.add(n);
            if (readWatch != null) {
                readWatch.read();
            }
            int written = handler.received(buffer);
            if (written != 0) {
                out += written;
                process.bytesOut.add(written);
            }
        }

        @Override
        public void receivedDirect(int n) {
            in += n;
            process.bytesIn.add(n);
            if (readWatch != null) {
                readWatch.read();
            }
        }

        @Override
        public NetSocket socket() {
            return socket;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public String local() {
            return local;
        }

        @Override
        public String remote() {
            return remote;
        }

        @Override
        public long bytesIn() {
            return in;
        }

        @Override
        public long bytesOut() {
            return out;
        }

        @Override
        public void sent(int bytes) {
            out += bytes;
            process.bytesOut.add(bytes);
        }

        @Override
        public void close(String reason) {
            if (closeReason.isEmpty()) {
                closeReason = reason;
            }
            // At once, dropping what is unsent, as Vert.x closes an idle connection: NetSocket.close() first
            // flushes, which never ends while the peer reads nothing. The context is exported for such uses.
            if (socket instanceof NetSocketInternal internal) {
                internal.channelHandlerContext().close();
            } else {
                socket.close();
            }
        }

        /**
         * Audits the first error of the connection, in plain words: a reset fails the read and every pending write
         * with the same error, which would otherwise be audited once each.
         */
        private void failed(Throwable e) {
            if (failed) {
                return;
            }
            failed = true;
            String detail = plainReason(e);
            ctx.audit().record(AuditOp.ERROR, ctx.id(), Protocol.TCP, id, local, remote, detail);
            ctx.publish(new SocketEvent(EventType.ERROR, ctx.id(), id, local, remote, in, out, null, detail));
        }

        private void closed() {
            process.open.decrementAndGet();
            process.closed.increment();
            if (readWatch != null) {
                readWatch.cancel();
            }
            handler.closed();
            if (closeReason.equals(READ_TIMEOUT)) {
                process.timedOut.increment();
            }
            String counts = "bytesIn=" + in + " bytesOut=" + out;
            ctx.audit().record(AuditOp.CLOSE, ctx.id(), Protocol.TCP, id, local, remote,
                    closeReason.isEmpty() ? counts : closeReason + " " + counts);
            ctx.publish(new SocketEvent(EventType.CLOSED, ctx.id(), id, local, remote, in, out, null,
                    closeReason));
            connections.remove(this);
            if (connections.isEmpty() && drained != null) {
                drained.tryComplete();
            }
        }
    }
}
