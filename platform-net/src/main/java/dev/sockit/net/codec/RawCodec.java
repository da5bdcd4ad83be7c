package dev.sockit.net.codec;

import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;

/**
 * {@code raw}: no framing. Every read is a frame, passed as it is (its size is whatever the socket read, at most
 * the channel's read buffer); the encoder writes payloads as they are. No settings.
 */
public final class RawCodec implements CodecKind<RawCodec.Settings> {

    /** {@code raw} takes no settings. */
    public record Settings() {
    }

    private static final FrameCodec CODEC = new SimpleFrameCodec(CodecSpec.of(CodecSpec.RAW), Integer.MAX_VALUE,
            () -> RawFrameDecoder.INSTANCE, () -> PassThroughEncoder.INSTANCE);

    /** The kind; {@link BuiltInCodecs#kinds()} holds one of each. */
    public RawCodec() {
    }

    @Override
    public String name() {
        return CodecSpec.RAW;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public FrameCodec create(Settings settings) {
        return CODEC;
    }
}
