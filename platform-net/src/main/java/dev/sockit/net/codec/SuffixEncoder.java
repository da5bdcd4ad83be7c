package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * The encoder of the {@code line} and {@code delimiter} codecs: writes each payload followed by the line end or
 * delimiter. A small payload is copied into one buffer with its suffix; a large one goes out as a composite, not
 * copied. Keeps no state: one instance serves every connection.
 */
@ChannelHandler.Sharable
final class SuffixEncoder extends MessageToMessageEncoder<ByteBuf> {

    /** Payloads up to this size are copied next to their suffix; larger ones are not copied. */
    static final int COPY_LIMIT = 4096;

    private final byte[] suffix;
    private final boolean skipIfPresent;

    /**
     * An encoder that appends {@code suffix}; with {@code skipIfPresent}, a payload that already ends with it (as
     * a decoder that keeps delimiters hands it out) is written as it is.
     */
    SuffixEncoder(byte[] suffix, boolean skipIfPresent) {
        super(ByteBuf.class);
        this.suffix = suffix.clone();
        this.skipIfPresent = skipIfPresent;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        int length = msg.readableBytes();
        if (skipIfPresent && endsWithSuffix(msg)) {
            out.add(msg.retain());
        } else if (length <= COPY_LIMIT) {
            ByteBuf frame = ctx.alloc().buffer(length + suffix.length);
            frame.writeBytes(msg, msg.readerIndex(), length).writeBytes(suffix);
            out.add(frame);
        } else {
            CompositeByteBuf frame = ctx.alloc().compositeBuffer(2);
            frame.addComponents(true, msg.retain(), Unpooled.wrappedBuffer(suffix));
            out.add(frame);
        }
    }

    private boolean endsWithSuffix(ByteBuf msg) {
        int start = msg.writerIndex() - suffix.length;
        if (start < msg.readerIndex()) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (msg.getByte(start + i) != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
