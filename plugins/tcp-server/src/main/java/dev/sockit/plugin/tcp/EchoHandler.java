package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Sends every byte back to its sender, in order (RFC 862).
 *
 * <p>Fast path: on a Vert.x socket that exposes its Netty channel ({@link NetSocketInternal}, Vert.x's exported
 * internal API) the handler takes the inbound {@link ByteBuf}s as they are — Vert.x would otherwise copy each
 * into a heap {@link Buffer} — writes them back without a promise, and flushes once per read batch, when the
 * channel reports the read complete. Backpressure: when the channel stops being writable after a flush,
 * reading stops ({@code autoRead} off) until Vert.x reports the write queue drained. The fallback, for any
 * other socket, writes {@link Buffer}s and pauses the socket instead.
 *
 * <p>Graceful stop: the connection keeps echoing until the peer closes it, or until nothing has arrived for
 * {@link #QUIET_MS} and everything is written, or until the runtime's shutdown timeout closes it; so nothing a
 * client sent before the stop began is lost from its echo.
 */
final class EchoHandler implements ConnectionHandler {

    /** How long a stopping connection must be quiet, with nothing left to write, before it is ended. */
    static final long QUIET_MS = 250;

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
            chctx = internal.channelHandlerContext();
            internal.messageHandler(this::message);
            internal.readCompletionHandler(v -> flush());
            socket.drainHandler(v -> chctx.channel().config().setAutoRead(true));
        } else {
            socket.drainHandler(v -> socket.resume());
        }
    }

    private void message(Object msg) {
        if (msg instanceof ByteBuf buf) {
            connection.receivedDirect(buf.readableBytes());
            connection.sent(buf.readableBytes());
            chctx.write(buf, chctx.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void flush() {
        chctx.flush();
        if (socket.writeQueueFull()) {
            chctx.channel().config().setAutoRead(false);
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
