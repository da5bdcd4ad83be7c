package dev.sockit.net.codec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Units;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.FixedLengthFrameDecoder;

/**
 * {@code fixed-length}: every frame is {@code length} bytes, nothing stripped (Netty's
 * {@link FixedLengthFrameDecoder}). The encoder writes a payload of exactly that length as it is and fails the
 * write of any other.
 */
public final class FixedLengthCodec implements CodecKind<FixedLengthCodec.Settings> {

    /** The codec's name in configs. */
    public static final String NAME = "fixed-length";

    /**
     * The settings of {@code fixed-length}.
     *
     * @param length the size of every frame, in bytes or with a unit; required
     */
    public record Settings(@JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer length) {
    }

    /** The kind; {@link BuiltInCodecs#kinds()} holds one of each. */
    public FixedLengthCodec() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public FrameCodec create(Settings settings) {
        if (settings.length() == null) {
            throw new ConfigException("length", "is missing (expected: the size of every frame in bytes, such as 16)");
        }
        int length = Checks.inRange(settings.length(), 1, Integer.MAX_VALUE, "length");
        ChannelHandler encoder = new FixedLengthEncoder(length);
        return new SimpleFrameCodec(new CodecSpec(NAME, JsonNodeFactory.instance.objectNode().put("length", length)),
                length, () -> new FixedLengthFrameDecoder(length), () -> encoder);
    }
}
