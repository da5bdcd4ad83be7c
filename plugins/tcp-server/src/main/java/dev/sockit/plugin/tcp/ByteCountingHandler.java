package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * Counts the bytes of one connection, once, where they cross its pipeline: placed just after TLS and traffic
 * shaping (so it sees plaintext) and before the connection's service handler and Vert.x's own, it is the only place
 * a {@code tcp-server} counts bytes.
 *
 * <p>Inbound, the bytes of the {@link ByteBuf}s of a read batch are added up and reported to
 * {@link Counts#received(int)} once per batch, when the read completes. Outbound, the bytes of every write are added
 * up whatever its promise; they are reported to {@link Counts#sent(long)} only once written, which is known without
 * relying on the writers' promises (Vert.x writes with the void promise on several paths): writes complete in
 * order, so on each flush this handler first writes an empty buffer with a promise of its own, whose success means
 * that everything written before it was. A write that carries a real promise carries the count itself, the same
 * way, so that a writer closing the channel when its write completes (Vert.x does, after its final empty write)
 * never outruns the count. Bytes a reset or a close kept from the peer are never counted.
 *
 * <p>Used on the connection's event loop only; a flush that carries bytes allocates one promise and one listener.
 */
final class ByteCountingHandler extends ChannelDuplexHandler {

    /** The pipeline name of the handler. */
    static final String NAME = "sockit-bytes";

    /** Where the counts go. Called on the connection's event loop. */
    interface Counts {

        /** {@code bytes} (at least 1) were read in one read batch. */
        void received(int bytes);

        /** {@code bytes} (at least 1) were written to the socket. */
        void sent(long bytes);
    }

    private final Counts counts;
    /** Bytes read in the current batch, not yet reported. */
    private int readBatch;
    /** Bytes written since the last mark, not yet known to be sent. */
    private long unconfirmed;

    /** A counter reporting to {@code counts}. */
    ByteCountingHandler(Counts counts) {
        this.counts = counts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            readBatch += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readBatch != 0) {
            int n = readBatch;
            readBatch = 0;
            counts.received(n);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        unconfirmed += size(msg);
        if (!promise.isVoid() && unconfirmed != 0) {
            // Added before the writer can add its own listeners (this runs inside its write call), so the count is
            // taken before a listener of the writer closes the channel.
            promise.addListener(sentOnSuccess(unconfirmed));
            unconfirmed = 0;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (unconfirmed != 0) {
            ChannelPromise mark = ctx.newPromise().addListener(sentOnSuccess(unconfirmed));
            unconfirmed = 0;
            ctx.write(Unpooled.EMPTY_BUFFER, mark);
        }
        ctx.flush();
    }

    private ChannelFutureListener sentOnSuccess(long bytes) {
        return f -> {
            if (f.isSuccess()) {
                counts.sent(bytes);
            }
        };
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        if (msg instanceof FileRegion region) {
            return region.count() - region.transferred();
        }
        return 0;
    }
}
