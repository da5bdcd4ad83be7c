package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.nio.channels.ClosedChannelException;

/**
 * Sends every byte back to its sender, in order (RFC 862).
 *
 * <p>Fast path: on a Vert.x socket that exposes its Netty pipeline ({@link NetSocketInternal}, Vert.x's exported
 * internal API) the echo runs as a Netty handler placed just before Vert.x's own, after TLS and traffic shaping:
 * inbound {@link ByteBuf}s are written back as they are (plain Vert.x copies each read into a heap
 * {@link Buffer}), with the void promise, and flushed once per read batch; a batch counts as sent once it is
 * written, so {@code bytesOut} never includes echoes a reset or a close kept from the peer. Backpressure: when the channel stops
 * being writable after a flush, reading stops ({@code autoRead} off) until Netty reports it writable again, so a
 * peer that sends without reading cannot grow the server. Half-close: the channel allows it, so when the peer
 * shuts down its output the server flushes every echo it owes and then closes. The fallback, for any other
 * socket, writes {@link Buffer}s through Vert.x and pauses the socket instead.
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
            vertxCtx.pipeline().addBefore(vertxCtx.name(), PIPELINE_NAME, new Echo());
            chctx = vertxCtx.pipeline().context(PIPELINE_NAME);
        } else {
            socket.drainHandler(v -> socket.resume());
        }
    }

    /**
     * The echo as a Netty handler; it consumes what it reads, so Vert.x's handler sees no data. Bytes are counted
     * in a plain field and handed to the connection's counters once per read batch.
     */
    private final class Echo extends ChannelInboundHandlerAdapter {
        private int batch;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                batch += buf.readableBytes();
                ctx.write(buf, ctx.voidPromise());
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (batch != 0) {
                connection.receivedDirect(batch);
                // Counted as sent once written: writes complete in order, so an empty write after the batch
                // succeeds only when every echo before it did. A batch cut off by a reset or a close is not counted.
                int echoed = batch;
                ctx.write(Unpooled.EMPTY_BUFFER).addListener(f -> {
                    if (f.isSuccess()) {
                        connection.sent(echoed);
                    }
                });
                batch = 0;
            }
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
            // Not passed on: the read batch carried nothing for Vert.x's handler.
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
                // The peer sent everything it will send (a TCP FIN, or TLS close_notify, which socat and curl send
                // without a FIN at the end of their input): flush what it is owed, then close.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Echoes written with the void promise to a channel that has closed meanwhile fail one by one:
            // the close itself is reported once, by Vert.x's close handling.
            if (!(cause instanceof ClosedChannelException)) {
                ctx.fireExceptionCaught(cause);
            }
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
