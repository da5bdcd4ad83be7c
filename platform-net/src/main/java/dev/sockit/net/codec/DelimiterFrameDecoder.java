package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;

/**
 * Netty's {@link DelimiterBasedFrameDecoder} with one delimiter (fails fast on a frame over {@code maxLength}),
 * which on its own refuses a frame of exactly {@code maxLength} bytes whose delimiter has only partly arrived:
 * it counts the delimiter's first bytes as part of the frame. This one waits for the rest in that case.
 */
final class DelimiterFrameDecoder extends DelimiterBasedFrameDecoder {

    private final int maxLength;
    private final byte[] delimiter;
    private final ByteBuf needle;

    DelimiterFrameDecoder(int maxLength, boolean strip, byte[] delimiter) {
        super(maxLength, strip, true, Unpooled.wrappedBuffer(delimiter));
        this.maxLength = maxLength;
        this.delimiter = delimiter;
        this.needle = Unpooled.wrappedBuffer(delimiter);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        int extra = buffer.readableBytes() - maxLength;
        if (extra > 0 && extra < delimiter.length && endsWithStartOfDelimiter(buffer, extra)
                && ByteBufUtil.indexOf(needle, buffer) < 0) {
            return null;
        }
        return super.decode(ctx, buffer);
    }

    /**
     * Whether {@code buffer} ends with the start of the delimiter, at least {@code extra} bytes of it: then the
     * bytes before it may still be a frame of at most {@code maxLength}.
     */
    private boolean endsWithStartOfDelimiter(ByteBuf buffer, int extra) {
        for (int n = Math.min(delimiter.length - 1, buffer.readableBytes()); n >= extra; n--) {
            if (endsWith(buffer, n)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last {@code n} bytes of {@code buffer} are the first {@code n} of the delimiter. */
    private boolean endsWith(ByteBuf buffer, int n) {
        int start = buffer.writerIndex() - n;
        for (int i = 0; i < n; i++) {
            if (buffer.getByte(start + i) != delimiter[i]) {
                return false;
            }
        }
        return true;
    }
}
