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
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.nio.ByteOrder;

/**
 * {@code length-field}: a frame starts with a header that holds its length (Netty's
 * {@link LengthFieldBasedFrameDecoder}). The field is {@code length} bytes (1, 2, 3, 4 or 8) in {@code order}
 * ({@code big} or {@code little}), {@code offset} bytes into the header; the frame is {@code offset + length +
 * field + adjustment} bytes long, and the first {@code strip} of them are cut off (by default the whole header,
 * so that the payload alone comes out). A payload over {@code maxFrame} fails the decoder as soon as its length is
 * read ({@link io.netty.handler.codec.TooLongFrameException}); a field that makes a negative or too short frame
 * fails it too ({@link io.netty.handler.codec.CorruptedFrameException}). The encoder writes the matching header.
 */
public final class LengthFieldCodec implements CodecKind<LengthFieldCodec.Settings> {

    /** The codec's name in configs. */
    public static final String NAME = "length-field";
    /** The largest payload by default: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME = 1 << 20;
    /** The length field's size by default, in bytes. */
    public static final int DEFAULT_LENGTH = 4;

    /**
     * The settings of {@code length-field}; a null setting takes its default.
     *
     * @param length     the length field's size in bytes: 1, 2, 3, 4 or 8; default {@value #DEFAULT_LENGTH}
     * @param order      the field's byte order: {@code big} (network order, the default) or {@code little}
     * @param offset     where the field starts in the header, in bytes; default 0
     * @param adjustment what to add to the field's value to get the length of the rest of the frame, after the
     *                   field (negative when the field counts the header too); default 0
     * @param strip      how many bytes to cut off the front of each frame; default {@code offset + length}
     * @param maxFrame   the largest payload (what comes out once stripped), in bytes or with a unit; default 1MiB
     */
    public record Settings(Integer length, String order, Integer offset, Integer adjustment, Integer strip,
                           @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer maxFrame) {
    }

    /** The settings with their defaults filled in and checked, as the decoder and encoder use them. */
    record Layout(int length, ByteOrder order, int offset, int adjustment, int strip, int maxFrame) {

        /** The largest value the field can hold. */
        long maxField() {
            return length == 8 ? Long.MAX_VALUE : (1L << (8 * length)) - 1;
        }

        /** Writes {@code value} as the field at {@code buf}'s writer index. */
        void writeField(ByteBuf buf, long value) {
            boolean big = order == ByteOrder.BIG_ENDIAN;
            switch (length) {
                case 1 -> buf.writeByte((int) value);
                case 2 -> {
                    if (big) {
                        buf.writeShort((int) value);
                    } else {
                        buf.writeShortLE((int) value);
                    }
                }
                case 3 -> {
                    if (big) {
                        buf.writeMedium((int) value);
                    } else {
                        buf.writeMediumLE((int) value);
                    }
                }
                case 4 -> {
                    if (big) {
                        buf.writeInt((int) value);
                    } else {
                        buf.writeIntLE((int) value);
                    }
                }
                default -> {
                    if (big) {
                        buf.writeLong(value);
                    } else {
                        buf.writeLongLE(value);
                    }
                }
            }
        }

        /** The frame limit Netty's decoder takes: the whole frame, before stripping. */
        int decoderLimit() {
            return (int) Math.min(Integer.MAX_VALUE, (long) maxFrame + strip);
        }
    }

    /** The kind; {@link BuiltInCodecs#kinds()} holds one of each. */
    public LengthFieldCodec() {
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
        Layout layout = layout(settings);
        ObjectNode spec = JsonNodeFactory.instance.objectNode()
                .put("length", layout.length())
                .put("order", layout.order() == ByteOrder.BIG_ENDIAN ? "big" : "little")
                .put("offset", layout.offset())
                .put("adjustment", layout.adjustment())
                .put("strip", layout.strip())
                .put("maxFrame", layout.maxFrame());
        ChannelHandler encoder = new LengthFieldEncoder(layout);
        return new SimpleFrameCodec(new CodecSpec(NAME, spec), layout.maxFrame(),
                () -> new LengthFieldBasedFrameDecoder(layout.order(), layout.decoderLimit(), layout.offset(),
                        layout.length(), layout.adjustment(), layout.strip(), true),
                () -> encoder);
    }

    static Layout layout(Settings s) {
        int length = s.length() == null ? DEFAULT_LENGTH : s.length();
        if (length != 1 && length != 2 && length != 3 && length != 4 && length != 8) {
            throw new ConfigException("length", length + " (expected: 1, 2, 3, 4 or 8)");
        }
        String orderName = s.order() == null ? "big" : s.order();
        ByteOrder order = switch (orderName) {
            case "big" -> ByteOrder.BIG_ENDIAN;
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new ConfigException("order", Checks.quote(orderName) + " (expected: big or little)");
        };
        int offset = s.offset() == null ? 0 : Checks.inRange(s.offset(), 0, 65535, "offset");
        int adjustment = s.adjustment() == null ? 0
                : Checks.inRange(s.adjustment(), -65535, 65535, "adjustment");
        int strip = s.strip() == null ? offset + length : Checks.inRange(s.strip(), 0, 65535, "strip");
        int maxFrame = s.maxFrame() == null ? DEFAULT_MAX_FRAME
                : Checks.inRange(s.maxFrame(), 1, Integer.MAX_VALUE, "maxFrame");
        if ((long) maxFrame + strip < offset + length) {
            throw new ConfigException("maxFrame", maxFrame + " is smaller than the " + (offset + length - strip)
                    + " header bytes every frame keeps (expected: at least " + (offset + length - strip) + ")");
        }
        return new Layout(length, order, offset, adjustment, strip, maxFrame);
    }
}
