package dev.sockit.plugin.tcp;

import io.vertx.core.net.NetSocket;

/** One accepted connection as its {@link ConnectionHandler} sees it. Used on the connection's event loop only. */
interface TcpConnection {

    /** The socket. */
    NetSocket socket();

    /** The connection's id, unique within the process. */
    long id();

    /** The local address ({@code 127.0.0.1:7007}, {@code unix:/run/x.sock}). */
    String local();

    /** The remote address, or {@code unix:} for an unnamed unix socket peer. */
    String remote();

    /** Bytes received so far. */
    long bytesIn();

    /** Bytes sent so far. */
    long bytesOut();

    /**
     * Counts bytes a handler read from the channel itself (bypassing {@link ConnectionHandler#received}), as
     * {@link ConnectionHandler#received} would have: byte counters and the read deadline.
     */
    void receivedDirect(int bytes);

    /** Counts bytes the handler wrote on its own, not in response to {@link ConnectionHandler#received}. */
    void sent(int bytes);

    /**
     * Closes the connection at once, dropping what is not sent yet (a peer that reads nothing would otherwise
     * hold it open), and records {@code reason}, such as {@code readTimeout}, in the {@code close} audit record
     * and the {@code closed} event.
     */
    void close(String reason);
}
