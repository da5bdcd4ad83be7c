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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code delimiter}: a frame ends with {@code delimiter}, a string in which {@code \n}, {@code \r}, {@code \t},
 * {@code \0}, {@code \\} and {@code \xHH} stand for those bytes (other characters are UTF-8). The delimiter is
 * stripped unless {@code strip} is false; a frame longer than {@code maxLength} fails the decoder as soon as it is
 * seen. The encoder appends the delimiter to each payload (when {@code strip} is false, not to a payload that
 * already ends with it).
 */
public final class DelimiterCodec implements CodecKind<DelimiterCodec.Settings> {

    /** The codec's name in configs. */
    public static final String NAME = "delimiter";
    /** The longest frame by default, in bytes, without its delimiter. */
    public static final int DEFAULT_MAX_LENGTH = 8 * 1024;
    /** The longest delimiter, in bytes. */
    public static final int MAX_DELIMITER = 64;

    /**
     * The settings of {@code delimiter}.
     *
     * @param delimiter the bytes that end a frame, with escapes; required
     * @param maxLength the longest frame without its delimiter, in bytes or with a unit; null for
     *                  {@value #DEFAULT_MAX_LENGTH}
     * @param strip     whether the delimiter is cut off the frames decoded; null for true
     */
    public record Settings(String delimiter,
                           @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer maxLength,
                           Boolean strip) {
    }

    /** The kind; {@link BuiltInCodecs#kinds()} holds one of each. */
    public DelimiterCodec() {
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
        if (settings.delimiter() == null) {
            throw new ConfigException("delimiter", "is missing (expected: the bytes that end a frame, such as"
                    + " '\\r\\n' or '\\0')");
        }
        byte[] delimiter = unescape(settings.delimiter());
        int maxLength = settings.maxLength() == null ? DEFAULT_MAX_LENGTH
                // the decoder looks past maxLength for a delimiter that has partly arrived
                : Checks.inRange(settings.maxLength(), 1, Integer.MAX_VALUE - MAX_DELIMITER, "maxLength");
        boolean strip = settings.strip() == null || settings.strip();
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("delimiter", settings.delimiter())
                .put("maxLength", maxLength).put("strip", strip);
        ChannelHandler encoder = new SuffixEncoder(delimiter, !strip);
        return new SimpleFrameCodec(new CodecSpec(NAME, spec), maxLength + (strip ? 0 : delimiter.length),
                () -> new DelimiterFrameDecoder(maxLength, strip, delimiter), () -> encoder);
    }

    /** The bytes {@code text} stands for, its escapes replaced; a {@link ConfigException} at {@code delimiter}. */
    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
                continue;
            }
            if (i + 1 == text.length()) {
                throw badEscape(text, "ends with a lone '\\'");
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw badEscape(text, "has '\\x' without two hex digits");
                    }
                    int hi = Character.digit(text.charAt(i + 1), 16);
                    int lo = Character.digit(text.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw badEscape(text, "has '\\x" + text.charAt(i + 1) + text.charAt(i + 2)
                                + "', not two hex digits");
                    }
                    out.write(hi << 4 | lo);
                    i += 2;
                }
                default -> throw badEscape(text, "has an unknown escape '\\" + e + "'");
            }
        }
        if (out.size() == 0 || out.size() > MAX_DELIMITER) {
            throw new ConfigException("delimiter", Checks.quote(text) + " is " + out.size() + " bytes (expected: 1-"
                    + MAX_DELIMITER + ")");
        }
        return out.toByteArray();
    }

    private static ConfigException badEscape(String text, String problem) {
        return new ConfigException("delimiter", Checks.quote(text) + " " + problem
                + " (expected escapes: \\n, \\r, \\t, \\0, \\\\, \\xHH)");
    }
}
