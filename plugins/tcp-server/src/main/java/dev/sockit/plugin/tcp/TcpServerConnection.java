package dev.sockit.plugin.tcp;

import dev.sockit.api.Journal;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.net.UnixDomainSocketAddress;
import java.util.function.Consumer;

/**
 * One accepted connection of a {@code tcp-server}. It lives on the event loop of the instance that accepted it, so
 * its byte counts are plain fields, kept by the {@link ByteCountingHandler} it puts into the socket's pipeline (the
 * one place bytes are counted). What it does with the bytes is its {@link ConnectionHandler}'s business, in a Netty
 * handler after the counter; what happens to it (accepted, error, closed) goes to the process's journal.
 *
 * <p>Every socket a Vert.x 5 {@code NetServer} accepts is a {@link NetSocketInternal} (its {@code NetServerImpl}
 * creates only {@code NetSocketImpl}s), whose exported pipeline this class relies on.
 */
final class TcpServerConnection implements TcpConnection, ByteCountingHandler.Counts {
    /** The close reason of a connection that received nothing for {@code readTimeout}. */
    static final String READ_TIMEOUT = "readTimeout";

    private final TcpServerProcess process;
    private final Journal journal;
    private final ReadDeadline readDeadline;
    private final Consumer<TcpServerConnection> onClosed;
    private final NetSocket socket;
    private final ChannelHandlerContext vertxContext;
    private final ContextInternal context;
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

    /**
     * Connection {@code id} of {@code process} on {@code socket}, with the handler {@code handlers} makes, closed
     * after {@code readDeadline} without input (if not {@code null}); {@code onClosed} is told once it has closed.
     */
    TcpServerConnection(TcpServerProcess process, Journal journal, ConnectionHandler.Factory handlers,
                        ReadDeadline readDeadline, Consumer<TcpServerConnection> onClosed, NetSocket socket,
                        long id) {
        this.process = process;
        this.journal = journal;
        this.readDeadline = readDeadline;
        this.onClosed = onClosed;
        this.socket = socket;
        this.vertxContext = ((NetSocketInternal) socket).channelHandlerContext();
        // Created in the connect handler, on the context of the instance that accepted the socket.
        this.context = (ContextInternal) Vertx.currentContext();
        this.id = id;
        this.local = TcpServerProcess.format(socket.localAddress());
        this.remote = remoteOf(socket, local);
        this.handler = handlers.create(this);
    }

    /** Sets up the socket's handlers, journals the connection and starts its handler. */
    void start() {
        process.accepted.increment();
        vertxContext.pipeline().addBefore(vertxContext.name(), ByteCountingHandler.NAME, new ByteCountingHandler(this));
        // Services consume what they read; whatever reached Vert.x's handler would be dropped here.
        socket.handler(buffer -> { });
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(this::failed);
        socket.shutdownHandler(timeout -> handler.shutdown(this));
        if (readDeadline != null) {
            readWatch = readDeadline.watch(() -> close(READ_TIMEOUT));
        }
        journal.accepted(id, local, remote);
        handler.start();
    }

    @Override
    public void received(int n) {
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
    public ContextInternal context() {
        return context;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public void fail(String reason) {
        if (!failed) {
            failed = true;
            journal.error(id, local, remote, in, out, reason);
        }
        close(reason);
    }

    @Override
    public ChannelHandlerContext vertxContext() {
        return vertxContext;
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
    public void sent(long bytes) {
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
        vertxContext.close();
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
        journal.error(id, local, remote, in, out, plainReason(e));
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
        journal.closed(id, local, remote, in, out, closeReason);
        onClosed.accept(this);
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
        java.net.SocketAddress raw = ((NetSocketInternal) socket).channelHandlerContext().channel().remoteAddress();
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
}
