package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The decoder of the {@code raw} codec: every read that holds bytes is a frame, passed on as it is. */
@ChannelHandler.Sharable
final class RawFrameDecoder extends ChannelInboundHandlerAdapter {

    static final RawFrameDecoder INSTANCE = new RawFrameDecoder();

    private RawFrameDecoder() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && !buf.isReadable()) {
            buf.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
