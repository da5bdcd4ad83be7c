package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.function.IntConsumer;

/**
 * The discard of one connection as a Netty handler (RFC 863), placed just before Vert.x's own handler, after TLS
 * and traffic shaping, as {@link EchoChannelHandler} is. Inbound {@link ByteBuf}s are released as they are read,
 * never copied into Vert.x buffers; nothing is ever written. The bytes of a read batch are added up in a plain
 * field and reported to {@code received} once per batch. Vert.x's handler sees no data. {@link DaytimeChannelHandler}
 * extends it to drop what the peer sends the same way.
 */
class DiscardChannelHandler extends ChannelInboundHandlerAdapter {

    private final IntConsumer received;
    private int batch;

    /** A discard reporting each read batch to {@code received}. */
    DiscardChannelHandler(IntConsumer received) {
        this.received = received;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            batch += buf.readableBytes();
            buf.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (batch != 0) {
            received.accept(batch);
            batch = 0;
        }
        // Not passed on: the read batch carried nothing for Vert.x's handler.
    }
}
