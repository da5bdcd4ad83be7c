package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * The character generator of one connection as a Netty handler (RFC 864), placed just before Vert.x's own handler
 * on an active channel, as {@link EchoChannelHandler} is. From the moment it is added it writes {@code chunk} (the
 * same read-only bytes every time, never copied) while the channel is writable (the connection's
 * {@link ByteCountingHandler} counts each chunk once it is written); it stops while the channel is unwritable and
 * resumes when Netty reports it writable again. So that one fast reader cannot hold the event loop, it writes at most
 * {@code chunksPerTurn} chunks in a row and then yields for {@code yieldMs} milliseconds (a scheduled task, so
 * the event loop reads its other sockets meanwhile). What the peer sends is dropped as
 * {@link DiscardChannelHandler} does.
 */
final class ChargenChannelHandler extends DiscardChannelHandler {

    private final ByteBuf chunk;
    private final int chunksPerTurn;
    private final long yieldMs;
    private ChannelHandlerContext ctx;
    private boolean stopped;
    private boolean yielding;

    /** A generator writing {@code chunk}, {@code chunksPerTurn} in a row, then yielding for {@code yieldMs}. */
    ChargenChannelHandler(ByteBuf chunk, int chunksPerTurn, long yieldMs) {
        this.chunk = chunk;
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
            ctx.writeAndFlush(chunk.retainedDuplicate(), ctx.voidPromise());
        }
    }

    private void resume() {
        yielding = false;
        pump();
    }
}
