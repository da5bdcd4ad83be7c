package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The discard of one connection as a Netty handler (RFC 863), placed just before Vert.x's own handler, after TLS
 * and traffic shaping, as {@link EchoChannelHandler} is. Inbound {@link ByteBuf}s are released as they are read,
 * never copied into Vert.x buffers; nothing is ever written. The connection's {@link ByteCountingHandler}, before
 * it, counts them. Vert.x's handler sees no data. {@link DaytimeChannelHandler}
 * extends it to drop what the peer sends the same way.
 */
class DiscardChannelHandler extends ChannelInboundHandlerAdapter {

    /** A discard. */
    DiscardChannelHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            buf.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Not passed on: the read batch carried nothing for Vert.x's handler.
    }
}
