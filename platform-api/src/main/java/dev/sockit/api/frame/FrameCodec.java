package dev.sockit.api.frame;

import io.netty.channel.ChannelHandler;

/**
 * One configured codec: makes the Netty handlers that frame one connection. The decoder turns the bytes read into
 * whole frames, one {@link io.netty.buffer.ByteBuf} per frame holding the frame's payload (what the codec strips,
 * such as a length field or a line end, is gone); the encoder turns each payload written into a frame. Both run in
 * the connection's own pipeline, on its event loop. Input a codec cannot frame (a frame over {@link #maxFrame()},
 * a garbage length field) fails the decoder with a {@link io.netty.handler.codec.DecoderException}, which closes
 * that connection only.
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every connection of a process.
 */
public interface FrameCodec {

    /** The spec this codec was made from, with its defaults filled in. */
    CodecSpec spec();

    /**
     * The largest payload one frame may carry, in bytes; {@link Integer#MAX_VALUE} for a codec that sets no limit
     * of its own ({@code raw}, whose frames are what one read returns).
     */
    int maxFrame();

    /** A new decoder for one connection (decoders keep state per connection). */
    ChannelHandler newDecoder();

    /** An encoder for one connection; may be one {@code @Sharable} instance for all. */
    ChannelHandler newEncoder();
}
