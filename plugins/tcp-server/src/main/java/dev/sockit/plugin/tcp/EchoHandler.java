package dev.sockit.plugin.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Sends every byte back to its sender, in order (RFC 862).
 *
 * <p>Fast path: on a Vert.x socket that exposes its Netty pipeline ({@link NetSocketInternal}, Vert.x's exported
 * internal API) the echo runs as a Netty handler, {@link EchoChannelHandler}, placed just before Vert.x's own,
 * after TLS and traffic shaping: inbound buffers are written back as they are (plain Vert.x copies each read into a
 * heap {@link Buffer}), with backpressure and half-close as that class tells; the channel is set to allow
 * half-closure. The fallback, for any other socket, writes {@link Buffer}s through Vert.x and pauses the socket
 * instead.
 *
 * <p>Graceful stop: the connection keeps echoing until the peer closes it, or until nothing has arrived for
 * {@link #QUIET_MS} and everything is written, or until the runtime's shutdown timeout closes it; so nothing a
 * client sent before the stop began is lost from its echo.
 */
final class EchoHandler implements ConnectionHandler {

    /** How long a stopping connection must be quiet, with nothing left to write, before it is ended. */
    static final long QUIET_MS = 250;
    private static final String PIPELINE_NAME = "sockit-echo";

    private final TcpConnection connection;
    private final NetSocket socket;
    private final Vertx vertx;
    private ChannelHandlerContext chctx;
    private long drainTimer = -1;

    EchoHandler(TcpConnection connection, Vertx vertx) {
        this.connection = connection;
        this.socket = connection.socket();
        this.vertx = vertx;
    }

    @Override
    public void start() {
        if (socket instanceof NetSocketInternal internal) {
            ChannelHandlerContext vertxCtx = internal.channelHandlerContext();
            vertxCtx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            vertxCtx.pipeline().addBefore(vertxCtx.name(), PIPELINE_NAME,
                    new EchoChannelHandler(connection::receivedDirect, connection::sent));
            chctx = vertxCtx.pipeline().context(PIPELINE_NAME);
        } else {
            socket.drainHandler(v -> socket.resume());
        }
    }

    @Override
    public int received(Buffer buffer) {
        int n = buffer.length();
        socket.write(buffer);
        if (socket.writeQueueFull()) {
            socket.pause();
        }
        return n;
    }

    @Override
    public void shutdown(TcpConnection c) {
        long[] lastIn = {c.bytesIn()};
        drainTimer = vertx.setPeriodic(QUIET_MS, id -> {
            long in = c.bytesIn();
            if (in == lastIn[0] && !socket.writeQueueFull() && flushed()) {
                vertx.cancelTimer(id);
                drainTimer = -1;
                socket.end();
            }
            lastIn[0] = in;
        });
    }

    private boolean flushed() {
        if (chctx == null) {
            return true;
        }
        var outbound = chctx.channel().unsafe().outboundBuffer();
        return outbound == null || outbound.totalPendingWriteBytes() == 0;
    }

    @Override
    public void closed() {
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
            drainTimer = -1;
        }
    }
}
