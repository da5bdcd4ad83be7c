package dev.sockit.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * The encoder of the {@code length-field} codec: makes of each payload the frame that the codec's decoder turns
 * back into that payload. The header it writes holds zeros but for the length field. When the decoder strips the
 * whole header (the default), a payload of up to {@value #COPY_BELOW} bytes is copied behind the header into one
 * buffer (one buffer and one write instead of two, which costs more than the copy), and a larger one goes out
 * behind the header without a copy; when the decoder strips less, the payload already carries the header's tail
 * and the length field in it is filled in, on a copy.
 * A payload over {@code maxFrame}, or one whose length the field cannot hold, fails its write.
 */
@ChannelHandler.Sharable
final class LengthFieldEncoder extends MessageToMessageEncoder<ByteBuf> {

    /**
     * Payloads shorter than this are copied behind their header: below it a copy is cheaper than a second buffer,
     * a second write and the promise that joins the two.
     */
    static final int COPY_BELOW = 1024;

    private final LengthFieldCodec.Layout layout;

    LengthFieldEncoder(LengthFieldCodec.Layout layout) {
        super(ByteBuf.class);
        this.layout = layout;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        LengthFieldCodec.Layout l = layout;
        int payload = msg.readableBytes();
        if (payload > l.maxFrame()) {
            throw new EncoderException("a payload of " + payload + " bytes is over maxFrame (expected: at most "
                    + l.maxFrame() + " bytes)");
        }
        int headerEnd = l.offset() + l.length();
        // The decoder's frame is strip + payload bytes long, and offset + length + field + adjustment.
        long field = (long) l.strip() + payload - headerEnd - l.adjustment();
        if (field < 0 || field > l.maxField()) {
            throw new EncoderException("a payload of " + payload + " bytes needs a length field of " + field
                    + ", which a " + l.length() + "-byte field cannot hold (expected: 0-" + l.maxField() + ")");
        }
        if (l.strip() >= headerEnd && payload < COPY_BELOW) {
            ByteBuf frame = ctx.alloc().buffer(l.strip() + payload);
            frame.writeZero(l.offset());
            l.writeField(frame, field);
            frame.writeZero(l.strip() - headerEnd).writeBytes(msg, msg.readerIndex(), payload);
            out.add(frame);
            return;
        }
        if (l.strip() >= headerEnd) {
            ByteBuf header = ctx.alloc().buffer(l.strip());
            header.writeZero(l.offset());
            l.writeField(header, field);
            header.writeZero(l.strip() - headerEnd);
            out.add(header);
            out.add(msg.retain());
            return;
        }
        int carried = headerEnd - l.strip();
        if (payload < carried) {
            throw new EncoderException("a payload of " + payload + " bytes is shorter than the " + carried
                    + " header bytes it carries (strip " + l.strip() + " leaves them in the payload)");
        }
        ByteBuf frame = ctx.alloc().buffer(l.strip() + payload);
        frame.writeZero(l.strip()).writeBytes(msg, msg.readerIndex(), payload);
        int end = frame.writerIndex();
        frame.writerIndex(l.offset());
        l.writeField(frame, field);
        frame.writerIndex(end);
        out.add(frame);
    }
}
