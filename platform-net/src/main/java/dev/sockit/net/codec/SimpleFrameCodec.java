package dev.sockit.net.codec;

import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.channel.ChannelHandler;

import java.util.function.Supplier;

/**
 * A {@link FrameCodec} made of its spec, its frame limit and where its handlers come from.
 *
 * @param spec     the spec with its defaults filled in
 * @param maxFrame the largest payload of one frame
 * @param decoders a new decoder per call
 * @param encoders an encoder per call (a shared one where it keeps no state)
 */
record SimpleFrameCodec(CodecSpec spec, int maxFrame, Supplier<ChannelHandler> decoders,
                        Supplier<ChannelHandler> encoders) implements FrameCodec {

    @Override
    public ChannelHandler newDecoder() {
        return decoders.get();
    }

    @Override
    public ChannelHandler newEncoder() {
        return encoders.get();
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
