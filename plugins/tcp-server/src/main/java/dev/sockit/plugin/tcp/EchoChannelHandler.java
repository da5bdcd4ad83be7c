package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

import java.nio.channels.ClosedChannelException;

/**
 * The echo of one connection as a Netty handler (RFC 862), placed just before Vert.x's own handler, after TLS and
 * traffic shaping. It consumes what it reads, so Vert.x's handler sees no data: inbound {@link ByteBuf}s are
 * written back as they are, with the void promise, and flushed once per read batch. It counts nothing: the
 * connection's {@link ByteCountingHandler}, before it, does.
 *
 * <p>Backpressure: when the channel is not writable after a flush, reading stops ({@code autoRead}
 * off) until Netty reports it writable again. Half-close: when the peer has sent everything (a FIN, or a TLS
 * {@code close_notify}), the echo flushes what it owes and then closes; the channel must allow half-closure.
 */
final class EchoChannelHandler extends ChannelInboundHandlerAdapter {

    /** Whether the current read batch wrote anything to flush. */
    private boolean unflushed;

    /** An echo. */
    EchoChannelHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            unflushed = true;
            ctx.write(buf, ctx.voidPromise());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
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
        // Echoes written with the void promise to a channel that has closed meanwhile fail one by one: the close
        // itself is reported once, by Vert.x's close handling.
        if (!(cause instanceof ClosedChannelException)) {
            ctx.fireExceptionCaught(cause);
        }
    }
}
