package dev.sockit.plugin.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/**
 * Sends every byte back to its sender, in order (RFC 862).
 *
 * <p>The echo runs as a Netty handler, {@link EchoChannelHandler}, in the connection's pipeline, after TLS,
 * traffic shaping and the byte counter: inbound buffers are written back as they are (plain Vert.x copies each read
 * into a heap buffer), with backpressure and half-close as that class tells; the channel is set to allow
 * half-closure.
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
        connection.vertxContext().channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        chctx = connection.addService(PIPELINE_NAME, new EchoChannelHandler());
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
