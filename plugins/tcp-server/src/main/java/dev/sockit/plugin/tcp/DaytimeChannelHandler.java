package dev.sockit.plugin.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * The daytime of one connection as a Netty handler (RFC 867), placed just before Vert.x's own handler on an active
 * channel, as {@link EchoChannelHandler} is: as it is added it writes its one line, counts it as sent (as the
 * Vert.x-level handler counted it, when written), and closes the channel once the line is flushed. What the peer
 * sends meanwhile is counted and dropped as {@link DiscardChannelHandler} does.
 */
final class DaytimeChannelHandler extends DiscardChannelHandler {

    private final String line;
    private final IntConsumer sent;

    /** A daytime sending {@code line} (with its CRLF), reporting it to {@code sent} and read batches to
     *  {@code received}. */
    DaytimeChannelHandler(String line, IntConsumer received, IntConsumer sent) {
        super(received);
        this.line = line;
        this.sent = sent;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
        sent.accept(bytes.length);
    }
}
