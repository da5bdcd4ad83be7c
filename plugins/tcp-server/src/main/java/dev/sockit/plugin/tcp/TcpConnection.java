package dev.sockit.plugin.tcp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetSocket;

/** One accepted connection as its {@link ConnectionHandler} sees it. Used on the connection's event loop only. */
interface TcpConnection {

    /** The socket. */
    NetSocket socket();

    /** The Vert.x context of the connection: its event loop, which runs its channel too. */
    ContextInternal context();

    /** The pipeline context of Vert.x's own handler of the socket. */
    ChannelHandlerContext vertxContext();

    /**
     * Adds {@code handler}, the connection's service, to its pipeline under {@code name}: after TLS, traffic shaping
     * and the byte counter, before Vert.x's own handler. Returns the handler's context.
     */
    default ChannelHandlerContext addService(String name, ChannelHandler handler) {
        ChannelHandlerContext vertx = vertxContext();
        vertx.pipeline().addBefore(vertx.name(), name, handler);
        return vertx.pipeline().context(name);
    }

    /** The connection's id, unique within the process. */
    long id();

    /** The local address ({@code 127.0.0.1:7007}, {@code unix:/run/x.sock}). */
    String local();

    /** The remote address, or {@code unix:} for an unnamed unix socket peer. */
    String remote();

    /** Bytes received so far, as the connection's {@link ByteCountingHandler} counted them. */
    long bytesIn();

    /** Bytes sent so far (written to the socket), as the connection's {@link ByteCountingHandler} counted them. */
    long bytesOut();

    /**
     * Closes the connection at once, dropping what is not sent yet (a peer that reads nothing would otherwise
     * hold it open), and records {@code reason}, such as {@code readTimeout}, in the {@code close} audit record
     * and the {@code closed} event.
     */
    void close(String reason);

    /**
     * Closes the connection at once because of an error: journals {@code reason} as the connection's
     * {@code error} (once, as every error of a connection is) and closes with it as the reason.
     */
    void fail(String reason);

    /** Why the server closed the connection, or empty (the peer closed it, or it is open). */
    String closeReason();
}
