package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * The encoder of the {@code fixed-length} codec: writes a payload of exactly the frame length as it is and fails
 * the write of any other ({@link EncoderException}), since the peer would cut it into the wrong frames.
 */
@ChannelHandler.Sharable
final class FixedLengthEncoder extends MessageToMessageEncoder<ByteBuf> {

    private final int length;

    FixedLengthEncoder(int length) {
        super(ByteBuf.class);
        this.length = length;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        if (msg.readableBytes() != length) {
            throw new EncoderException("a payload of " + msg.readableBytes() + " bytes does not fit the fixed-length"
                    + " codec (expected: exactly " + length + " bytes)");
        }
        out.add(msg.retain());
    }
}
