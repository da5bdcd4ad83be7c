package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Netty's {@link LineBasedFrameDecoder} (LF or CRLF, line end stripped, fails fast on a line over
 * {@code maxLength}), which on its own refuses a line of exactly {@code maxLength} bytes whose CRLF arrives split
 * between the CR and the LF: it counts the CR as part of the line. This one waits for the next byte in that case.
 */
final class LineFrameDecoder extends LineBasedFrameDecoder {

    private final int maxLength;

    LineFrameDecoder(int maxLength) {
        super(maxLength, true, true);
        this.maxLength = maxLength;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        int readable = buffer.readableBytes();
        if (readable == maxLength + 1 && buffer.getByte(buffer.writerIndex() - 1) == '\r'
                && buffer.indexOf(buffer.readerIndex(), buffer.writerIndex(), (byte) '\n') < 0) {
            return null;
        }
        return super.decode(ctx, buffer);
    }
}
