package dev.sockit.net.codec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Units;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import dev.sockit.api.frame.FrameCodec;
import io.netty.channel.ChannelHandler;

/**
 * {@code line}: a frame is a line ending in LF or CRLF, the line end stripped; a line longer than
 * {@code maxLength} fails the decoder ({@link io.netty.handler.codec.TooLongFrameException}) as soon as it is
 * seen. The encoder appends {@code lineEnding} ({@code lf} or {@code crlf}) to each payload.
 */
public final class LineCodec implements CodecKind<LineCodec.Settings> {

    /** The codec's name in configs. */
    public static final String NAME = "line";
    /** The longest line by default, in bytes, without its line end. */
    public static final int DEFAULT_MAX_LENGTH = 8 * 1024;
    /** The line end the encoder writes by default. */
    public static final String DEFAULT_LINE_ENDING = "lf";

    /**
     * The settings of {@code line}.
     *
     * @param maxLength  the longest line, without its line end, in bytes or with a unit ({@code 64KiB}); null for
     *                   {@value #DEFAULT_MAX_LENGTH}
     * @param lineEnding what the encoder appends: {@code lf} or {@code crlf}; null for {@code lf}
     */
    public record Settings(@JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer maxLength,
                           String lineEnding) {
    }

    /** The kind; {@link BuiltInCodecs#kinds()} holds one of each. */
    public LineCodec() {
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
        int maxLength = settings.maxLength() == null ? DEFAULT_MAX_LENGTH
                // one less than the largest int: the decoder looks one byte past maxLength for a split CRLF
                : Checks.inRange(settings.maxLength(), 1, Integer.MAX_VALUE - 1, "maxLength");
        String ending = settings.lineEnding() == null ? DEFAULT_LINE_ENDING : settings.lineEnding();
        byte[] suffix = switch (ending) {
            case "lf" -> new byte[] {'\n'};
            case "crlf" -> new byte[] {'\r', '\n'};
            default -> throw new ConfigException("lineEnding", Checks.quote(ending) + " (expected: lf or crlf)");
        };
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("maxLength", maxLength).put("lineEnding", ending);
        ChannelHandler encoder = new SuffixEncoder(suffix, false);
        return new SimpleFrameCodec(new CodecSpec(NAME, spec), maxLength, () -> new LineFrameDecoder(maxLength),
                () -> encoder);
    }
}
