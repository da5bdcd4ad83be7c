package dev.sockit.plugin.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import java.nio.charset.StandardCharsets;

/**
 * The daytime of one connection as a Netty handler (RFC 867), placed just before Vert.x's own handler on an active
 * channel, as {@link EchoChannelHandler} is: as it is added it writes its one line (counted, once written, by
 * the connection's {@link ByteCountingHandler}) and closes the channel once the line is flushed. What the peer sends
 * meanwhile is dropped as {@link DiscardChannelHandler} does.
 */
final class DaytimeChannelHandler extends DiscardChannelHandler {

    private final String line;
    /** A daytime sending {@code line} (with its CRLF). */
    DaytimeChannelHandler(String line) {
        this.line = line;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
    }
}
