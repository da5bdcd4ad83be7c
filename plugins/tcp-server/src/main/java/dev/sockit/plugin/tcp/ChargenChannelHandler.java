package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The character generator of one connection as a Netty handler (RFC 864), placed just before Vert.x's own handler
 * on an active channel, as {@link EchoChannelHandler} is. From the moment it is added it writes {@code chunk} (the
 * same read-only bytes every time, never copied) while the channel is writable, counting each chunk as sent when
 * it is written, as the Vert.x-level handler did; it stops while the channel is unwritable and resumes when Netty
 * reports it writable again. So that one fast reader cannot hold the event loop, it writes at most
 * {@code chunksPerTurn} chunks in a row and then yields for {@code yieldMs} milliseconds (a scheduled task, so
 * the event loop reads its other sockets meanwhile). What the peer sends is counted and dropped as
 * {@link DiscardChannelHandler} does.
 */
final class ChargenChannelHandler extends DiscardChannelHandler {

    private final ByteBuf chunk;
    private final IntConsumer sent;
    private final int chunksPerTurn;
    private final long yieldMs;
    private ChannelHandlerContext ctx;
    private boolean stopped;
    private boolean yielding;

    /** A generator writing {@code chunk}, reporting writes to {@code sent} and read batches to {@code received}. */
    ChargenChannelHandler(ByteBuf chunk, int chunksPerTurn, long yieldMs, IntConsumer received, IntConsumer sent) {
        super(received);
        this.chunk = chunk;
        this.sent = sent;
        this.chunksPerTurn = chunksPerTurn;
        this.yieldMs = yieldMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        pump();
    }

    /** Writes no more; called on the channel's event loop. */
    void stop() {
        stopped = true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !yielding) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopped = true;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Chunks written with the void promise to a channel that has closed meanwhile fail one by one: the close
        // itself is reported once, by Vert.x's close handling.
        if (!(cause instanceof ClosedChannelException)) {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void pump() {
        int chunks = 0;
        while (!stopped && ctx.channel().isActive() && ctx.channel().isWritable()) {
            if (chunks++ == chunksPerTurn) {
                yielding = true;
                ctx.executor().schedule(this::resume, yieldMs, TimeUnit.MILLISECONDS);
                return;
            }
            int n = chunk.readableBytes();
            ctx.writeAndFlush(chunk.retainedDuplicate(), ctx.voidPromise());
            sent.accept(n);
        }
    }

    private void resume() {
        yielding = false;
        pump();
    }
}
